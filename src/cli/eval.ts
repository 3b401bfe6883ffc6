import cliProgress from 'cli-progress'
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { issuesPerMonth } from '../backtest/cost.js'
import { appendResult, readDataset, readResults, type DatasetIssue } from '../backtest/dataset.js'
import { decisionCase } from '../backtest/case.js'
import { scoreBacktest, type BacktestCase, type BacktestReport } from '../backtest/metrics.js'
import type { RunContext } from '../context.js'
import { InputError } from '../errors.js'
import { snapshotIssue } from '../gather/issue.js'
import { readOptions, type Options } from '../inputs/options.js'
import { createProvider, type ModelProvider } from '../providers/index.js'
import { decideIssue } from '../decide/decide-issue.js'
import { classifierFor, trainPerRepo } from './eval-history.js'

export const EVAL_USAGE = `Score triage on a dataset of labelled issues, offline: no GitHub, no writes.

  issue-triage eval --dataset FILE [--report FILE] [--results FILE] [options]
  issue-triage eval --provider history --train FILE --dataset FILE [...]

FILE is CSV (the NLBSE'24 columns repo,created_at,label,title,body) or JSONL (number, title, body,
labels, created_at), optionally gzipped. Each issue goes to the model as a new issue would, with the
dataset's labels (per repo, when there is a repo column) as the labels it may choose. Results are
appended to --results as they come (default FILE.results.jsonl), so an interrupted run resumes where
it stopped. Prints micro and macro precision, recall and F1, per label and per repo.

Options:
  --dataset FILE       the labelled issues (required)
  --report FILE        write the whole report as JSON (the shape of the action's backtest report)
  --results FILE       where each issue's decision is appended (default: FILE.results.jsonl)
  --limit N            score at most N issues of the dataset
  --concurrency N      issues in flight (default 4; the model's limit paces them anyway)
  --provider, --endpoint, --api-key, --model, --min-confidence, --max-labels, --model-rpm
                       as the action's inputs (the key also from LLM_API_KEY or OPENAI_API_KEY)
  --train FILE         with --provider history: the labelled issues the classifier learns from, in
                       the same formats; one classifier per repo when the file has a repo column
`

/** One scored issue, as appended to the results file. */
interface EvalResult {
  id: string
  repo?: string
  createdAt?: string
  case: BacktestCase
  failed?: string
}

// The model decides as for a new issue: no label history, no comments, no duplicate candidates.
const NOTHING_GATHERED = { history: { removedByPeople: [], addedByPeople: [] }, bot: undefined }

function labelsOf(issues: DatasetIssue[]): Map<string, string[]> {
  const byRepo = new Map<string, Set<string>>()
  for (const i of issues) {
    const set = byRepo.get(i.repo ?? '') ?? new Set<string>()
    for (const l of i.labels) set.add(l)
    byRepo.set(i.repo ?? '', set)
  }
  return new Map([...byRepo].map(([repo, set]) => [repo, [...set].sort()]))
}

async function decideOne(
  ctx: RunContext,
  issue: DatasetIssue,
  labels: string[],
  n: number
): Promise<EvalResult> {
  const repoName = issue.repo ?? 'dataset/issues'
  const [owner = 'dataset', name = 'issues'] = repoName.split('/')
  const snapshot = snapshotIssue({
    number: issue.number ?? n,
    id: n,
    title: issue.title,
    body: issue.body,
    created_at: issue.createdAt ?? ''
  })
  const repo = {
    ref: { owner, repo: name },
    labels: labels.map((l) => ({ name: l, description: '' })),
    issueTypes: []
  }
  const base = {
    id: issue.id,
    ...(issue.repo ? { repo: issue.repo } : {}),
    ...(issue.createdAt ? { createdAt: issue.createdAt } : {})
  }
  const outcome = await decideIssue(ctx, repo, snapshot, NOTHING_GATHERED, undefined)
  const empty: BacktestCase = { issue: issue.id, expected: issue.labels, predicted: [] }
  if (outcome.status === 'failed') return { ...base, case: empty, failed: outcome.error.message }
  return { ...base, case: decisionCase(empty, outcome.decision, outcome.usage) }
}

const f3 = (x: number | null) => (x === null ? '  —  ' : x.toFixed(3))

function printReport(
  report: BacktestReport,
  byRepo: Record<string, BacktestReport>,
  out: NodeJS.WritableStream
) {
  const line = (name: string, a: { precision: number | null; recall: number | null; f1: number | null }) =>
    out.write(`${name.padEnd(32)}${f3(a.precision).padEnd(11)}${f3(a.recall).padEnd(10)}${f3(a.f1)}\n`)
  out.write(`\n${report.cases} issues scored at min-confidence ${report.minConfidence}\n\n`)
  out.write(`${''.padEnd(32)}precision  recall    F1\n`)
  line('micro', report.micro)
  line('macro', report.macroSupported)
  for (const l of [...report.labels].filter((x) => x.support > 0).sort((a, b) => b.support - a.support))
    line(`  ${l.label} (${l.support})`, l)
  const repos = Object.entries(byRepo)
  if (repos.length > 1) {
    out.write('\nper repo (macro over its labels)\n')
    for (const [repo, r] of repos) line(`  ${repo} (${r.cases})`, r.macroSupported)
  }
}

