/**
 * `npm run bench:dedupe`: duplicate retrieval on real history. One GitHub emulator holds rust-lang/rust's
 * 2010–2016 issues (dedupe-corpus.ts); for each known duplicate pair the bundled action (dist/index.js, started
 * as the runner starts it) triages the duplicate as a new issue, its searches seeing the repository as it stood
 * when the duplicate was opened (each run's token selects the emulator's search cutoff). Twice: with semantic
 * search, and with it refused as on GitHub Enterprise Server. Then once more as ONE backlog run over every
 * duplicate (`issue-numbers` on workflow_dispatch), whose lexical candidates come from the run's local issue
 * index (read once, newest first, at most 10,000 issues) and whose semantic searches are held to 10 a minute.
 * Prints recall@5/@10 of the original among the candidates shown to the model, searches and candidate-block
 * tokens per issue, and a BM25 reference from the code the emulator ranks with, beside the targets. A report:
 * missed targets exit 0; failed runs exit 1.
 *
 *   npm run bench:dedupe [-- --limit N] [-- --concurrency C]     (or BENCH_DEDUPE_LIMIT=N)
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openedPayload } from '../__tests__/e2e/fixtures.js'
import { BUNDLE, parseOutputs, runnerStep } from '../__tests__/e2e/harness.js'
import { startGitHubEmulator, type GitHubEmulator } from '../__tests__/emulators/github/index.js'
import { startModelEmulator } from '../__tests__/emulators/openai/server.js'
import {
  loadCorpus,
  openedEvent,
  referenceRankings,
  seedOf,
  type Corpus,
  type Pair
} from './dedupe-corpus.js'
import { indexedPairs, runBacklog, type BacklogRun } from './dedupe-backlog.js'
import { timeProcess } from './spawn.js'

const TARGETS = { lexicalVsReference: 0.8, searchCalls: 3, candidateTokens: 2500 }
const MODES = {
  hybrid: 'semantic available (hybrid)',
  lexical: 'semantic refused (lexical only)',
  backlog: 'one backlog run (local index)'
}
type Mode = keyof typeof MODES
/** The modes that run the action once per pair. */
const SINGLE: Mode[] = ['hybrid', 'lexical']

/** What one action run reported, or why it could not. */
interface Outcome {
  pair: Pair
  /** Candidate numbers in the order shown to the model. */
  shown: number[]
  searchCalls: number
  candidateTokens: number
  /** The searches the emulator received with this run's token. */
  searches: { q: string; type: string; status: number }[]
  problem?: string
}

function options(): { limit: number; concurrency: number } {
  const { values } = parseArgs({
    options: { limit: { type: 'string' }, concurrency: { type: 'string', default: '2' } }
  })
  const limit = Number(values.limit ?? process.env.BENCH_DEDUPE_LIMIT ?? Infinity)
  const concurrency = Number(values.concurrency)
  if (!(limit >= 1)) throw new Error(`--limit must be a number ≥ 1, not ${values.limit}`)
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`--concurrency must be a whole number ≥ 1, not ${values.concurrency}`)
  return { limit, concurrency }
}

const tokenOf = (headers: Record<string, string>) => (headers.authorization ?? '').split(' ')[1] ?? ''
// Per pair, not per duplicate: a few duplicates are listed twice, once with each original.
const runToken = (mode: Mode, pair: Pair) => `ghs_dedupe_${mode}_${pair.duplicate}_${pair.original}`

/** The `dedupe` part of the action's `result` output, or a sentence saying what is missing. */
function readDedupe(result: string | undefined): { shown: number[]; calls: number; tokens: number } | string {
  let dedupe: { candidates?: unknown; searchCalls?: unknown; candidateTokens?: unknown } | undefined
  try {
    dedupe = (JSON.parse(result ?? 'null') as { dedupe?: typeof dedupe } | null)?.dedupe
  } catch {
    return `result output is not JSON: ${(result ?? '').slice(0, 100)}`
  }
  const { candidates, searchCalls, candidateTokens } = dedupe ?? {}
  const lacking = [
    Array.isArray(candidates) ? '' : 'dedupe.candidates',
    typeof searchCalls === 'number' ? '' : 'dedupe.searchCalls',
    typeof candidateTokens === 'number' ? '' : 'dedupe.candidateTokens'
  ].filter(Boolean)
  if (lacking.length)
    return `result output lacks ${lacking.join(', ')} (result: ${(result ?? '(none)').slice(0, 100)})`
  const shown = (candidates as { number?: unknown }[]).map((c) => Number(c.number))
  return { shown, calls: searchCalls as number, tokens: candidateTokens as number }
}

