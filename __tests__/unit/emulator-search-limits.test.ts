/**
 * The emulator's issue search beyond the query language: GitHub's two search rate limits and the switch that
 * lifts them, the "as of" cutoff a benchmark replays history with, speed on a repository of 16,000 issues, and
 * the BM25 index a benchmark ranks with.
 */
import { describe, expect, it } from '@jest/globals'
import { startGitHubEmulator, type GitHubEmulator, type RepoSeed } from '../emulators/github/index.js'
import { Bm25Index, normalizeToken, tokenize } from '../emulators/github/bm25.js'

const user = { login: 'rustacean', type: 'User' as const }

function seed(): RepoSeed {
  return {
    owner: 'acme',
    repo: 'compiler',
    labels: [],
    issues: [
      { number: 1, title: 'Panic in the parser', created_at: '2015-01-10T10:00:00Z' },
      { number: 2, title: 'Parser accepts trailing commas', created_at: '2015-02-01T00:00:00Z' },
      { number: 3, title: 'Parser is slow on long files', created_at: '2015-03-01T00:00:00Z' }
    ].map((i) => ({
      ...i,
      body: 'Seen in the parser.',
      labels: [],
      user,
      state: i.number === 1 ? ('closed' as const) : ('open' as const),
      closed_at: '2015-02-15T00:00:00Z'
    }))
  }
}

async function search(emu: GitHubEmulator, q: string, params: Record<string, string> = {}, token = 'x') {
  const query = new URLSearchParams({ q, ...params })
  const res = await fetch(`${emu.url}/search/issues?${query.toString()}`, {
    headers: { authorization: `token ${token}` }
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
  return { status: res.status, body: (await res.json()) as any, headers: res.headers }
}

const numbers = (body: { items: { number: number }[] }): number[] =>
  body.items.map((i) => i.number).sort((a, b) => a - b)

describe('emulator issue search: rate limits', () => {
  it('allows 30 searches in any 60 seconds, then answers 403 until the window slides', async () => {
    const emu = await startGitHubEmulator(seed(), { checkResponses: true })
    let now = 1_700_000_000_000
    emu.state.search.clock = () => now
    for (let i = 0; i < 30; i++) {
      const ok = await search(emu, 'parser')
      expect(ok.status).toBe(200)
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(29 - i))
      now += 1000
    }
    const refused = await search(emu, 'parser')
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/^API rate limit exceeded/)
    expect(refused.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//)
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(refused.headers.get('x-ratelimit-resource')).toBe('search')
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String((1_700_000_000_000 + 60_000) / 1000))
    now = 1_700_000_000_000 + 60_000 // the first search leaves the window
    expect((await search(emu, 'parser')).status).toBe(200)
    expect((await search(emu, 'parser')).status).toBe(403)
    const searches = emu.requests.filter((r) => r.operationId === 'search/issues-and-pull-requests')
    expect(searches.map((r) => r.status).filter((s) => s === 403)).toHaveLength(2)
    expect(emu.responseProblems).toEqual([])
    await emu.close()
  })

  it('allows 10 semantic or hybrid searches a minute, lexical ones still counting toward 30', async () => {
    const emu = await startGitHubEmulator(seed(), { checkResponses: true })
    for (let i = 0; i < 10; i++)
      expect((await search(emu, 'parser', { search_type: i % 2 ? 'semantic' : 'hybrid' })).status).toBe(200)
    const refused = await search(emu, 'parser', { search_type: 'hybrid' })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/^API rate limit exceeded .*semantic/)
    expect(refused.headers.get('x-ratelimit-limit')).toBe('10')
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const lexical = await search(emu, 'parser')
    expect(lexical.status).toBe(200)
    expect(lexical.headers.get('x-ratelimit-remaining')).toBe(String(30 - 11))
    expect(emu.responseProblems).toEqual([])
    await emu.close()
  })

  it('lifts both limits with searchLimits: false', async () => {
    const emu = await startGitHubEmulator(seed(), { searchLimits: false })
    for (let i = 0; i < 45; i++) {
      const answer = await search(emu, 'parser', { search_type: 'hybrid' })
      expect(answer.status).toBe(200)
      expect(answer.body.search_type).toBe('hybrid')
    }
    await emu.close()
  })
})

describe('emulator issue search: as of a date', () => {
  it('hides issues created after the cutoff and shows issues closed after it as open', async () => {
    const emu = await startGitHubEmulator(seed(), {
      checkResponses: true,
      searchCutoff: '2015-02-10T00:00:00Z'
    })
    const open = await search(emu, 'parser is:open')
    expect(numbers(open.body)).toEqual([1, 2])
    expect(open.body.items.find((i: { number: number }) => i.number === 1)).toMatchObject({
      state: 'open',
      state_reason: null,
      closed_at: null
    })
    expect(numbers((await search(emu, 'parser is:closed')).body)).toEqual([])
    emu.state.search.cutoff = '2015-02-20T00:00:00Z'
    expect(numbers((await search(emu, 'parser is:closed')).body)).toEqual([1])
    emu.state.search.cutoff = undefined
    expect(numbers((await search(emu, 'parser')).body)).toEqual([1, 2, 3])
    expect(emu.responseProblems).toEqual([])
    await emu.close()
  })

  it('takes the cutoff per request, so concurrent clients each see their own date', async () => {
    const dates: Record<string, string> = { early: '2015-01-31T00:00:00Z', late: '2015-02-28T00:00:00Z' }
    const emu = await startGitHubEmulator(seed(), {
      searchCutoff: (headers) => dates[(headers.authorization ?? '').split(' ')[1] ?? '']
    })
    const [early, late] = await Promise.all([
      search(emu, 'parser', {}, 'early'),
      search(emu, 'parser', {}, 'late')
    ])
    expect(numbers(early.body)).toEqual([1])
    expect(numbers(late.body)).toEqual([1, 2])
    await emu.close()
  })
})

