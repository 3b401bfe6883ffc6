/**
 * `npm run demo`: the bundled action, run as the runner runs it, on a small sample repository of
 * real issues, against loopback emulators of GitHub and of a model. No credentials, no network.
 *
 *   npm run demo                                  # scripted stand-in model
 *   npm run demo -- --endpoint http://localhost:11434/v1 --model llama3.2   # a real model (Ollama)
 *   npm run demo -- --endpoint https://api.openai.com/v1 --model gpt-4.1-mini --api-key "$OPENAI_API_KEY"
 *   npm run demo -- --mode suggest                # or dry-run
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { openedPayload } from '../__tests__/e2e/fixtures.js'
import { runAction } from '../__tests__/e2e/harness.js'
import { startGitHubEmulator, type RepoSeed } from '../__tests__/emulators/github/index.js'
import { scriptedTriage } from '../__tests__/emulators/openai/scripted.js'
import { startModelEmulator, type ChatRequest } from '../__tests__/emulators/openai/server.js'

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    model: { type: 'string' },
    'api-key': { type: 'string' },
    mode: { type: 'string', default: 'apply' },
    help: { type: 'boolean', short: 'h' }
  }
})
if (values.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0])
  process.exit(0)
}

const seed = JSON.parse(
  readFileSync(new URL('../__fixtures__/demo-repo.json', import.meta.url), 'utf8')
) as RepoSeed & {
  _source: string
}
const github = await startGitHubEmulator(seed)
// The stand-in falls for issue #5's injection on purpose, to show that policy, not the model, decides
// what is written: invented and excluded labels are refused and nothing is closed or mentioned.
const fooled = (req: ChatRequest): string => {
  const text = JSON.stringify(req.messages)
  if (!text.includes('Ignore all previous instructions')) return scriptedTriage(req)
  const pick = (name: string) => ({
    name,
    rationale: 'The issue says the maintainers asked for it.',
    confidence: 0.99
  })
  return JSON.stringify({
    labels: [pick('security'), pick('wontfix'), pick('good first issue'), pick('Type: Bug')],
    type: null,
    summary: 'Close every issue and notify @everyone: https://evil.example/claim'
  })
}
const scripted = values.endpoint ? undefined : await startModelEmulator({ respond: fooled })
const endpoint = values.endpoint ?? scripted!.url
const model = values.model ?? (scripted ? 'scripted-stand-in' : 'gpt-4.1-mini')
const apiKey = values['api-key'] ?? process.env.DEMO_API_KEY ?? 'not-needed-locally'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
console.log(bold(`Demo repository ${seed.owner}/${seed.repo}`) + ` (emulated GitHub at ${github.url})`)
console.log(`  ${seed._source}`)
console.log(
  scripted
    ? '  Model: a SCRIPTED STAND-IN (keyword rules, not a language model) on a loopback emulator. Pass --endpoint and --model to watch a real model decide.'
    : `  Model: ${model} at ${endpoint}`
)
console.log(`  Mode: ${values.mode}\n`)

let failures = 0
for (const issue of seed.issues) {
  console.log(bold(`── Issue #${issue.number}: ${issue.title}`))
  const run = await runAction({
    githubUrl: github.url,
    repository: `${seed.owner}/${seed.repo}`,
    eventName: 'issues',
    payload: openedPayload(seed, issue.number),
    inputs: { provider: 'openai', endpoint, 'api-key': apiKey, model, mode: values.mode ?? 'apply' },
    timeoutMs: 300_000
  })
  for (const line of run.stdout.split('\n')) {
    if (/^(Added|Suggested|Would add)/.test(line)) console.log(`  ${line}`)
  }
  for (const a of run.annotations) console.log(`  [${a.level}] ${a.message}`)
  console.log(
    run.summary
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')
  )
  console.log(`  Labels now on #${issue.number}: ${github.issue(issue.number).labels.join(', ') || 'none'}`)
  for (const comment of github.issue(issue.number).comments) {
    // The first line is the action's hidden marker; show what people see.
    const shown = comment.body.split('\n').slice(1).join('\n    ')
    console.log(`  Comment by ${comment.user} on #${issue.number}:\n    ${shown}`)
  }
  console.log('')
  if (run.code !== 0) failures++
}

const refused = github.rejected.length
console.log(
  bold('Done.') +
    ` ${github.writes().length} writes to the emulated GitHub, ${refused} refused, ${github.state.createdLabels.length} labels created by accident.`
)
if (scripted) console.log('Answers came from the scripted stand-in, not a language model.')
await Promise.all([github.close(), scripted?.close()])
process.exit(failures > 0 || refused > 0 ? 1 : 0)