/** The emulators, the event template and the copy of the bundle every run uses. */
interface World {
  github: GitHubEmulator
  modelUrl: string
  template: Record<string, unknown>
  corpus: Corpus
  bundle: string
}

/**
 * A private copy of dist/ (the bundle and its chunks), so rebuilding dist/ while the benchmark runs
 * cannot break the runs.
 */
function snapshotBundle(): { bundle: string; remove: () => void } {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run bundle first.`)
  const dir = mkdtempSync(join(tmpdir(), 'bench-dedupe-dist-'))
  cpSync(dirname(BUNDLE), dir, { recursive: true })
  return { bundle: join(dir, 'index.js'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Runs the action on one duplicate as a new issue and reads what it showed the model. */
async function runPair(pair: Pair, mode: Mode, world: World): Promise<Outcome> {
  const token = runToken(mode, pair)
  const step = runnerStep({
    githubUrl: world.github.url,
    repository: 'rust-lang/rust',
    eventName: 'issues',
    payload: openedEvent(world.template, world.corpus.byNumber.get(pair.duplicate)!),
    inputs: {
      token,
      provider: 'openai',
      endpoint: world.modelUrl,
      'api-key': 'sk-bench-dedupe',
      model: 'test-model',
      mode: 'dry-run',
      dedupe: 'true',
      'dedupe-include-closed': 'true',
      'max-candidates': '10'
    }
  })
  let run: Awaited<ReturnType<typeof timeProcess>> | undefined
  let failure = ''
  try {
    run = await timeProcess(world.bundle, step.env, 180_000)
  } catch (error) {
    failure = (error as Error).message.split('\n')[0] ?? ''
  }
  const outputs = parseOutputs(readFileSync(step.outputPath, 'utf8'))
  rmSync(step.dir, { recursive: true, force: true })
  const searches = world.github.requests
    .filter((r) => r.operationId === 'search/issues-and-pull-requests' && tokenOf(r.headers) === token)
    .map((r) => ({ q: r.query.q ?? '', type: r.query.search_type ?? 'lexical', status: r.status }))
  const read = readDedupe(outputs.result)
  if (!run) return { pair, shown: [], searchCalls: 0, candidateTokens: 0, searches, problem: failure }
  if (run.code !== 0) {
    const why = `${run.stdout}\n${run.stderr}`.split('\n').find((l) => /error/i.test(l)) ?? ''
    return {
      pair,
      shown: [],
      searchCalls: 0,
      candidateTokens: 0,
      searches,
      problem: `exit ${run.code}: ${why}`
    }
  }
  if (typeof read === 'string')
    return { pair, shown: [], searchCalls: 0, candidateTokens: 0, searches, problem: read }
  return { pair, shown: read.shown, searchCalls: read.calls, candidateTokens: read.tokens, searches }
}

/** Runs `work` over `items`, `concurrency` at a time; results in the items' order. */
async function pool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const recall = (rankings: number[][], pairs: Pair[], k: number) =>
  pairs.filter((p, i) => rankings[i]!.slice(0, k).includes(p.original)).length / (pairs.length || 1)
const f3 = (x: number) => x.toFixed(3)
const mark = (ok: boolean) => (ok ? '✓' : '✗')

/** Prints the table and the targets; returns the per-mode figures for the JSON file. */
function report(
  pairs: Pair[],
  outcomes: Record<Mode, Outcome[]>,
  reference: number[][],
  backlog: BacklogRun,
  corpus: Corpus
) {
  const rows = (Object.keys(MODES) as Mode[]).map((mode) => {
    const list = outcomes[mode]
    const shown = list.map((o) => o.shown)
    const calls = list.map((o) => o.searchCalls)
    const tokens = list.map((o) => o.candidateTokens)
    return {
      mode,
      r5: recall(shown, pairs, 5),
      r10: recall(shown, pairs, 10),
      meanCalls: calls.reduce((a, b) => a + b, 0) / (calls.length || 1),
      maxCalls: Math.max(0, ...calls),
      medianTokens: median(tokens),
      maxTokens: Math.max(0, ...tokens)
    }
  })
  const ref = { r5: recall(reference, pairs, 5), r10: recall(reference, pairs, 10) }
  console.log(
    `\n${''.padEnd(34)}recall@5  recall@10  searches/issue (mean, max)  candidate tokens (median, max)`
  )
  for (const r of rows) {
    const backlogRow = r.mode === 'backlog'
    // A backlog's searches are counted for the whole run (the report has no per-issue count).
    const calls = backlogRow
      ? `${r.meanCalls.toFixed(2)} (whole run)`
      : `${r.meanCalls.toFixed(2)}, ${r.maxCalls}`
    const tokens = backlogRow ? 'not reported per issue' : `${r.medianTokens}, ${r.maxTokens}`
    console.log(
      `${MODES[r.mode].padEnd(34)}${f3(r.r5).padEnd(10)}${f3(r.r10).padEnd(11)}${calls.padEnd(28)}${tokens}`
    )
  }
  const refLabel = 'reference: BM25 of the full text'
  console.log(
    `${refLabel.padEnd(34)}${f3(ref.r5).padEnd(10)}${f3(ref.r10).padEnd(11)}1 query over all earlier issues, any state`
  )

  const minutes = backlog.seconds / 60
  const rate =
    minutes < 1
      ? 'all within one minute'
      : `${(backlog.searchCalls / minutes).toFixed(1)} a minute on average`
  const index = backlog.index
    ? `local index ${JSON.stringify(backlog.index)}`
    : 'no local index (a backlog of 10 issues or fewer searches GitHub)'
  console.log(
    `\nBacklog run: ${backlog.seconds.toFixed(0)} s, ${backlog.searchCalls} GitHub searches (${rate}), ` +
      `${backlog.graphqlRequests} GraphQL requests; ${index}`
  )
  const indexed = indexedPairs(pairs, backlog, corpus)
  if (indexed?.length) {
    const subset = (mode: Mode, k: number) =>
      recall(
        indexed.map((i) => outcomes[mode][i]!.shown),
        indexed.map((i) => pairs[i]!),
        k
      )
    console.log(
      `Pairs whose original is among the ${backlog.indexSize} issues the backlog indexed: ${indexed.length} of ${pairs.length}; ` +
        `recall@5/@10 there: ` +
        (Object.keys(MODES) as Mode[])
          .map((m) => `${m} ${f3(subset(m, 5))}/${f3(subset(m, 10))}`)
          .join(', ') +
        `, reference ${f3(
          recall(
            indexed.map((i) => reference[i]!),
            indexed.map((i) => pairs[i]!),
            5
          )
        )}/` +
        f3(
          recall(
            indexed.map((i) => reference[i]!),
            indexed.map((i) => pairs[i]!),
            10
          )
        )
    )
  }
  const [hybrid, lexical] = rows as [(typeof rows)[0], (typeof rows)[0]]
  const maxCalls = Math.max(hybrid.maxCalls, lexical.maxCalls)
  const maxTokens = Math.max(hybrid.maxTokens, lexical.maxTokens)
  const floor = TARGETS.lexicalVsReference * ref.r10
  console.log('\nTargets:')
  console.log(
    `  ${mark(hybrid.r10 >= ref.r10)} hybrid recall@10 ${f3(hybrid.r10)} ≥ reference ${f3(ref.r10)}`
  )
  console.log(
    `  ${mark(lexical.r10 >= floor)} lexical-only recall@10 ${f3(lexical.r10)} ≥ 0.8 × reference = ${f3(floor)}`
  )
  console.log(
    `  ${mark(maxCalls <= TARGETS.searchCalls)} ≤ ${TARGETS.searchCalls} search calls per issue (max ${maxCalls})`
  )
  console.log(
    `  ${mark(maxTokens <= TARGETS.candidateTokens)} candidate block ≤ 2,500 tokens (max ${maxTokens})`
  )
  return { rows, reference: ref }
}

async function main(): Promise<void> {
  const { limit, concurrency } = options()
  const dist = snapshotBundle()
  const corpus = loadCorpus(limit)
  const { pairs } = corpus
  const seed = seedOf(corpus)
  const cutoffs = new Map<string, string>()
  const github = await startGitHubEmulator(seed, {
    searchLimits: false,
    searchCutoff: (headers) => cutoffs.get(tokenOf(headers))
  })
  const model = await startModelEmulator()
  const template = openedPayload(seed, pairs[0]?.duplicate ?? corpus.issues[0]!.number)
  const world: World = { github, modelUrl: model.url, template, corpus, bundle: dist.bundle }
  console.log(
    `Duplicate retrieval: rust-lang/rust, ${corpus.issues.length} issues (${corpus.repeated} repeated numbers ` +
      `dropped), ${pairs.length} duplicate pairs; dist/index.js as the runner starts it, ${concurrency} at a time`
  )
  // Build the search index before the first run, so no run waits on it.
  await fetch(`${github.url}/search/issues?q=warmup`, { headers: { authorization: 'token warmup' } })

  const outcomes: Record<Mode, Outcome[]> = { hybrid: [], lexical: [], backlog: [] }
  for (const mode of SINGLE) {
    github.state.search.semantic = mode === 'hybrid' ? 'available' : 'forbidden'
    const started = performance.now()
    let done = 0
    outcomes[mode] = await pool(pairs, concurrency, async (pair) => {
      cutoffs.set(runToken(mode, pair), corpus.byNumber.get(pair.duplicate)!.created_at)
      const outcome = await runPair(pair, mode, world)
      const each = ((performance.now() - started) / ++done / 1000).toFixed(1)
      process.stderr.write(`\r${mode}: ${done}/${pairs.length} issues, ${each} s each   `)
      return outcome
    })
    process.stderr.write('\n')
  }
  github.state.search.semantic = 'available'
  process.stderr.write(`backlog: one run over ${new Set(pairs.map((p) => p.duplicate)).size} issues…\n`)
  const backlog = await runBacklog(pairs, world)
  outcomes.backlog = backlog.outcomes.map((o) => ({ ...o, candidateTokens: 0, searches: [] }))
  await Promise.all([github.close(), model.close()])
  dist.remove()

  const reference = referenceRankings(corpus)
  const figures = report(pairs, outcomes, reference, backlog.run, corpus)
  const all = [...outcomes.hybrid, ...outcomes.lexical, ...outcomes.backlog]
  const differing = [...outcomes.hybrid, ...outcomes.lexical].filter(
    (o) => !o.problem && o.searchCalls !== o.searches.length
  )
  if (differing.length) {
    const o = differing[0]!
    console.log(
      `\nnote: ${differing.length} runs reported searchCalls unlike the searches the emulator received ` +
        `(e.g. #${o.pair.duplicate}: ${o.searchCalls} reported, ${o.searches.length} received)`
    )
  }
  if (github.rejected.length) {
    console.log(`\nThe emulator refused ${github.rejected.length} requests GitHub would refuse, e.g.:`)
    for (const r of github.rejected.slice(0, 5)) console.log(`  ${r.method} ${r.path}: ${r.reason}`)
    process.exitCode = 1
  }
  const failed = all.filter((o) => o.problem)
  if (failed.length) {
    console.log(`\n${failed.length} of ${all.length} runs gave no figures, e.g.:`)
    for (const o of failed.slice(0, 5)) console.log(`  #${o.pair.duplicate}: ${o.problem}`)
    process.exitCode = 1
  }

  const out = fileURLToPath(new URL('../.bench/', import.meta.url))
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, 'dedupe.json'),
    JSON.stringify({ ...figures, backlog: backlog.run, outcomes, reference }, null, 1)
  )
  console.log('\nPer-pair figures (candidates, searches, reference rankings) written to .bench/dedupe.json')
}

main().catch((error: unknown) => {
  process.stderr.write('\n')
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
