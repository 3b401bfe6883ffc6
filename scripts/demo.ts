/**
 * `npm run demo`: the bundled action, run as the runner runs it, on a small sample repository of
 * real issues, against loopback emulators of GitHub and of a model. No credentials, no network.
 * `npm run demo -- --help` prints the options and examples (USAGE below).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { TriageResult } from '../src/result.js'
import { openedPayload } from '../__tests__/e2e/fixtures.js'
import { runAction, type ActionRun } from '../__tests__/e2e/harness.js'
import { startGitHubEmulator, type RepoSeed } from '../__tests__/emulators/github/index.js'
import { scriptedTriage } from '../__tests__/emulators/openai/scripted.js'
import { startModelEmulator, type ChatRequest } from '../__tests__/emulators/openai/server.js'

const USAGE = `Usage: npm run demo -- [options]

Runs the bundled action (dist/index.js) on Node 24, the way the GitHub runner does, once for each
issue of a sample repository (__fixtures__/demo-repo.json: real facebook/react issues and one
prompt-injection attempt), against loopback emulators of GitHub and of a model, and prints what it
did and each job summary. No credentials and no network are needed.

Without --endpoint the model is a scripted stand-in (keyword rules, not a language model). On the
hostile issue it obeys the injection on purpose, to show that the repository's policy, not the
model, decides what is written.

Options:
  --endpoint <url>    an OpenAI-compatible endpoint to ask instead of the stand-in: the base URL
                      before /chat/completions, such as http://localhost:11434/v1
  --model <name>      the model to ask at --endpoint (default: gpt-4.1-mini)
  --api-key <key>     the endpoint's key (default: $DEMO_API_KEY, else a placeholder that local
                      servers such as Ollama accept)
  --mode <mode>       apply (default) writes labels and issue types to the emulated GitHub;
                      suggest offers them for a maintainer to approve; dry-run writes nothing
  --provider history  no model at all: a classifier trained on 30 more real react issues a
                      maintainer labelled (__fixtures__/demo-history.json), kept between runs
                      in a temporary cache directory
  -h, --help          show this help

Examples:
  npm run demo                                  # scripted stand-in model
  npm run demo -- --endpoint http://localhost:11434/v1 --model llama3.2   # a real model (Ollama)
  npm run demo -- --endpoint https://api.openai.com/v1 --model gpt-4.1-mini --api-key "$OPENAI_API_KEY"
  npm run demo -- --mode suggest                # or dry-run
  npm run demo -- --mode backtest               # replay 30 real issues people labelled; writes nothing
  npm run demo -- --provider history            # labels with no model, learned from the history
  npm run demo -- --provider history --mode backtest   # the classifier scored on 12 it never saw

Exit status: 0 when every issue was triaged and the emulated GitHub refused no write, 1 when not,
2 for a bad option.`

const MODES = ['apply', 'suggest', 'dry-run', 'backtest']

/** Exits 2 with one line saying what is wrong and one saying where the options are. */
function usageError(problem: string): never {
  console.error(`error: ${problem}`)
  console.error('Run npm run demo -- --help for the options.')
  process.exit(2)
}

function options() {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        endpoint: { type: 'string' },
        model: { type: 'string' },
        'api-key': { type: 'string' },
        mode: { type: 'string', default: 'apply' },
        provider: { type: 'string', default: 'openai' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (error) {
    // Node's words ("Unknown option '--frobnicate'", "Option '--model <value>' argument missing"), as one sentence.
    const message = error instanceof Error ? error.message : String(error)
    const unknown = /^Unknown option '[^']*'/.exec(message)
    return usageError((unknown?.[0] ?? message).replace(/\.?$/, '.'))
  }
  const { values } = parsed
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  if (!MODES.includes(values.mode)) {
    usageError(`--mode must be apply, suggest, dry-run or backtest, not '${values.mode}'.`)
  }
  if (values.provider !== 'openai' && values.provider !== 'history')
    usageError(`--provider must be openai or history, not '${values.provider}'.`)
  if (values.provider === 'history' && values.endpoint !== undefined)
    usageError('--provider history calls no model: leave out --endpoint.')
  if (values.endpoint !== undefined && !/^https?:$/.test(URL.parse(values.endpoint)?.protocol ?? '')) {
    usageError(
      `--endpoint must be an http:// or https:// URL, such as http://localhost:11434/v1, not '${values.endpoint}'.`
    )
  }
  return values
}

/**
 * Why the model endpoint could not be reached, when that is why this run failed: the reason in
 * "Could not reach the openai endpoint <host>: <reason>. Check "endpoint"." (src/providers/classify.ts).
 */
function unreachableReason(result: TriageResult | undefined): string | undefined {
  const error = result?.status === 'failed' ? result.error : undefined
  if (error?.kind !== 'unavailable' || !error.message.startsWith('Could not reach the ')) return undefined
  return (
    /^Could not reach the \S+ endpoint \S+: (.*)\. Check "endpoint"\.$/.exec(error.message)?.[1] ??
    error.message
  )
}

function resultOf(run: ActionRun): TriageResult | undefined {
  try {
    return JSON.parse(run.outputs.result ?? '') as TriageResult
  } catch {
    return undefined
  }
}

const values = options()

