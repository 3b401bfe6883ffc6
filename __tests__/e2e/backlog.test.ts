/**
 * Backlogs: `issue-numbers` or `query` on workflow_dispatch and schedule runs triage many issues, oldest
 * first, each through the same triageIssue, with budgets, per-issue failures and a report.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { backlogIssues, type RepoSeed } from '../emulators/github/index.js'
import { scriptedTriage } from '../emulators/openai/scripted.js'
import { peakInWindow } from '../emulators/pacing.js'
import { closeChecked } from './checks.js'
import { world, type World } from './fixtures.js'
import { TARGET, webhookExample, type ActionRun } from './harness.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

const COUNT = 210
const withBacklog = (seed: RepoSeed) => {
  seed.issues.push(...backlogIssues(COUNT))
}

interface Report {
  mode: string
  selection: { matched: number; selected: number; maxIssues: number; query?: string }
  totals: Record<string, number>
  stopped?: string
  issues: { issue: number; status: string; labels: string[]; duplicates: number[]; reason?: string }[]
  remaining: number[]
}

const dispatch = (inputs: Record<string, string>) =>
  w!.run({ event: 'workflow_dispatch', payload: webhookExample('workflow_dispatch', ''), inputs })
const schedule = (inputs: Record<string, string>) =>
  w!.run({ event: 'schedule', payload: { schedule: '17 3 * * *' }, inputs })

function reportOf(run: ActionRun): Report {
  const report = JSON.parse(run.outputs.report!) as Report
  expect(JSON.parse(run.outputs.result!)).toEqual({ backlog: report })
  expect(run.outputs.labels).toBe('[]')
  expect(run.outputs.duplicates).toBe('[]')
  return report
}

/** The generated issues' numbers, oldest first. */
function oldestFirst(seed: RepoSeed): number[] {
  return seed.issues
    .filter((i) => i.number > 1000)
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .map((i) => i.number)
}

