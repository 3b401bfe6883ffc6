/**
 * Duplicate detection in a backlog run: the repository's issues are read once into a local index, so
 * searches do not bind the backlog (GitHub allows 30 a minute, semantic ones 10), and a duplicate is
 * still shown its original.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { backlogIssues, GRAPHQL_FORBIDDEN, type RepoSeed } from '../emulators/github/index.js'
import { messageText } from '../emulators/openai/tokens.js'
import { scriptedTriage } from '../emulators/openai/scripted.js'
import type { ChatRequest } from '../emulators/openai/types.js'
import { closeChecked } from './checks.js'
import { offered } from './duplicates.js'
import { world, type World } from './fixtures.js'
import { webhookExample, type ActionRun } from './harness.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

const ORIGINAL = 900
const DUPLICATE = 1131
const NEWER = 1132

/**
 * The sample repository, 130 generated issues (#1001–#1130, all of 2020; 139 issues in all), an original of 2019, its
 * duplicate (#1131, 2020) and a newer look-alike (#1132, 2021) that can never be the duplicate's original.
 */
function withBacklog(seed: RepoSeed): void {
  seed.labels.push({ name: 'possible-duplicate', description: 'Likely duplicate', color: 'cfd3d7' })
  seed.issues.push(...backlogIssues(130), {
    number: ORIGINAL,
    title: 'Importing a .wgt archive fails with ENOSPC on tmpfs',
    body: '`widgets import big.wgt` dies with `ENOSPC: no space left on device, write` when /tmp is a tmpfs.',
    labels: [],
    state: 'open',
    user: { login: 'ida-early', type: 'User' },
    created_at: '2019-06-01T10:00:00Z'
  })
  for (const [number, created_at] of [
    [DUPLICATE, '2020-02-03T10:00:00Z'],
    [NEWER, '2021-05-01T10:00:00Z']
  ] as const)
    seed.issues.push({
      number,
      title: 'ENOSPC when importing a wgt archive, /tmp on tmpfs',
      body: 'widgets import stops: `ENOSPC: no space left on device`. The archive is 2 GB and /tmp is tmpfs.',
      labels: [],
      state: 'open',
      user: { login: 'jo-late', type: 'User' },
      created_at
    })
}

/** The scripted model, but sure of the ENOSPC original whenever it is shown. */
function model(req: ChatRequest): string {
  const answer = JSON.parse(scriptedTriage(req)) as { duplicates?: unknown[] }
  if (offered(req).includes(ORIGINAL))
    answer.duplicates = [
      { number: ORIGINAL, confidence: 0.95, reason: 'Same ENOSPC on import to a tmpfs /tmp' }
    ]
  return JSON.stringify(answer)
}

interface Report {
  totals: Record<string, number>
  dedupe?: {
    index?: { issues: number; total: number; capped: boolean; requests: number } | { error: string }
    searchCalls: number
    semanticSearches: number
    semanticSkipped: number
  }
  issues: { issue: number; status: string; candidates?: number[]; duplicates: number[] }[]
}

const dispatch = (inputs: Record<string, string>) =>
  w!.run({ event: 'workflow_dispatch', payload: webhookExample('workflow_dispatch', ''), inputs })
const searches = () => w!.github.requests.filter((r) => r.operationId === 'search/issues-and-pull-requests')
const indexReads = () =>
  w!.github.requests.filter((r) => /query IssueIndex\b/.test((r.body as { query?: string })?.query ?? ''))
const reportOf = (run: ActionRun) => JSON.parse(run.outputs.report!) as Report
/** The prompt the model got for the issue titled `title` (the prompt names no number). */
const promptFor = (title: string) =>
  w!.model
    .chatRequests()
    .filter((req) => messageText(req.messages.at(-1)!).includes(`Title: ${title}`))
    .at(-1)

