/**
 * bench:dedupe's third mode: every pair's duplicate triaged in ONE backlog run (`issue-numbers` on
 * workflow_dispatch), so its lexical candidates come from the run's local issue index (read once, newest
 * first, at most 10,000 issues) and its semantic searches are held to 10 a minute.
 */
import { readFileSync, rmSync } from 'node:fs'
import { parseOutputs, runnerStep, webhookExample } from '../__tests__/e2e/harness.js'
import type { GitHubEmulator } from '../__tests__/emulators/github/index.js'
import type { Corpus, Pair } from './dedupe-corpus.js'
import { timeProcess } from './spawn.js'

/** What the backlog run needs: the emulators and the bundle copy the other modes use. */
export interface BacklogWorld {
  github: GitHubEmulator
  modelUrl: string
  bundle: string
}

/** One pair as the backlog run showed it: its candidates, and the run's searches spread over its issues. */
export interface BacklogOutcome {
  pair: Pair
  shown: number[]
  searchCalls: number
  problem?: string
}

const TOKEN = 'ghs_dedupe_backlog'
const tokenOf = (headers: Record<string, string>) => (headers.authorization ?? '').split(' ')[1] ?? ''

/** What the backlog run did beyond its issues: the local index and its GitHub calls. */
export interface BacklogRun {
  seconds: number
  index: unknown
  /** Issues the run's local index held (0 when it read none). */
  indexSize: number
  searchCalls: number
  graphqlRequests: number
  problem?: string
}

/**
 * Runs the action once over every pair's duplicate as a backlog (`issue-numbers`, oldest first), with
 * semantic search available, and reads each issue's candidates from the `report` output. Search sees the
 * repository as it is (no cutoff): the candidates' own `created:<` and the index's created-before filter keep
 * every issue to earlier ones, but issues closed later show closed.
 */
export async function runBacklog(
  pairs: Pair[],
  world: BacklogWorld
): Promise<{ outcomes: BacklogOutcome[]; run: BacklogRun }> {
  const numbers = [...new Set(pairs.map((p) => p.duplicate))]
  const payload = webhookExample('workflow_dispatch', '')
  const step = runnerStep({
    githubUrl: world.github.url,
    repository: 'rust-lang/rust',
    eventName: 'workflow_dispatch',
    payload,
    inputs: {
      token: TOKEN,
      provider: 'openai',
      endpoint: world.modelUrl,
      'api-key': 'sk-bench-dedupe',
      model: 'test-model',
      mode: 'dry-run',
      dedupe: 'true',
      'dedupe-include-closed': 'true',
      'max-candidates': '10',
      'issue-numbers': numbers.join(','),
      'max-issues': String(numbers.length)
    }
  })
  const started = performance.now()
  let failure = ''
  let code = 0
  let log = ''
  try {
    const run = await timeProcess(world.bundle, step.env, 3_600_000)
    code = run.code
    log = `${run.stdout}\n${run.stderr}`
  } catch (error) {
    failure = (error as Error).message.split('\n')[0] ?? ''
  }
  const seconds = (performance.now() - started) / 1000
  const outputs = parseOutputs(readFileSync(step.outputPath, 'utf8'))
  rmSync(step.dir, { recursive: true, force: true })
  const mine = world.github.requests.filter((r) => tokenOf(r.headers) === TOKEN)
  const searches = mine
    .filter((r) => r.operationId === 'search/issues-and-pull-requests')
    .map((r) => ({ q: r.query.q ?? '', type: r.query.search_type ?? 'lexical', status: r.status }))
  const graphqlRequests = mine.filter((r) => r.operationId === 'graphql').length
  type Entry = { issue: number; candidates?: number[] }
  let report: { issues?: Entry[]; dedupe?: { index?: unknown; searchCalls?: number } } | undefined
  try {
    report = JSON.parse(outputs.report ?? 'null') as typeof report
  } catch {
    report = undefined
  }
  const problem =
    failure ||
    (code !== 0 ? `exit ${code}: ${log.split('\n').find((l) => /error/i.test(l)) ?? ''}` : '') ||
    (report?.issues ? '' : `no report output (${(outputs.report ?? '(none)').slice(0, 100)})`)
  const byIssue = new Map((report?.issues ?? []).map((e) => [e.issue, e]))
  const searchCalls = report?.dedupe?.searchCalls ?? searches.length
  const perIssue = searchCalls / (byIssue.size || 1)
  const outcomes = pairs.map((pair): BacklogOutcome => {
    const entry = byIssue.get(pair.duplicate)
    const shown = entry?.candidates ?? []
    return {
      pair,
      shown,
      searchCalls: perIssue,
      ...(entry?.candidates
        ? {}
        : { problem: problem || `#${pair.duplicate} has no candidates in the report` })
    }
  })
  return {
    outcomes,
    run: {
      seconds,
      index: report?.dedupe?.index,
      indexSize: (report?.dedupe?.index as { issues?: number } | undefined)?.issues ?? 0,
      searchCalls,
      graphqlRequests,
      ...(problem ? { problem } : {})
    }
  }
}

/**
 * The indexes of the pairs whose original the backlog's index held: the newest `indexSize` issues, as the
 * emulator orders them (created, then number). Undefined when the backlog reported no index.
 */
export function indexedPairs(pairs: Pair[], backlog: BacklogRun, corpus: Corpus): number[] | undefined {
  if (!backlog.indexSize) return undefined
  const newest = [...corpus.issues]
    .sort((a, b) =>
      a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.number - a.number
    )
    .slice(0, backlog.indexSize)
  const held = new Set(newest.map((i) => i.number))
  return pairs.flatMap((p, i) => (held.has(p.original) ? [i] : []))
}