const seed = JSON.parse(
  readFileSync(new URL('../__fixtures__/demo-repo.json', import.meta.url), 'utf8')
) as RepoSeed & {
  _source: string
}
// The history people already triaged: 30 more real facebook/react issues with a maintainer's labels.
const history = JSON.parse(
  readFileSync(new URL('../__fixtures__/demo-history.json', import.meta.url), 'utf8')
) as { _source: string; issues: RepoSeed['issues']; events: NonNullable<RepoSeed['events']> }
const withHistory = (): RepoSeed => ({
  ...seed,
  issues: [...seed.issues, ...history.issues],
  events: { ...seed.events, ...history.events }
})
const byHistory = values.provider === 'history'
const github = await startGitHubEmulator(byHistory ? withHistory() : seed)
// provider history keeps its classifier here between the demo's runs, as the Actions cache would.
const cacheDir = byHistory ? mkdtempSync(join(tmpdir(), 'demo-history-cache-')) : undefined
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
const scripted = values.endpoint || byHistory ? undefined : await startModelEmulator({ respond: fooled })
const endpoint = values.endpoint ?? scripted?.url ?? ''
const model = values.model ?? (scripted ? 'scripted-stand-in' : 'gpt-4.1-mini')
const apiKey = values['api-key'] ?? process.env.DEMO_API_KEY ?? 'not-needed-locally'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
console.log(bold(`Demo repository ${seed.owner}/${seed.repo}`) + ` (emulated GitHub at ${github.url})`)
console.log(`  ${seed._source}`)
console.log(
  byHistory
    ? '  Model: none. provider history: a classifier trained on the issues a maintainer labelled.'
    : scripted
      ? '  Model: a SCRIPTED STAND-IN (keyword rules, not a language model) on a loopback emulator. Pass --endpoint and --model to watch a real model decide.'
      : `  Model: ${model} at ${endpoint}`
)
console.log(`  Mode: ${values.mode}\n`)

if (values.mode === 'backtest') {
  const past = await startGitHubEmulator(withHistory())
  console.log(`  History: ${history._source}\n`)
  const run = await runAction({
    githubUrl: past.url,
    repository: `${seed.owner}/${seed.repo}`,
    eventName: 'workflow_dispatch',
    payload: { inputs: {} },
    // The fixture's ten bugs are its newest issues: replaying the newest ten would leave the classifier
    // no bug to learn from. It replays twelve from before May 2023 (three bugs, three feature requests,
    // six questions) and learns from the eighteen others.
    inputs: byHistory
      ? { provider: 'history', mode: 'backtest', 'backtest-limit': '12', query: 'created:<2023-05-05' }
      : { provider: 'openai', endpoint, 'api-key': apiKey, model, mode: 'backtest' },
    ...(cacheDir ? { env: { XDG_CACHE_HOME: cacheDir } } : {}),
    timeoutMs: 600_000
  })
  for (const a of run.annotations) console.log(`  [${a.level}] ${a.message}`)
  console.log(run.summary)
  const writes = past.writes().length
  console.log(bold('Done.') + ` ${writes} writes to the emulated GitHub (a backtest writes none).`)
  if (scripted)
    console.log('Answers came from the scripted stand-in, not a language model: the scores are its.')
  await Promise.all([past.close(), github.close(), scripted?.close()])
  process.exit(run.code === 0 && writes === 0 ? 0 : 1)
}

const notTriaged: string[] = []
let triaged = 0
let stopped: { issue: number; reason: string; rest: number } | undefined
for (const [i, issue] of seed.issues.entries()) {
  console.log(bold(`── Issue #${issue.number}: ${issue.title}`))
  const run = await runAction({
    githubUrl: github.url,
    repository: `${seed.owner}/${seed.repo}`,
    eventName: 'issues',
    payload: openedPayload(seed, issue.number),
    inputs: byHistory
      ? { provider: 'history', mode: values.mode }
      : { provider: 'openai', endpoint, 'api-key': apiKey, model, mode: values.mode },
    ...(cacheDir ? { env: { XDG_CACHE_HOME: cacheDir } } : {}),
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
  const result = resultOf(run)
  if (run.code === 0 && result?.status === 'triaged') triaged++
  else
    notTriaged.push(
      `#${issue.number} (${run.code === 0 ? (result?.status ?? 'no result') : 'the action failed'})`
    )
  // The other issues would wait on the same endpoint, with the provider's retries, to fail the same way.
  const reason = unreachableReason(result)
  if (reason !== undefined) {
    stopped = { issue: issue.number, reason, rest: seed.issues.length - i - 1 }
    break
  }
}

const refused = github.rejected.length
console.log(
  bold('Done.') +
    ` ${github.writes().length} writes to the emulated GitHub, ${refused} refused, ${github.state.createdLabels.length} labels created by accident.`
)
if (scripted) console.log('Answers came from the scripted stand-in, not a language model.')
const total = seed.issues.length
const tally = `Triaged ${triaged} of ${total} issue${total === 1 ? '' : 's'}`
if (stopped) {
  console.error(
    `${tally}: the model endpoint ${endpoint} could not be reached (${stopped.reason})` +
      (stopped.rest > 0 ? `, so the demo stopped after issue #${stopped.issue}` : '') +
      '. Check --endpoint.'
  )
} else if (triaged < total) {
  console.error(`${tally}; not triaged: ${notTriaged.join(', ')}. See the warnings and errors above.`)
} else {
  console.log(`${tally}.`)
}
await Promise.all([github.close(), scripted?.close()])
process.exit(triaged < total || refused > 0 ? 1 : 0)
