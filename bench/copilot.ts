/**
 * `npm run bench:copilot`: the copilot provider against the model emulator, through the real pinned
 * Copilot runtime in its bring-your-own-key mode (no GitHub, no network). Prints runtime resolution
 * time, what the runtime adds to our request (tokens, as the emulator counts them, against the same
 * request through the openai provider) and time per call. `--install` also times installing the
 * pinned runtime from npm into a temporary directory (needs the npm registry; ~200 MB).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { budgetPrompt } from '../src/decide/budget.js'
import { createCopilotProvider, resolveWithServer } from '../src/providers/copilot/index.js'
import { NPM_FETCH_ARGS, PINNED_RUNTIME_VERSION } from '../src/providers/copilot/resolve-runtime.js'
import { OpenAIProvider } from '../src/providers/openai.js'
import { openedPayload } from '../__tests__/e2e/fixtures.js'
import { runAction } from '../__tests__/e2e/harness.js'
import { sampleRepo, startGitHubEmulator } from '../__tests__/emulators/github/index.js'
import { startModelEmulator } from '../__tests__/emulators/openai/server.js'
import { TYPICAL_BODY, TYPICAL_TITLE } from './bodies.js'
import { snapshotIssue } from '../src/gather/issue.js'

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5
// The native runtime the npm package wraps: starting it directly skips a Node process per call.
const cli = fileURLToPath(new URL('../node_modules/@github/copilot-linux-x64/copilot', import.meta.url))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const labels = [
  'bug',
  'enhancement',
  'documentation',
  'question',
  'area: cli',
  'area: export',
  'kind/crash',
  'performance'
]
const prompt = await budgetPrompt(
  {
    repo: { owner: 'octo-org', repo: 'widgets' },
    issue: snapshotIssue({
      number: 1,
      id: 1,
      title: TYPICAL_TITLE,
      body: TYPICAL_BODY,
      user: { login: 'a', type: 'User' }
    }),
    labels: labels.map((name) => ({ name, description: '' })),
    issueTypes: [],
    instructions: '',
    maxLabels: 3
  },
  8000
)

const model = await startModelEmulator()
const openai = new OpenAIProvider({ name: 'openai', endpoint: model.url, apiKey: 'k', model: 'test-model' })
const viaOpenai = await openai.complete(prompt)

const env = { ...process.env, COPILOT_CLI_PATH: cli }
// What a call starts: the runtime's standalone server when it is found (unpacked once), else the command.
const exec = (command: string, args: string[], options?: object) =>
  import('@actions/exec').then((m) => m.exec(command, args, options))
const resolved = await resolveWithServer({
  env,
  exists: existsSync,
  exec,
  tempDir: tmpdir(),
  toolCache: { find: () => '', findAllVersions: () => [], cacheDir: async () => '' }
})
const resolution = `${resolved.ms} ms; starts ${resolved.server ?? `${resolved.path} (no standalone server found)`}`
const copilotTimes: number[] = []
let copilotTokens = 0
for (let i = 0; i < runs; i++) {
  const provider = createCopilotProvider({
    model: 'test-model',
    token: '',
    env,
    byok: { type: 'openai', baseUrl: model.url, apiKey: 'k', offline: true }
  })
  const started = performance.now()
  const reply = await provider.complete(prompt)
  copilotTimes.push(performance.now() - started)
  copilotTokens = reply.promptTokens
}

// The whole action, spawned as the runner does, on each provider (the runtime started ahead overlaps
// the GitHub reads). Interleaved so machine noise falls on both alike.
const actionTimes: Record<'openai' | 'copilot', number[]> = { openai: [], copilot: [] }
for (let i = 0; i < runs; i++) {
  for (const name of ['openai', 'copilot'] as const) {
    const seed = sampleRepo()
    const github = await startGitHubEmulator(seed)
    const started = performance.now()
    const run = await runAction({
      githubUrl: github.url,
      repository: `${seed.owner}/${seed.repo}`,
      eventName: 'issues',
      payload: openedPayload(seed, 1),
      inputs:
        name === 'openai'
          ? { endpoint: model.url, 'api-key': 'k', model: 'test-model' }
          : { model: 'test-model' },
      env:
        name === 'copilot'
          ? {
              COPILOT_CLI_PATH: cli,
              COPILOT_PROVIDER_BASE_URL: model.url,
              COPILOT_PROVIDER_API_KEY: 'k',
              COPILOT_OFFLINE: 'true',
              HOME: process.env.HOME ?? ''
            }
          : {},
      timeoutMs: 120_000
    })
    actionTimes[name].push(performance.now() - started)
    await github.close()
    if (run.code !== 0 || github.issue(1).labels.length === 0)
      throw new Error(`${name} action run failed:\n${run.stdout}`)
  }
}
await model.close()

console.log(
  `copilot provider, pinned runtime ${PINNED_RUNTIME_VERSION} (BYOK against the loopback emulator), ${runs} calls`
)
console.log(`  runtime resolution (cached): ${resolution}`)
console.log(
  `  request tokens: openai path ${viaOpenai.promptTokens}, copilot path ${copilotTokens} (+${copilotTokens - viaOpenai.promptTokens}; target ≤ +500)`
)
console.log(
  `  time per call: median ${median(copilotTimes).toFixed(0)} ms (min ${Math.min(...copilotTimes).toFixed(0)}, max ${Math.max(...copilotTimes).toFixed(0)}); openai path ${viaOpenai.latencyMs} ms`
)
console.log(`  extra per call over openai: ${(median(copilotTimes) - viaOpenai.latencyMs).toFixed(0)} ms`)
const extra = median(actionTimes.copilot) - median(actionTimes.openai)
console.log(
  `  whole action run (median of ${runs}): openai ${median(actionTimes.openai).toFixed(0)} ms, copilot ${median(actionTimes.copilot).toFixed(0)} ms: +${extra.toFixed(0)} ms ${extra <= 1000 ? '✓' : '✗'} (target ≤ +1,000 ms with the runtime cached)`
)

if (process.argv.includes('--install')) {
  const dir = mkdtempSync(join(tmpdir(), 'copilot-install-'))
  const started = performance.now()
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-audit',
      '--no-fund',
      ...NPM_FETCH_ARGS,
      `@github/copilot@${PINNED_RUNTIME_VERSION}`
    ],
    { stdio: 'ignore' }
  )
  console.log(`  runtime install from npm: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  rmSync(dir, { recursive: true, force: true })
}
