/**
 * Runs both loopback emulators until SIGTERM or SIGINT, for CI's self-test and local tries:
 *
 *   node --import tsx __tests__/emulators/cli.ts
 *
 * GitHub is seeded with the sample repository (octo-org/widgets); the model answers with the
 * scripted stand-in. Prints one JSON line once both listen:
 * `{"githubUrl": "...", "modelUrl": "...", "repository": "octo-org/widgets"}`.
 */
import { sampleRepo, startGitHubEmulator } from './github/index.js'
import { startModelEmulator } from './openai/server.js'

const seed = sampleRepo()
const [github, model] = await Promise.all([startGitHubEmulator(seed), startModelEmulator()])
process.stdout.write(
  `${JSON.stringify({ githubUrl: github.url, modelUrl: model.url, repository: `${seed.owner}/${seed.repo}` })}\n`
)

const stop = (): void => {
  Promise.all([github.close(), model.close()]).then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
