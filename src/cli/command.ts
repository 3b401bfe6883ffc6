import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { InputError } from '../errors.js'
import { INPUT_NAMES } from '../inputs/names.js'
import { run } from '../main.js'
import type { TriageResult } from '../result.js'
import { renderText } from '../report/text.js'
import { readableOutput } from './terminal.js'

export const USAGE = `Triage one issue from your terminal: the action's own run, on the issue you name.

  issue-triage --repo owner/name --issue 123 [--apply | --suggest] [options]
  issue-triage eval --dataset FILE [options]     score triage on labelled issues offline (eval --help)

Dry-run by default: nothing is written unless --apply (labels, type, comment) or --suggest (native
suggestions) is given. Like the action, it reads the repository's .github/triage.yml and prompt file.
The GitHub token comes from GITHUB_TOKEN, else from \`gh auth token\`; the model key from --api-key,
LLM_API_KEY or OPENAI_API_KEY. With no endpoint and no key it uses copilot with the GitHub token.

Options:
  --repo OWNER/NAME    the repository (required)
  --issue N            the issue to triage (required)
  --apply | --suggest  write, instead of the dry-run
  --api-url URL        GitHub API base (default GITHUB_API_URL, else https://api.github.com)
  --json               print the result output as JSON instead of text
  --verbose            also print debug lines
  -h, --help           this text
  --<input> VALUE      any action input, same name and rules: ${INPUT_NAMES.filter((n) => n !== 'token' && n !== 'issue-number' && n !== 'mode').join(', ')}
`

const OWN = ['token', 'issue-number', 'mode'] as const

function githubToken(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_TOKEN) return env.GITHUB_TOKEN
  try {
    return execFileSync('gh', ['auth', 'token'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    throw new InputError('No GitHub token: set GITHUB_TOKEN, or log in with `gh auth login`.')
  }
}

/** The `result` output from a GITHUB_OUTPUT file (`name<<delimiter` blocks, as @actions/core writes). */
export function outputOf(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (!head) continue
    const end = lines.indexOf(head[2]!, i + 1)
    if (head[1] === name) return lines.slice(i + 1, end).join('\n')
    i = end
  }
  return undefined
}

/**
 * The terminal command: turns its options into the inputs and environment the runner would give
 * (a `workflow_dispatch` on the issue), runs the action's own `run()`, and prints the result as text
 * (or JSON). Returns the exit code: 0, 1 when the run failed or the issue was not triaged, 2 for usage.
 */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv[0] === 'eval') {
    // Loaded only for `eval`: its CSV parser and progress bar are no part of triaging an issue.
    const { evalCommand } = await import('./eval.js')
    return evalCommand(argv.slice(1), env)
  }
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        repo: { type: 'string' },
        issue: { type: 'string' },
        apply: { type: 'boolean' },
        suggest: { type: 'boolean' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        'api-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(
          INPUT_NAMES.filter((n) => !(OWN as readonly string[]).includes(n)).map((n) => [
            n,
            { type: 'string' as const }
          ])
        )
      }
    }).values
  } catch (error) {
    // Node's message goes on to explain positional arguments: its first sentence says what is wrong.
    const first = (error as Error).message.split('. ')[0]
    process.stderr.write(`error: ${first}.\nRun issue-triage --help for the options.\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (!values.repo || !values.issue) {
    process.stderr.write(
      'error: --repo and --issue are required.\nRun issue-triage --help for the options.\n'
    )
    return 2
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(String(values.repo)))
    throw new InputError(`--repo must be owner/name (got "${values.repo}").`)
  if (values.apply && values.suggest) throw new InputError('Choose one of --apply and --suggest.')

  const dir = mkdtempSync(join(tmpdir(), 'issue-triage-'))
  const outputs = join(dir, 'outputs')
  const summary = join(dir, 'summary.md')
  writeFileSync(outputs, '')
  writeFileSync(summary, '')
  const inputs: Record<string, string> = {
    token: githubToken(env),
    'api-key': String(values['api-key'] ?? env.LLM_API_KEY ?? env.OPENAI_API_KEY ?? ''),
    mode: values.apply ? 'apply' : values.suggest ? 'suggest' : 'dry-run',
    'issue-number': String(values.issue)
  }
  for (const name of INPUT_NAMES) {
    const given = values[name]
    if (typeof given === 'string' && name !== 'api-key') inputs[name] = given
  }
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key]
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const cache = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'issue-triage')
  Object.assign(env, {
    GITHUB_REPOSITORY: String(values.repo),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_OUTPUT: outputs,
    // The job summary's Markdown is for GitHub's page; the terminal gets the result as text instead.
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_API_URL: String(values['api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com'),
    RUNNER_TOOL_CACHE: env.RUNNER_TOOL_CACHE || join(cache, 'tools'),
    RUNNER_TEMP: env.RUNNER_TEMP || join(cache, 'tmp')
  })
  delete env.GITHUB_EVENT_PATH

  const restore = readableOutput(values.verbose === true)
  try {
    await run()
  } finally {
    restore()
  }
  const text = outputOf(readFileSync(outputs, 'utf8'), 'result')
  rmSync(dir, { recursive: true, force: true })
  const parsed = text ? (JSON.parse(text) as Partial<TriageResult>) : undefined
  const result = parsed?.issue === undefined ? undefined : (parsed as TriageResult)
  if (values.json) process.stdout.write(`${JSON.stringify(parsed ?? {}, null, 2)}\n`)
  else if (result) {
    process.stdout.write(renderText(result))
    if (result.mode === 'dry-run' && result.status === 'triaged')
      process.stdout.write('Dry-run: nothing was written; pass --apply or --suggest to write.\n')
  }
  const failed = process.exitCode === 1 || result?.status === 'failed'
  return failed ? 1 : 0
}
