import { execFileSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { createOctokit } from './github/octokit.js'
import { InputError, readOptions } from './inputs/options.js'
import { triageTarget } from './pipeline.js'
import { createProvider } from './providers/index.js'
import { labelsOutput, renderSummary } from './report/summary.js'

const USAGE = `Triage one issue from your terminal with the same code the action runs.

  issue-triage --repo owner/name --issue 123 [--apply | --suggest] [provider options]

Dry-run by default: nothing is written unless --apply (labels and type) or --suggest (native
suggestions) is given. The GitHub token comes from GITHUB_TOKEN, else from \`gh auth token\`;
the model key from --api-key or LLM_API_KEY / OPENAI_API_KEY.

Options (the action's inputs, same names and rules):
  --provider auto|copilot|openai   --endpoint URL   --api-key KEY   --model NAME
  --labels GLOBS   --exclude-labels GLOBS   --max-labels N   --min-confidence 0..1
  --instructions TEXT|PATH   --max-input-tokens N
  --api-url URL        GitHub API base (default https://api.github.com, or GITHUB_API_URL)
  --json               print the result as JSON instead of the summary
`

const INPUT_OPTIONS = [
  'provider',
  'endpoint',
  'api-key',
  'model',
  'labels',
  'exclude-labels',
  'max-labels',
  'min-confidence',
  'instructions',
  'max-input-tokens'
] as const

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

/** Runs the terminal command; returns the process exit code. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repo: { type: 'string' },
      issue: { type: 'string' },
      apply: { type: 'boolean' },
      suggest: { type: 'boolean' },
      json: { type: 'boolean' },
      'api-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(INPUT_OPTIONS.map((name) => [name, { type: 'string' as const }]))
    }
  })
  if (values.help || !values.repo || !values.issue) {
    process.stdout.write(USAGE)
    return values.help ? 0 : 2
  }
  const [owner, repo] = String(values.repo).split('/')
  if (!owner || !repo) throw new InputError(`--repo must be owner/name (got "${values.repo}").`)
  if (values.apply && values.suggest) throw new InputError('Choose one of --apply and --suggest.')

  const given = values as Record<string, string | boolean | undefined>
  const inputs: Record<string, string> = {
    token: githubToken(env),
    provider: String(given.provider ?? ''),
    'api-key': String(given['api-key'] ?? env.LLM_API_KEY ?? env.OPENAI_API_KEY ?? ''),
    mode: values.apply ? 'apply' : values.suggest ? 'suggest' : 'dry-run',
    'issue-number': String(values.issue)
  }
  for (const name of INPUT_OPTIONS) {
    if (name !== 'api-key' && name !== 'provider' && typeof given[name] === 'string')
      inputs[name] = given[name]
  }
  const options = readOptions((name) => inputs[name] ?? '')
  const octokit = createOctokit(
    options.token,
    String(values['api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com')
  )
  const provider = await createProvider(options, {
    onWait: (seconds, why) => process.stderr.write(`${why}; waiting ${seconds} s\n`)
  })
  provider.prepare?.()
  let result: Awaited<ReturnType<typeof triageTarget>>
  try {
    result = await triageTarget(
      octokit,
      provider,
      options,
      { owner, repo },
      { kind: 'number', number: options.issueNumber! }
    )
  } finally {
    await provider.close?.()
  }

  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  else {
    process.stdout.write(renderSummary([result]))
    const shown = labelsOutput(result)
    const verb =
      options.mode === 'apply'
        ? 'Added'
        : options.mode === 'suggest'
          ? 'Suggested'
          : 'Would add (dry-run; pass --apply to write)'
    process.stdout.write(`\n${verb}: ${shown.length > 0 ? shown.join(', ') : 'no labels'}\n`)
    for (const warning of result.acted?.warnings ?? []) process.stderr.write(`warning: ${warning}\n`)
  }
  if (result.status === 'failed') {
    process.stderr.write(`error: ${result.error?.message ?? 'not triaged'}\n`)
    return 1
  }
  return 0
}