describe('emulator issue search: 16,000 issues', () => {
  it('indexes once and then answers a query in a few milliseconds', async () => {
    // Deterministic pseudo-random issues over a Zipf-like vocabulary, the shape of real issue text.
    let x = 42
    const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`)
    const words = (n: number) =>
      Array.from({ length: n }, () => vocabulary[Math.floor(vocabulary.length * next() ** 2)]).join(' ')
    const issues = Array.from({ length: 16_000 }, (_, i) => ({
      number: i + 1,
      title: words(8),
      body: words(120),
      labels: [],
      state: 'open' as const,
      user,
      created_at: new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString().replace('.000', '')
    }))
    const emu = await startGitHubEmulator(
      { owner: 'acme', repo: 'big', labels: [], issues },
      { searchLimits: false }
    )
    const first = performance.now()
    expect((await search(emu, 'w1 w2')).status).toBe(200)
    expect(performance.now() - first).toBeLessThan(20_000)
    // CPU time, not wall time, so other work on a busy machine does not count; best of three keeps
    // garbage collection out of the figure. Client and server share this process, so both are in it.
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since)
      return (used.user + used.system) / 1000
    }
    const times: number[] = []
    // Mostly words of middling frequency, as distinctive terms in a duplicate search are (w2s is the 100th
    // commonest word, in about 9% of issues); the first two queries hit thousands of issues.
    for (const q of [
      'w1 w2',
      '"w1 w2"',
      'w2s w46',
      'w5k OR w8c',
      'w1o w28 is:open',
      'w1 w2s w46',
      'in:title w1o created:<2015-06-01'
    ]) {
      for (const search_type of [undefined, 'hybrid']) {
        const tries: number[] = []
        for (let i = 0; i < 3; i++) {
          const started = process.cpuUsage()
          const answer = await search(emu, q, search_type ? { search_type } : {})
          tries.push(cpuMs(started))
          expect(answer.status).toBe(200)
          expect(answer.body.total_count).toBeGreaterThan(0)
        }
        times.push(Math.min(...tries))
      }
    }
    times.sort((a, b) => a - b)
    // In plain Node these take about 5 ms each (3 ms of it walking 16,000 issues); under Jest on a shared
    // machine several times that. The bound still catches re-indexing or re-tokenising per query (≥ 300 ms).
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(150)
    await emu.close()
  }, 60_000)
})

describe('bm25', () => {
  it('tokenises on non-alphanumerics, keeping identifiers, folding case and plurals', () => {
    expect(tokenize('error[E0308]: `foo_bar::Baz.qux/quux` Crashes, Types and classes; status')).toEqual([
      'error',
      'e0308',
      'foo_bar',
      'baz',
      'qux',
      'quux',
      'crash',
      'type',
      'and',
      'class',
      'status'
    ])
    expect(['libraries', 'boxes', 'is', 'was', 'class'].map(normalizeToken)).toEqual([
      'library',
      'box',
      'is',
      'was',
      'class'
    ])
  })

  it('ranks with BM25, matches all or any terms, and forgets removed documents', () => {
    const index = new Bm25Index({ fields: ['title', 'body'], weights: { title: 2 } })
    index.add(1, { title: 'parser panic', body: 'the parser panics on input' })
    index.add(2, { title: 'slow build', body: 'the parser is slow' })
    index.add(3, { title: 'docs', body: 'nothing relevant here at all' })
    expect(index.search('parser panic').map((h) => h.id)).toEqual([1, 2])
    expect(index.search('parser panic', { mode: 'all' }).map((h) => h.id)).toEqual([1])
    expect(index.search('parser', { fields: ['title'] }).map((h) => h.id)).toEqual([1])
    expect(index.search('parser', { filter: (id) => id !== 1 }).map((h) => h.id)).toEqual([2])
    expect(index.contains(2, 'slow', ['body'])).toBe(true)
    expect(index.contains(2, 'slow', ['title'])).toBe(true)
    expect(index.contains(3, 'slow')).toBe(false)
    index.remove(1)
    expect(index.size).toBe(2)
    expect(index.search('panic')).toEqual([])
    index.add(2, { title: 'renamed', body: 'now about panics' })
    expect(index.search('panic').map((h) => h.id)).toEqual([2])
    expect(index.search('slow')).toEqual([])
  })
})
