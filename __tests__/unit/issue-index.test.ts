/**
 * A backlog run's local issue index: what it ranks first, what it never offers (newer issues, the issue
 * itself), what it reads (newest first, at most the cap, bodies cut), and how the lexical lists and the
 * 10-a-minute semantic budget replace GitHub searches.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { searchIssues, type SearchSession } from '../../src/gather/candidates.js'
import type { LinkedIssue } from '../../src/gather/duplicate-link.js'
import { BODY_CHARS, buildIssueIndex, readIssueIndex } from '../../src/gather/issue-index.js'
import { snapshotIssue } from '../../src/gather/issue.js'
import { distinctiveTerms } from '../../src/gather/search-terms.js'
import { SEMANTIC_PER_MINUTE, semanticBudget, takeSemantic } from '../../src/gather/semantic-budget.js'
import { createOctokit } from '../../src/github/octokit.js'
import {
  backlogIssues,
  sampleRepo,
  startGitHubEmulator,
  type GitHubEmulator
} from '../emulators/github/index.js'

let github: GitHubEmulator | undefined
afterEach(async () => {
  expect(github?.rejected ?? []).toEqual([])
  await github?.close()
  github = undefined
})

const ref = { owner: 'octo-org', repo: 'widgets' }

const issue = (
  number: number,
  title: string,
  body: string,
  created: string,
  more: Partial<LinkedIssue> = {}
) => ({
  number,
  id: number * 1000 + 7,
  title,
  body,
  state: 'open',
  state_reason: null,
  created_at: `2024-${created}T00:00:00Z`,
  comments: 0,
  ...more
})

const ISSUES: LinkedIssue[] = [
  issue(1, 'Add webp support', 'Please add a decoder for webp images.', '01-01'),
  issue(2, 'png decoder segfault on a truncated file', 'decode_png crashes in decoder.rs:88', '02-01'),
  issue(3, 'Docs: typo in the README', 'The install section says intall.', '03-01'),
  issue(4, 'Segfault in decode_png with truncated input', 'Same crash, decoder.rs:88, newer report', '05-01'),
  issue(5, 'Theme flag for the cli', 'Is there a --theme flag?', '04-01')
]

const termsOf = (title: string, body: string) => distinctiveTerms(title, body)

describe('the local issue index', () => {
  it('ranks the issue about the same failure first, by the issue’s weighted terms', () => {
    const index = buildIssueIndex(ISSUES)
    const hits = index.search(
      termsOf('segfault decoding a truncated png', 'decode_png panics at decoder.rs:88'),
      {
        before: '2024-12-31T00:00:00Z',
        self: 99,
        limit: 10
      }
    )
    expect(
      hits
        .map((h) => h.issue.number)
        .slice(0, 2)
        .sort()
    ).toEqual([2, 4])
    expect(hits.map((h) => h.issue.number)).not.toContain(3)
    expect(hits[0]!.terms).toEqual(expect.arrayContaining(['decode_png', 'truncated']))
    expect(index).toMatchObject({ size: 5, total: 5, capped: false })
  })

  it('offers only issues created before the one being triaged, never the issue itself', () => {
    const index = buildIssueIndex(ISSUES)
    const terms = termsOf(ISSUES[3]!.title, ISSUES[3]!.body!)
    const scope = { before: ISSUES[3]!.created_at, self: 4, limit: 10 }
    const found = index.search(terms, scope).map((h) => h.issue.number)
    expect(found[0]).toBe(2)
    expect(found).not.toContain(4)
    // #2 as the issue: only #1 is older; #4 (newer) and #2 itself are never candidates, whatever they share.
    const earlier = index.search(termsOf(ISSUES[1]!.title, ISSUES[1]!.body!), {
      before: ISSUES[1]!.created_at,
      self: 2,
      limit: 10
    })
    expect(earlier.map((h) => h.issue.number)).toEqual([1])
    expect(index.search([], scope)).toEqual([])
  })

  it('reads the newest issues first, at most the cap, in pages of 100, bodies cut', async () => {
    const seed = sampleRepo()
    seed.issues.push(...backlogIssues(240))
    seed.issues[0]!.body = 'x'.repeat(BODY_CHARS * 3)
    github = await startGitHubEmulator(seed)
    const octokit = createOctokit('ghs_test', github.url)
    const index = await readIssueIndex(octokit, ref, 150)
    // 240 generated + 6 sample issues (#4 is a pull request).
    expect(index).toMatchObject({ size: 150, total: 246, capped: true, requests: 2 })
    const pages = github.requests.filter((r) => r.operationId === 'graphql')
    expect(pages.map((r) => (r.body as { variables: { first: number } }).variables.first)).toEqual([100, 50])
    // The sample's issues (2024–2025) are newer than every generated one (2020): all are in.
    const full = await readIssueIndex(octokit, ref)
    expect(full).toMatchObject({ size: 246, total: 246, capped: false, requests: 3 })
    const found = full.search(termsOf(seed.issues[0]!.title, ''), {
      before: '2030-01-01T00:00:00Z',
      self: 0,
      limit: 5
    })
    const one = found.find((h) => h.issue.number === 1)!.issue
    expect(one.body).toHaveLength(BODY_CHARS)
    expect(one).toMatchObject({ id: 1007, state: 'open', created_at: '2025-03-02T09:15:00Z', comments: 0 })
    const capped = await readIssueIndex(octokit, ref, 150)
    const newest = seed.issues
      .filter((i) => !i.pull_request)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, 150)
    const oldestIn = newest.at(-1)!
    const older = seed.issues.find((i) => i.created_at < oldestIn.created_at)!
    const lookup = (n: number) =>
      capped
        .search(termsOf(seed.issues.find((i) => i.number === n)!.title, ''), {
          before: '2030-01-01T00:00:00Z',
          self: 0,
          limit: 300
        })
        .map((h) => h.issue.number)
    expect(lookup(oldestIn.number)).toContain(oldestIn.number)
    expect(lookup(older.number)).not.toContain(older.number)
  })

  it('reads a closed duplicate with its reason and comment count, for following it to its original', async () => {
    const seed = sampleRepo()
    seed.issues.push({
      ...seed.issues[0]!,
      number: 10,
      state: 'closed',
      state_reason: 'duplicate',
      created_at: '2025-03-06T00:00:00Z',
      comments: [{ body: 'Duplicate of #1', user: 'maintainer-mia' }]
    })
    github = await startGitHubEmulator(seed)
    const index = await readIssueIndex(createOctokit('ghs_test', github.url), ref)
    const hit = index
      .search(termsOf(seed.issues[0]!.title, ''), { before: '2030-01-01T00:00:00Z', self: 0, limit: 10 })
      .find((h) => h.issue.number === 10)
    expect(hit?.issue).toMatchObject({ state: 'closed', state_reason: 'duplicate', comments: 1 })
  })
})

describe('the semantic budget', () => {
  it('allows 10 a rolling minute, keeps the last 3 for weak candidates, and never waits', () => {
    let now = 1_000_000
    const budget = semanticBudget(() => now)
    const strong = Array.from({ length: 10 }, () => takeSemantic(budget, false))
    expect(strong.filter(Boolean)).toHaveLength(SEMANTIC_PER_MINUTE - 3)
    expect([takeSemantic(budget, true), takeSemantic(budget, true), takeSemantic(budget, true)]).toEqual([
      true,
      true,
      true
    ])
    expect(takeSemantic(budget, true)).toBe(false)
    now += 59_999
    expect(takeSemantic(budget, true)).toBe(false)
    now += 1
    expect(takeSemantic(budget, true)).toBe(true)
  })
})

describe('lexical lists from the local index', () => {
  const opened = (title: string, body: string, created = '2025-06-01T00:00:00Z') =>
    snapshotIssue({ number: 50, id: 50007, title, body, created_at: created, user: { login: 'x' } })

  it('make no lexical GitHub search, count only GitHub calls, and skip semantic when the minute is spent', async () => {
    const seed = sampleRepo()
    // The budget's clock is the test's: the emulator's own minute would refuse the next one.
    github = await startGitHubEmulator(seed, { searchLimits: false })
    const octokit = createOctokit('ghs_test', github.url)
    let now = 5_000_000
    const session: SearchSession = {
      semantic: 'unknown',
      budget: semanticBudget(() => now),
      index: await readIssueIndex(octokit, ref)
    }
    const crash = opened(seed.issues[0]!.title, seed.issues[0]!.body!)
    const first = await searchIssues(octokit, ref, crash, session)
    const searches = () => github!.requests.filter((r) => r.operationId === 'search/issues-and-pull-requests')
    expect(searches().map((r) => r.query.search_type)).toEqual(['hybrid'])
    expect(first.searchCalls).toBe(1)
    expect(first.searches.filter((s) => s.ran === 'local index')).toHaveLength(2)
    expect(first.lists[1]!.map((i) => i.number)).toContain(1)
    // The issue's own words lead the local lists (#1 holds them all): its semantic searches stop while
    // three of the minute remain; an issue the index knows nothing of still gets those three.
    for (let i = 0; i < 20; i++) await searchIssues(octokit, ref, crash, session)
    expect(searches()).toHaveLength(SEMANTIC_PER_MINUTE - 3)
    const unknown = opened('Quantum flux capacitor overheats', 'Plutonium levels nominal.')
    for (let i = 0; i < 5; i++) await searchIssues(octokit, ref, unknown, session)
    expect(searches()).toHaveLength(SEMANTIC_PER_MINUTE)
    // The minute's budget spent: no search at all, and the issue says so.
    const starved = await searchIssues(octokit, ref, unknown, session)
    expect(starved.searchCalls).toBe(0)
    expect(starved.searches.find((s) => s.kind === 'semantic')).toMatchObject({ ran: 'skipped', results: 0 })
    expect(starved.notes).toEqual([
      expect.stringMatching(/^semantic search skipped: .*the local index gave the candidates/)
    ])
    const strong = await searchIssues(octokit, ref, crash, session)
    expect(strong.searchCalls).toBe(0)
    expect(strong.lists.flat().map((i) => i.number)).toContain(1)
    now += 60_000
    expect((await searchIssues(octokit, ref, crash, session)).searchCalls).toBe(1)
    // Refused once (GitHub Enterprise Server): never asked again, and nothing is said to be skipped.
    session.semantic = 'refused'
    const before = searches().length
    const refused = await searchIssues(octokit, ref, crash, session)
    expect(searches()).toHaveLength(before)
    expect(refused.searches.map((s) => s.ran)).toEqual(['local index', 'local index'])
    expect(refused.notes).toEqual([])
  })
})