describe('selecting a backlog', () => {
  it('triages what a query finds, oldest first, at most max-issues, on a schedule', async () => {
    w = await world(withBacklog)
    const run = await schedule({ query: 'is:open no:label', 'max-issues': '25', dedupe: 'false' })
    expect(run.code).toBe(0)
    const report = reportOf(run)
    const expected = oldestFirst(w.seed).slice(0, 25)
    expect(report.issues.map((i) => i.issue)).toEqual(expected)
    expect(report.selection).toMatchObject({ selected: 25, maxIssues: 25, query: 'is:open no:label' })
    expect(report.selection.matched).toBeGreaterThanOrEqual(COUNT)
    expect(report.totals).toMatchObject({ triaged: 25, failed: 0, remaining: 0, modelCalls: 25 })
    expect(w.model.chatRequests()).toHaveLength(25)
    // The search the action made: this repository's issues, oldest first.
    const searches = w.github.requests.filter((r) => r.operationId === 'search/issues-and-pull-requests')
    expect(searches).toHaveLength(1)
    expect(searches[0]!.query).toMatchObject({ sort: 'created', order: 'asc' })
    expect(searches[0]!.query.q).toBe('is:open no:label repo:octo-org/widgets is:issue')
    // Labels were written on the selected issues, and nowhere else.
    const written = w.github.writes().map((r) => Number(/\/issues\/(\d+)\//.exec(r.path)?.[1] ?? 0))
    expect(written.length).toBeGreaterThan(0)
    expect(written.filter((n) => n > 0 && !expected.includes(n))).toEqual([])
    expect(report.totals.labelled).toBeGreaterThan(0)
    expect(w.github.issue(expected[0]!).labels).toEqual(report.issues[0]!.labels)
    // One progress line per issue as it finishes (several are in flight), folded over its details, and
    // the summary: totals first, then a row per issue.
    const progress = [...run.stdout.matchAll(/^::group::\[(\d+)\/25\] #(\d+) → /gm)]
    expect(progress.map((m) => Number(m[1]))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    expect(progress.map((m) => Number(m[2])).sort((a, b) => a - b)).toEqual(
      [...expected].sort((a, b) => a - b)
    )
    expect(run.summary.indexOf('| Triaged |')).toBeLessThan(run.summary.indexOf('| Issue | Outcome |'))
    for (const n of expected) expect(run.summary).toContain(`| #${n} `)
  })

  it('triages issue-numbers with ranges, in number order, each read by number', async () => {
    w = await world(withBacklog)
    const run = await dispatch({ 'issue-numbers': '1005, 1010-1013\n#1002', dedupe: 'false' })
    expect(run.code).toBe(0)
    const report = reportOf(run)
    const numbers = [1002, 1005, 1010, 1011, 1012, 1013]
    expect(report.issues.map((i) => i.issue)).toEqual(numbers)
    expect(report.totals).toMatchObject({ triaged: 6, remaining: 0 })
    const reads = w.github.requests
      .filter((r) => r.operationId === 'issues/get')
      .map((r) => Number(r.path.split('/').pop()))
    expect(reads.sort((a, b) => a - b)).toEqual(numbers)
    expect(w.model.chatRequests()).toHaveLength(6)
  })

  it('refuses a query that leaves the repository and bad issue-numbers, before any call', async () => {
    w = await world(withBacklog)
    for (const [inputs, message] of [
      [{ query: 'is:open repo:other/repo' }, /Input "query" must not contain "repo:other\/repo"/],
      [{ query: 'is:pr is:open' }, /Input "query" must not contain "is:pr"/],
      [{ 'issue-numbers': '12, 40-x' }, /Input "issue-numbers" takes issue numbers and ranges only/],
      [{ 'issue-numbers': '60-40' }, /range that ends before it starts/],
      [{ 'issue-numbers': '1-20000' }, /more than 10,000 issues/]
    ] as const) {
      const run = await dispatch(inputs)
      expect(run.code).toBe(1)
      expect(run.annotations.find((a) => a.level === 'error')?.message).toMatch(message)
    }
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
  })

  it('leaves schedule and workflow_dispatch as they were without a backlog input', async () => {
    w = await world(withBacklog)
    const run = await dispatch({})
    expect(run.code).toBe(1)
    expect(run.annotations[0]!.message).toMatch(/set the "issue-number" input/)
    expect(w.github.requests).toEqual([])
    const swept = await schedule({})
    expect(swept.code).toBe(0)
    expect(JSON.parse(swept.outputs.result!)).toHaveProperty('sweep')
    expect(swept.outputs.report).toBeUndefined()
    expect(w.model.requests).toEqual([])
  })
})

describe('a backlog in the config file', () => {
  const withConfig = (config: string) => (seed: RepoSeed) => {
    withBacklog(seed)
    seed.files = { ...seed.files, '.github/triage.yml': config }
  }

  it('replaces the sweep on a schedule: the issues .github/triage.yml names, up to its max-issues', async () => {
    w = await world(withConfig('issue-numbers: "1013, 1010-1011\\n#1005"\nmax-issues: 3\ndedupe: false\n'))
    const run = await schedule({})
    expect(run.code).toBe(0)
    const report = reportOf(run)
    expect(JSON.parse(run.outputs.result!)).not.toHaveProperty('sweep')
    // Oldest (lowest number) first, cut at the file's max-issues.
    const triaged = [1005, 1010, 1011]
    expect(report.issues.map((i) => i.issue)).toEqual(triaged)
    expect(report.selection).toEqual({ issueNumbers: 4, matched: 4, selected: 3, maxIssues: 3 })
    expect(report.totals).toMatchObject({ triaged: 3, failed: 0, remaining: 0, modelCalls: 3 })
    expect(w.model.chatRequests()).toHaveLength(3)
    // Each triaged issue carries the labels the report names; #1013, past max-issues, was not touched.
    for (const i of report.issues) expect(w.github.issue(i.issue).labels).toEqual(i.labels)
    expect(report.totals.labelled).toBeGreaterThan(0)
    // Every write (labels, the issue type) is on a triaged issue.
    const written = w.github.writes().map((r) => Number(/\/issues\/(\d+)(?:\/|$)/.exec(r.path)?.[1]))
    expect(written.length).toBeGreaterThan(0)
    expect(written.filter((n) => !triaged.includes(n))).toEqual([])
    expect(w.github.issue(1013).labels).toEqual([])
    // What the user reads: a line per issue in the log, and the backlog table in the summary.
    // Issues finish in any order (several are in flight): each has its line.
    for (const n of triaged) expect(run.stdout).toMatch(new RegExp(`^::group::\\[[1-3]/3\\] #${n} → `, 'm'))
    expect(run.summary).toContain('| Issue | Outcome | Labels |')
    for (const n of triaged) expect(run.summary).toContain(`| #${n} `)
    expect(run.summary).not.toContain('| #1013 ')
  })

  it("takes the file's query and mode, with the workflow's inputs winning over the file", async () => {
    w = await world(withConfig('query: "is:open  no:label"\nmode: dry-run\nmax-issues: 20\ndedupe: false\n'))
    const run = await schedule({ 'max-issues': '4' })
    expect(run.code).toBe(0)
    const report = reportOf(run)
    expect(report.mode).toBe('dry-run')
    expect(report.selection).toMatchObject({ query: 'is:open no:label', selected: 4, maxIssues: 4 })
    expect(report.issues.map((i) => i.issue)).toEqual(oldestFirst(w.seed).slice(0, 4))
    const searches = w.github.requests.filter((r) => r.operationId === 'search/issues-and-pull-requests')
    expect(searches.map((r) => r.query.q)).toEqual(['is:open no:label repo:octo-org/widgets is:issue'])
    // dry-run from the file: the summary shows what would be labelled, and nothing was written.
    expect(w.github.writes()).toEqual([])
    expect(run.summary).toContain('## Backlog triage (dry-run: nothing was written)')
    expect(run.summary).toContain('would label')
  })

  it('fails before any call when the file names a query that leaves the repository', async () => {
    w = await world(withConfig('query: "is:open (label:bug OR is:pr)"\n'))
    const run = await schedule({})
    expect(run.code).toBe(1)
    expect(run.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /^Input "query" must not contain "is:pr": the action searches this repository's issues/
    )
    expect(run.outputs.report).toBeUndefined()
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
    expect(w.github.requests.filter((r) => r.operationId === 'search/issues-and-pull-requests')).toEqual([])
  })
})

describe("pacing, read from the emulators' request logs", () => {
  it('keeps to the limit the model endpoint states, and no request is refused', async () => {
    // The endpoint allows 3 requests in any rolling minute and says so in x-ratelimit-* headers: the
    // first answer teaches the action its limit, so the fourth and fifth issues wait for the window.
    w = await world(withBacklog, { requestsPerMinute: 3 })
    const run = await w.run({
      event: 'workflow_dispatch',
      payload: webhookExample('workflow_dispatch', ''),
      inputs: { 'issue-numbers': '1001-1005', dedupe: 'false' },
      timeoutMs: 140_000
    })
    expect(run.code).toBe(0)
    expect(reportOf(run).totals).toMatchObject({ triaged: 5, failed: 0 })
    const chats = w.model.requests.filter((r) => r.path.endsWith('/chat/completions'))
    expect(chats.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(
      peakInWindow(
        chats.map((r) => r.at),
        60_000
      )
    ).toBeLessThanOrEqual(3)
    // Several issues were in flight, but never more requests than the limit in any minute.
    expect(chats[3]!.at - chats[0]!.at).toBeGreaterThanOrEqual(60_000)
  }, 150_000)
})

describe('a backlog run', () => {
  it("never triages an issue a query found in another repository, whose number names one of this one's", async () => {
    const item = (number: number, repo: string) => ({
      number,
      id: number * 10,
      title: `Crash when saving ${number}`,
      body: 'It crashes with a stack trace.',
      labels: [],
      state: 'open',
      user: { login: 'someone', type: 'User' },
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
      comments: 0,
      repository_url: `https://api.github.com/repos/${repo}`
    })
    w = await world(
      withBacklog,
      {},
      {
        faults: [
          {
            method: 'GET',
            path: '/search/issues',
            status: 200,
            body: {
              total_count: 2,
              incomplete_results: false,
              items: [item(1001, 'someone/else'), item(1002, 'octo-org/widgets')]
            }
          }
        ]
      }
    )
    const run = await dispatch({ query: 'label:bug OR no:label', dedupe: 'false' })
    expect(run.code).toBe(0)
    const report = reportOf(run)
    expect(report.issues.map((i) => i.issue)).toEqual([1002])
    const writtenTo = new Set(w.github.writes().map((r) => Number(/\/issues\/(\d+)\//.exec(r.path)?.[1])))
    expect(writtenTo.has(1001)).toBe(false)
    expect(w.model.chatRequests()).toHaveLength(1)
  })

  it('writes nothing in dry-run and shows the same table', async () => {
    w = await world(withBacklog)
    const run = await dispatch({
      query: 'is:open no:label',
      'max-issues': '30',
      mode: 'dry-run',
      dedupe: 'false'
    })
    expect(run.code).toBe(0)
    expect(w.github.writes()).toEqual([])
    const report = reportOf(run)
    expect(report.mode).toBe('dry-run')
    expect(report.totals).toMatchObject({ triaged: 30, failed: 0 })
    expect(report.totals.labelled).toBeGreaterThan(0)
    expect(run.summary).toContain('## Backlog triage (dry-run: nothing was written)')
    expect(run.summary).toContain('| Issue | Outcome | Labels |')
    expect(run.summary).toContain('would label')
    for (const i of report.issues) expect(run.summary).toContain(`| #${i.issue} `)
  })

  it('reports an issue whose write GitHub refused as failed, and triages the others', async () => {
    w = await world(
      withBacklog,
      {},
      {
        faults: [{ method: 'POST', path: '/repos/octo-org/widgets/issues/1003/labels', status: 422 }]
      }
    )
    const run = await dispatch({ 'issue-numbers': '1001-1008', dedupe: 'false' })
    expect(run.code).toBe(0)
    const report = reportOf(run)
    const failed = report.issues.filter((i) => i.status === 'failed')
    expect(failed.map((i) => i.issue)).toEqual([1003])
    expect(failed[0]!.reason).toMatch(/Unprocessable/)
    expect(report.totals).toMatchObject({ triaged: 7, failed: 1, remaining: 0 })
    expect(w.github.issue(1004).labels.length).toBeGreaterThan(0)
    expect(w.github.issue(1003).labels).toEqual([])
    expect(run.stdout).toMatch(/^::group::\[[1-8]\/8\] #1003 failed: /m)
    expect(run.summary).toMatch(/\*\*Failed\*\*\n\n- #1003: /)
    expect(run.annotations.some((a) => a.level === 'warning' && /#1003/.test(a.message))).toBe(true)
  })

  it('ends cleanly at a quota answer, and the next run picks up exactly what remained', async () => {
    // Three answers, then the endpoint's daily quota for every request after them.
    const quota = { kind: 'rate-limit', retryAfter: 86_400 } as const
    w = await world(withBacklog, {
      steps: [
        { kind: 'answer', content: scriptedTriage },
        { kind: 'answer', content: scriptedTriage },
        { kind: 'answer', content: scriptedTriage },
        ...Array.from({ length: 12 }, () => quota)
      ]
    })
    const all = Array.from({ length: 12 }, (_, i) => 1001 + i)
    const inputs = { 'issue-numbers': '1001-1012', dedupe: 'false' }
    const run = await dispatch(inputs)
    expect(run.code).toBe(0)
    const report = reportOf(run)
    // Several issues are in flight when the quota answers: the three that got an answer are triaged,
    // every other one (the ones refused, and the ones not started) is remaining, with nothing written.
    const triaged = report.issues.filter((i) => i.status === 'triaged').map((i) => i.issue)
    expect(triaged).toHaveLength(3)
    expect(report.issues).toHaveLength(3)
    expect([...triaged, ...report.remaining].sort((a, b) => a - b)).toEqual(all)
    expect(report.totals).toMatchObject({ triaged: 3, failed: 0, remaining: 9 })
    expect(report.stopped).toMatch(/quota|wait/i)
    const writtenTo = new Set(w.github.writes().map((r) => Number(/\/issues\/(\d+)\//.exec(r.path)?.[1])))
    for (const n of report.remaining) expect(writtenTo.has(n)).toBe(false)
    expect(run.summary).toContain(`**Remaining** (9): #${report.remaining[0]}, #${report.remaining[1]}`)
    expect(run.annotations.some((a) => a.level === 'warning' && /Stopped early/.test(a.message))).toBe(true)

    // The quota is back: the same backlog again asks the model only about what remained. An issue the
    // first run left without labels has no mark of the action, so it is asked again too.
    const unlabelled = report.issues.filter((i) => i.labels.length === 0).map((i) => i.issue)
    w.model.clearSteps()
    const before = w.model.chatRequests().length
    const second = reportOf(await dispatch(inputs))
    const asked = w.model.chatRequests().length - before
    expect(asked).toBe(9 + unlabelled.length)
    expect(second.totals).toMatchObject({ triaged: 9 + unlabelled.length, remaining: 0, failed: 0 })
    const done = second.issues.filter((i) => i.status === 'skipped').map((i) => i.issue)
    expect(done.sort((a, b) => a - b)).toEqual(
      triaged.filter((n) => !unlabelled.includes(n)).sort((a, b) => a - b)
    )
    expect(second.totals.alreadyDone).toBe(done.length)
    expect(second.issues.find((i) => i.issue === done[0])?.reason).toBe(
      'already labelled by this action, and unchanged since'
    )
  })

  // The clock is moved in this process: the bundle runs in a process of its own.
  ;(TARGET === 'source' ? it : it.skip)('stops starting issues once max-minutes has passed', async () => {
    // The first model answer takes "a minute": the clock moves on when the model answers. The issues
    // already in flight then finish; no other one starts. A dry-run: nothing is paced on the moved clock.
    const now = Date.now
    let offset = 0
    w = await world(withBacklog, {
      respond: (req) => {
        offset = 61_000
        return scriptedTriage(req)
      }
    })
    Date.now = () => now() + offset
    try {
      const run = await dispatch({
        'issue-numbers': '1001-1020',
        'max-minutes': '1',
        mode: 'dry-run',
        dedupe: 'false'
      })
      expect(run.code).toBe(0)
      const report = reportOf(run)
      const started = report.issues.map((i) => i.issue)
      // Ten in flight (see inFlight in flows/issue-pool.ts).
      expect(started).toEqual(Array.from({ length: 10 }, (_, i) => 1001 + i))
      expect(report.remaining).toEqual(Array.from({ length: 10 }, (_, i) => 1011 + i))
      expect(report.stopped).toMatch(/max-minutes \(1\) reached/)
    } finally {
      Date.now = now
    }
    expect(w.model.chatRequests()).toHaveLength(10)
    expect(w.github.writes()).toEqual([])
  })

  it('skips on a second run what it triaged, and triages again an issue changed since', async () => {
    w = await world(withBacklog)
    const inputs = { 'issue-numbers': '1001-1006' }
    const first = reportOf(await dispatch(inputs))
    expect(first.totals).toMatchObject({ triaged: 6, failed: 0 })
    // Issue 1006 repeats the words of 1001: dedupe finds it, and comments.
    expect(first.totals.duplicates).toBeGreaterThan(0)
    const marked = first.issues
      .filter((i) => i.labels.length > 0 || i.duplicates.length > 0)
      .map((i) => i.issue)
    expect(marked.length).toBe(6)
    const labels = first.issues.map((i) => w!.github.issue(i.issue).labels)
    const calls = w.model.chatRequests().length

    const second = reportOf(await dispatch(inputs))
    expect(second.totals).toMatchObject({ skipped: 6, alreadyDone: 6, triaged: 0 })
    expect(w.model.chatRequests().length).toBe(calls)
    expect(first.issues.map((i) => w!.github.issue(i.issue).labels)).toEqual(labels)
    expect(second.issues.map((i) => i.status)).toEqual(Array(6).fill('skipped'))

    // An hour later, a person edits 1003: the next run asks the model about it again.
    const hourAgo = (iso: string) => new Date(Date.parse(iso) - 3_600_000).toISOString()
    for (const e of w.github.state.events) e.created_at = hourAgo(e.created_at)
    for (const issue of w.github.state.issues.values()) issue.updated_at = hourAgo(issue.updated_at)
    const edited = w.github.state.issues.get(1003)!
    const res = await fetch(`${w.github.url}/repos/octo-org/widgets/issues/1003`, {
      method: 'PATCH',
      headers: { authorization: 'token person', 'content-type': 'application/json' },
      body: JSON.stringify({ body: `${edited.body}\n\nIt also happens on Windows.` })
    })
    expect(res.status).toBe(200)
    const third = reportOf(await dispatch(inputs))
    expect(third.issues.filter((i) => i.status !== 'skipped').map((i) => i.issue)).toEqual([1003])
    expect(w.model.chatRequests().length).toBe(calls + 1)
  }, 90_000)
})
