/**
 * The GitHub emulator's issue search must answer the way GitHub does — qualifiers, boolean operators, phrases,
 * ranking, semantic fallbacks, limits — or duplicate detection tested against it proves nothing. Plain fetch,
 * as any client would call it; every answer is checked against the description (`checkResponses`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGitHubEmulator, type GitHubEmulator, type RepoSeed } from '../emulators/github/index.js'

interface Answer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
  headers: Headers
}

const day = (d: string) => `${d}T00:00:00Z`

function seed(): RepoSeed {
  const labels = ['A-borrowck', 'I-crash', 'A-LLVM', 'A-diagnostics', 'E-easy', 'needs triage', 'A-docs']
  const user = { login: 'rustacean', type: 'User' as const }
  return {
    owner: 'acme',
    repo: 'compiler',
    labels: labels.map((name) => ({ name })),
    issues: [
      {
        number: 1,
        title: 'Borrow checker error E0308 mismatched types',
        body: 'Compiling `foo::bar` gives E0308 with mismatched types.',
        labels: ['A-borrowck'],
        state: 'open',
        user,
        created_at: '2015-01-10T10:00:00Z'
      },
      {
        number: 2,
        title: 'Segfault in LLVM codegen on ARM',
        body: 'The compiler crashes with a segfault when targeting arm.',
        labels: ['I-crash', 'A-LLVM'],
        state: 'closed',
        closed_at: day('2015-03-01'),
        user,
        created_at: day('2015-02-01')
      },
      {
        number: 3,
        title: 'Improve error messages for lifetimes',
        body: 'Lifetime errors are confusing when bounds are mismatched.',
        labels: ['A-diagnostics', 'E-easy'],
        state: 'open',
        user,
        created_at: '2015-02-15T12:00:00Z'
      },
      {
        number: 4,
        title: 'Fix segfault in codegen',
        body: 'Fixes #2 by aligning the stack.',
        labels: ['A-LLVM'],
        state: 'open',
        pull_request: true,
        user,
        created_at: '2015-03-01T08:00:00Z'
      },
      {
        number: 5,
        title: 'Tracking issue for foo_bar feature',
        body: 'The foo_bar feature gate. Related: std::io::Error.',
        labels: ['needs triage'],
        state: 'open',
        user: { login: 'octo', type: 'User' },
        created_at: day('2015-04-01')
      },
      {
        number: 6,
        title: 'mismatched types when calling closure',
        body: 'error[E0308]: expected closure, found fn item',
        labels: [],
        state: 'closed',
        state_reason: 'duplicate',
        closed_at: day('2016-01-01'),
        user,
        created_at: day('2015-05-01')
      },
      {
        number: 7,
        title: 'Documentation typo in the book',
        body: null,
        labels: ['A-docs'],
        state: 'open',
        user,
        created_at: day('2015-06-01')
      },
      {
        number: 8,
        title: 'Crashes on startup',
        body: 'rustc crashes immediately; the borrow checker is not involved.',
        labels: ['I-crash'],
        state: 'open',
        user,
        created_at: day('2015-07-01')
      }
    ]
  }
}

async function search(
  emu: GitHubEmulator,
  q: string,
  params: Record<string, string> = {},
  token = 'x'
): Promise<Answer> {
  const query = new URLSearchParams({ q, ...params })
  const res = await fetch(`${emu.url}/search/issues?${query.toString()}`, {
    headers: { authorization: `token ${token}` }
  })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

const numbers = (a: Answer): number[] => a.body.items.map((i: { number: number }) => i.number)
const sorted = (a: Answer): number[] => [...numbers(a)].sort((x, y) => x - y)
const R = 'repo:acme/compiler'

describe('emulator issue search: the query language', () => {
  let emu: GitHubEmulator
  beforeAll(async () => {
    emu = await startGitHubEmulator(seed(), { checkResponses: true, searchLimits: false })
  })
  afterAll(() => emu.close())

  it.each([
    [`${R} is:issue`, [1, 2, 3, 5, 6, 7, 8]],
    [`${R} is:pr`, [4]],
    [`${R} is:open`, [1, 3, 4, 5, 7, 8]],
    [`${R} is:closed`, [2, 6]],
    [`${R} state:closed is:issue`, [2, 6]],
    [`${R} state:open label:A-LLVM`, [4]],
    [`${R} label:"needs triage"`, [5]],
    [`${R} label:i-crash`, [2, 8]],
    [`${R} label:A-docs,A-borrowck`, [1, 7]],
    [`${R} is:issue -label:I-crash -label:A-docs`, [1, 3, 5, 6]],
    [`${R} no:label`, [6]],
    [`${R} created:<2015-02-01`, [1]],
    [`${R} created:<=2015-02-01`, [1, 2]],
    [`${R} created:>2015-05-01`, [7, 8]],
    [`${R} created:>=2015-05-01`, [6, 7, 8]],
    [`${R} created:<2015-02-15T12:00:00Z`, [1, 2]],
    [`${R} created:>=2015-02-15T12:00:00Z is:issue`, [3, 5, 6, 7, 8]],
    [`${R} created:2015-02-01..2015-03-01`, [2, 3, 4]],
    [`${R} closed:>2015-12-31`, [6]],
    [`${R} reason:duplicate`, [6]],
    [`${R} author:octo`, [5]],
    [`repo:acme/other ${R} segfault`, [2, 4]],
    ['repo:acme/other segfault', []],
    [`${R} mentions:someone segfault`, [2, 4]]
  ])('%s', async (q, expected) => {
    const answer = await search(emu, q)
    expect(answer.status).toBe(200)
    expect(sorted(answer)).toEqual(expected)
    expect(answer.body).toMatchObject({ total_count: expected.length, incomplete_results: false })
    expect(answer.body.search_type).toBe('lexical')
  })

  it.each([
    ['ANDs free text', 'mismatched closure', [6]],
    ['matches case-insensitively, title or body', 'SEGFAULT', [2, 4]],
    ['reads OR, with AND binding tighter', 'closure OR lifetime bounds', [3, 6]],
    ['groups with parentheses', '(closure OR lifetime) mismatched', [3, 6]],
    ['excludes with NOT', 'mismatched NOT closure', [1, 3]],
    ['matches a quoted phrase as a phrase', '"mismatched types"', [1, 6]],
    ['keeps a phrase whose words are apart out', '"types mismatched"', []],
    ['keeps identifiers and error codes whole', 'foo_bar', [5]],
    ['finds E0308 inside error[E0308]', 'e0308', [1, 6]],
    ['splits on :: and .', 'io::Error', [5]],
    ['folds plurals', 'crash', [2, 8]],
    ['restricts to titles with in:title', 'in:title borrow', [1]],
    ['restricts to bodies with in:body', 'in:body borrow', [8]],
    ['takes in:title,body as both', 'in:title,body borrow', [1, 8]],
    ['searches an unknown qualifier as text', 'fixes:stack', [4]]
  ])('%s', async (_, q, expected) => {
    expect(sorted(await search(emu, `${R} ${q}`))).toEqual(expected)
  })

  it('ranks by BM25 with a score on each item, and sort/order override it', async () => {
    const best = await search(emu, `${R} borrow checker`)
    expect(numbers(best)).toEqual([1, 8])
    expect(best.body.items[0].score).toBeGreaterThan(best.body.items[1].score)
    expect(numbers(await search(emu, `${R} segfault`, { sort: 'created', order: 'asc' }))).toEqual([2, 4])
    expect(numbers(await search(emu, `${R} segfault`, { sort: 'created' }))).toEqual([4, 2])
    expect((await search(emu, `${R} is:pr`)).body.items[0]).toMatchObject({ score: 1, pull_request: {} })
  })

  it('answers 422 for a query over 256 characters, more than 5 operators or 6 levels of parentheses', async () => {
    const long = await search(emu, `${R} ${'word '.repeat(50)}`)
    expect(long.status).toBe(422)
    expect(long.body.errors[0]).toMatchObject({ field: 'q', code: 'invalid' })
    expect((await search(emu, 'a OR b OR c AND d NOT e AND f')).status).toBe(200)
    const many = await search(emu, 'a OR b OR c AND d NOT e AND f OR g')
    expect(many.status).toBe(422)
    expect(many.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Search' }] })
    expect((await search(emu, '((((((a))))))')).status).toBe(422)
    expect((await search(emu, `${R} created:<yesterday`)).status).toBe(422)
  })

  it('pages like GitHub: per_page, page, link header, and only the first 1,000 results', async () => {
    const first = await search(emu, `${R} is:issue`, { per_page: '3', sort: 'created', order: 'asc' })
    expect(numbers(first)).toEqual([1, 2, 3])
    expect(first.body.total_count).toBe(7)
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next", <[^>]*page=3>; rel="last"/)
    const last = await search(emu, `${R} is:issue`, {
      per_page: '3',
      page: '3',
      sort: 'created',
      order: 'asc'
    })
    expect(numbers(last)).toEqual([8])
    expect(last.headers.get('link')).toMatch(/rel="prev".*rel="first"/)
    expect((await search(emu, R, { per_page: '100', page: '11' })).status).toBe(422)
  })

  it('follows edits made through the API', async () => {
    const patch = await fetch(`${emu.url}/repos/acme/compiler/issues/7`, {
      method: 'PATCH',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Quantum typo in the book', state: 'closed' })
    })
    expect(patch.status).toBe(200)
    expect(numbers(await search(emu, `${R} quantum is:closed`))).toEqual([7])
    expect(numbers(await search(emu, `${R} documentation`))).toEqual([])
  })

  it('found nothing wrong with any answer', () => {
    expect(emu.responseProblems).toEqual([])
    expect(emu.rejected).toEqual([])
  })
})

describe('emulator issue search: semantic and hybrid', () => {
  let emu: GitHubEmulator
  beforeAll(async () => {
    emu = await startGitHubEmulator(seed(), { checkResponses: true, searchLimits: false })
  })
  afterAll(() => emu.close())

  it('semantic ranks every qualifying issue sharing a term; hybrid puts the lexical matches first', async () => {
    const lexical = await search(emu, `${R} is:issue mismatched closure`)
    expect(numbers(lexical)).toEqual([6])
    const semantic = await search(emu, `${R} is:issue mismatched closure`, { search_type: 'semantic' })
    expect(semantic.body.search_type).toBe('semantic')
    expect(semantic.body.lexical_fallback_reason).toBeUndefined()
    expect(numbers(semantic)[0]).toBe(6)
    expect(sorted(semantic)).toEqual([1, 3, 6])
    const hybrid = await search(emu, `${R} is:issue mismatched closure`, { search_type: 'hybrid' })
    expect(hybrid.body.search_type).toBe('hybrid')
    expect(numbers(hybrid)[0]).toBe(6)
    expect(sorted(hybrid)).toEqual([1, 3, 6])
    expect(hybrid.body.items[0].score).toBeGreaterThan(hybrid.body.items[1].score)
  })

  it('keeps qualifiers and NOT as filters', async () => {
    const answer = await search(emu, `${R} is:issue is:open mismatched NOT lifetime`, {
      search_type: 'hybrid'
    })
    expect(answer.body.search_type).toBe('hybrid')
    expect(numbers(answer)).toEqual([1])
  })

  it.each([
    ['or_boolean_not_supported', `${R} closure OR lifetime`, [3, 6]],
    ['quoted_text', `${R} "mismatched types"`, [1, 6]],
    ['no_text_terms', `${R} is:issue label:I-crash`, [2, 8]],
    ['non_issue_target', `${R} is:pr segfault`, [4]]
  ])('falls back to lexical with %s', async (reason, q, expected) => {
    for (const search_type of ['semantic', 'hybrid']) {
      const answer = await search(emu, q, { search_type })
      expect(answer.body).toMatchObject({ search_type: 'lexical', lexical_fallback_reason: [reason] })
      expect(sorted(answer)).toEqual(expected)
    }
  })

  it('lists every reason that applies, in the description order', async () => {
    const answer = await search(emu, `${R} is:pr "segfault"`, { search_type: 'hybrid' })
    expect(answer.body.lexical_fallback_reason).toEqual(['quoted_text', 'non_issue_target'])
  })

  it.each([
    ['forbidden', 403],
    ['unprocessable', 422]
  ] as const)(
    'answers %s search_type with %i on Enterprise Server; lexical still works',
    async (mode, status) => {
      const ghes = await startGitHubEmulator(seed(), { checkResponses: true, semanticSearch: mode })
      const refused = await search(ghes, `${R} segfault`, { search_type: 'hybrid' })
      expect(refused.status).toBe(status)
      expect(JSON.stringify(refused.body)).toMatch(/not available on this GitHub Enterprise Server/)
      expect(refused.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//)
      expect(sorted(await search(ghes, `${R} segfault`))).toEqual([2, 4])
      // No semantic bucket there: the eleventh refusal in a minute is still the refusal, not a rate limit.
      for (let i = 0; i < 10; i++) await search(ghes, `${R} segfault`, { search_type: 'semantic' })
      expect((await search(ghes, `${R} segfault`, { search_type: 'semantic' })).status).toBe(status)
      expect(ghes.responseProblems).toEqual([])
      await ghes.close()
    }
  )

  it('found nothing wrong with any answer', () => {
    expect(emu.responseProblems).toEqual([])
  })
})