/**
 * `issue-triage eval`: every issue of a dataset through the decide stage with the chosen provider,
 * paced and in parallel, each decision appended to a results file (so a second run resumes), then the
 * backtest's metrics over all of them, overall and per repo.
 */
export async function evalCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      dataset: { type: 'string' },
      report: { type: 'string' },
      results: { type: 'string' },
      limit: { type: 'string' },
      concurrency: { type: 'string' },
      provider: { type: 'string' },
      endpoint: { type: 'string' },
      'api-key': { type: 'string' },
      model: { type: 'string' },
      'min-confidence': { type: 'string' },
      'max-labels': { type: 'string' },
      'model-rpm': { type: 'string' },
      train: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help) {
    process.stdout.write(EVAL_USAGE)
    return 0
  }
  if (!values.dataset) throw new InputError('--dataset is required (a CSV or JSONL file of labelled issues).')
  const limit = values.limit === undefined ? Infinity : Number(values.limit)
  const concurrency = Number(values.concurrency ?? 4)
  if (!(limit >= 1)) throw new InputError(`--limit must be a number of issues (got "${values.limit}").`)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new InputError(`--concurrency must be a whole number from 1 to 32 (got "${values.concurrency}").`)
  const inputs: Record<string, string | undefined> = {
    token: env.GITHUB_TOKEN || 'offline-evaluation',
    provider: values.provider,
    endpoint: values.endpoint,
    'api-key': values['api-key'] ?? env.LLM_API_KEY ?? env.OPENAI_API_KEY,
    model: values.model,
    'min-confidence': values['min-confidence'],
    'max-labels': values['max-labels'],
    'model-rpm': values['model-rpm'],
    dedupe: 'false'
  }
  const options: Options = readOptions((name) => inputs[name] ?? '')
  if (options.provider === 'history' && !values.train)
    throw new InputError(
      '--provider history needs --train FILE: the labelled issues the classifier learns from.'
    )
  if (values.train && options.provider !== 'history')
    throw new InputError('--train applies to --provider history only.')
  const classifiers = values.train ? trainPerRepo(values.train) : undefined
  const dataset = readDataset(values.dataset).slice(0, limit)
  const resultsFile =
    values.results ?? `${values.dataset}${options.provider === 'history' ? '.history' : ''}.results.jsonl`
  const done = readResults<EvalResult>(resultsFile)
  const labels = labelsOf(dataset)
  const todo = dataset.filter((i) => !done.has(i.id))

  let provider: Promise<ModelProvider> | undefined
  const ctx = {
    options,
    model: () => (provider ??= createProvider(options)),
    close: async () => (await provider)?.close?.()
  } as unknown as RunContext
  // With history, each issue is decided by its own repo's classifier.
  const ctxFor = (repo: string | undefined): RunContext => {
    if (!classifiers) return ctx
    const classifier = classifierFor(classifiers, repo)
    if (!classifier) throw new InputError(`--train has no issues of repo ${repo ?? '(none)'} to learn from.`)
    return { ...ctx, classifier: async () => classifier }
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'eval {bar} {value}/{total} issues · {failed} failed · eta {eta_formatted}',
      stream: process.stderr
    },
    cliProgress.Presets.shades_classic
  )
  bar.start(dataset.length, dataset.length - todo.length, { failed: 0 })
  let failed = 0
  let next = 0
  let stop: string | undefined
  const worker = async () => {
    while (next < todo.length && !stop) {
      const issue = todo[next++]!
      const result = await decideOne(ctxFor(issue.repo), issue, labels.get(issue.repo ?? '')!, next).catch(
        (error: unknown) => {
          stop = error instanceof Error ? error.message : String(error)
          return undefined
        }
      )
      if (!result) break
      if (result.failed) failed++
      appendResult(resultsFile, result)
      done.set(result.id, result)
      bar.increment(1, { failed })
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker))
  } finally {
    bar.stop()
    await ctx.close()
  }
  const results = dataset.map((i) => done.get(i.id)).filter((r): r is EvalResult => r !== undefined)
  const scored = results.filter((r) => !r.failed)
  const score = (list: EvalResult[], universe: string[]) =>
    scoreBacktest(
      list.map((r) => r.case),
      {
        labels: universe,
        minConfidence: options.minConfidence,
        issuesPerMonth: issuesPerMonth(list.map((r) => r.createdAt).filter((d): d is string => !!d))
      }
    )
  const all = [...new Set([...labels.values()].flat())].sort()
  const report = score(scored, all)
  const byRepo = Object.fromEntries(
    [...labels.keys()]
      .filter((repo) => repo !== '')
      .map((repo) => [
        repo,
        score(
          scored.filter((r) => r.repo === repo),
          labels.get(repo)!
        )
      ])
  )
  printReport(report, byRepo, process.stdout)
  if (failed > 0 || results.length > scored.length)
    process.stdout.write(
      `\n${results.length - scored.length} issues could not be decided (see ${resultsFile}).\n`
    )
  if (values.report)
    writeFileSync(
      values.report,
      JSON.stringify({ ...report, ...(Object.keys(byRepo).length > 0 ? { repos: byRepo } : {}) }, null, 2)
    )
  if (stop) {
    process.stderr.write(`Stopped: ${stop}\nRun the same command again to resume.\n`)
    return 1
  }
  return 0
}