describe('a backlog with dedupe on', () => {
  it('reads the issues once and makes at most 10 searches a minute, all semantic, and still finds the original', async () => {
    w = await world(withBacklog, { respond: model })
    const numbers = '1101-1131'
    const started = Date.now()
    const run = await dispatch({ 'issue-numbers': numbers, mode: 'dry-run' })
    const seconds = (Date.now() - started) / 1000
    expect(run.code).toBe(0)
    const report = reportOf(run)
    expect(report.totals).toMatchObject({ triaged: 31, failed: 0 })

    // The issue list read once: two pages of 100 (139 issues), the second after the first's cursor.
    const reads = indexReads()
    expect(reads).toHaveLength(2)
    const [first, second] = reads.map((r) => (r.body as { variables: { after: string | null } }).variables)
    expect(first!.after).toBeNull()
    expect(second!.after).toEqual(expect.any(String))
    expect(report.dedupe?.index).toMatchObject({ issues: 139, total: 139, capped: false, requests: 2 })

    // Searches: semantic only, never more than GitHub's 10 a minute (the run took less than one).
    expect(seconds).toBeLessThan(60)
    const made = searches()
    expect(made.length).toBeGreaterThan(0)
    expect(made.length).toBeLessThanOrEqual(10)
    expect(made.map((r) => r.query.search_type)).toEqual(made.map(() => 'hybrid'))
    expect(made.every((r) => r.status === 200)).toBe(true)
    expect(report.dedupe).toMatchObject({
      searchCalls: made.length,
      semanticSearches: made.length,
      semanticSkipped: 31 - made.length
    })
    expect(run.summary).toMatch(
      new RegExp(
        `Duplicate candidates: a local index of 139 issues, read once in 2 GraphQL requests \\([\\d.]+ s\\), and ${made.length} GitHub searches \\(${made.length} semantic\\); ${31 - made.length} issues went without a semantic search \\(GitHub allows 10 a minute\\)\\.`
      )
    )
    expect(run.stdout).toMatch(/Duplicate candidates: indexed 139 issues in [\d.]+ s \(2 GraphQL requests\)/)

    // Every issue was shown candidates, none newer than itself; the duplicate its original, not the newer one.
    const created = new Map(w.seed.issues.map((i) => [i.number, i.created_at]))
    for (const entry of report.issues) {
      expect(entry.candidates?.length).toBeGreaterThan(0)
      for (const c of entry.candidates!) expect(created.get(c)! < created.get(entry.issue)!).toBe(true)
    }
    const dup = report.issues.find((i) => i.issue === DUPLICATE)!
    expect(dup.candidates![0]).toBe(ORIGINAL)
    expect(dup.candidates).not.toContain(NEWER)
    expect(offered(promptFor(w.seed.issues.find((i) => i.number === DUPLICATE)!.title))).toContain(ORIGINAL)
    expect(dup.duplicates).toEqual([ORIGINAL])
    expect(run.summary).toMatch(new RegExp(`\\| #${DUPLICATE} .*\\| #${ORIGINAL} \\|`))
    expect(w.github.writes()).toEqual([])
  }, 90_000)

  it('keeps GitHub search for a backlog of ten issues or fewer, and reads no issue list', async () => {
    w = await world(withBacklog, { respond: model })
    const run = await dispatch({ 'issue-numbers': `1101-1105, ${DUPLICATE}`, mode: 'dry-run' })
    expect(run.code).toBe(0)
    expect(indexReads()).toEqual([])
    const kinds = searches().map((r) => r.query.search_type ?? 'lexical')
    expect(kinds.filter((k) => k === 'hybrid')).toHaveLength(6)
    expect(kinds.filter((k) => k === 'lexical').length).toBeGreaterThanOrEqual(6)
    const report = reportOf(run)
    expect(report.dedupe).toEqual({ searchCalls: kinds.length, semanticSearches: 6, semanticSkipped: 0 })
    expect(report.issues.find((i) => i.issue === DUPLICATE)!.duplicates).toEqual([ORIGINAL])
    expect(run.summary).toContain(`Duplicate candidates: ${kinds.length} GitHub searches (6 semantic).`)
  })

  it('falls back to GitHub search, with a warning, when the issue list cannot be read', async () => {
    // GitHub Enterprise Server without semantic search: lexical searches stay within 30 a minute here.
    w = await world(
      withBacklog,
      { respond: model },
      { faults: [{ ...GRAPHQL_FORBIDDEN, graphql: /query IssueIndex\b/ }], semanticSearch: 'forbidden' }
    )
    const run = await dispatch({ 'issue-numbers': `1101-1110, ${DUPLICATE}`, mode: 'dry-run' })
    expect(run.code).toBe(0)
    expect(indexReads()).toHaveLength(1)
    const warning = run.annotations.find((a) => a.level === 'warning')?.message
    expect(warning).toMatch(
      /The repository's issues could not be read for a local duplicate index \(.*Resource not accessible by integration.*\); candidates come from GitHub search/
    )
    const report = reportOf(run)
    expect(report.totals).toMatchObject({ triaged: 11, failed: 0 })
    expect(report.dedupe?.index).toEqual({ error: expect.stringMatching(/Resource not accessible/) })
    expect(searches().filter((r) => !r.query.search_type).length).toBeGreaterThanOrEqual(11)
    expect(report.issues.find((i) => i.issue === DUPLICATE)!.duplicates).toEqual([ORIGINAL])
    expect(run.summary).toMatch(/Duplicate candidates: the local issue index could not be read \(/)
  })
})
