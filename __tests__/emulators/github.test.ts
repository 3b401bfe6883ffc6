/**
 * The GitHub emulator must refuse what GitHub refuses and answer in GitHub's shapes, or every end-to-end test
 * built on it proves nothing. These tests talk to it with plain fetch, as any client would.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  allOperations,
  implementedOperations,
  sampleRepo,
  startGitHubEmulator,
  validateResponse,
  type GitHubEmulator,
  type RepoSeed
} from './github/index.js'

interface Answer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
  headers: Headers
}

/** A fetch-based client for one emulator; `init.headers` replaces the default token when given. */
function client(emu: GitHubEmulator) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<Answer> => {
    const url = path.startsWith('http') ? path : emu.url + path
    const res = await fetch(url, {
      method,
      headers: headers ?? { authorization: 'token ghs_test', 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
  }
}

const R = '/repos/octo-org/widgets'
const names = (labels: { name: string }[]): string[] => labels.map((l) => l.name)

describe('GitHub emulator: contract', () => {
  let emu: GitHubEmulator
  let call: ReturnType<typeof client>
  beforeAll(async () => {
    emu = await startGitHubEmulator(sampleRepo())
    call = client(emu)
  })
  afterAll(() => emu.close())

  it('implements every operation of the description, and starts fast', async () => {
    expect([...implementedOperations].sort()).toEqual(
      allOperations()
        .map((o) => o.id)
        .sort()
    )
    expect(implementedOperations).toHaveLength(40)
    const started = performance.now()
    const another = await startGitHubEmulator(sampleRepo())
    expect(performance.now() - started).toBeLessThan(200)
    await another.close()
  })

  it('answers 401 without a token and records it', async () => {
    const answer = await call('GET', `${R}/labels`, undefined, {})
    expect(answer.status).toBe(401)
    expect(answer.body.message).toBe('Requires authentication')
    expect(emu.rejected.at(-1)).toMatchObject({ method: 'GET', path: `${R}/labels` })
  })

  it.each([
    ['an unknown route', 'GET', `${R}/nope`, undefined, 404],
    ['a method the path lacks', 'DELETE', `${R}/labels/bug`, undefined, 404],
    ['a non-numeric issue number', 'GET', `${R}/issues/abc`, undefined, 404],
    ['a bad state_reason', 'PATCH', `${R}/issues/1`, { state: 'closed', state_reason: 'bogus' }, 422],
    ['a comment body of the wrong type', 'POST', `${R}/issues/1/comments`, { body: 42 }, 422],
    ['a comment with no body at all', 'POST', `${R}/issues/1/comments`, undefined, 422],
    ['add-labels with an empty list', 'POST', `${R}/issues/1/labels`, { labels: [] }, 422],
    ['set-labels with an empty list', 'PUT', `${R}/issues/1/labels`, { labels: [] }, 422],
    ['add-labels with a bare array', 'POST', `${R}/issues/1/labels`, ['bug'], 422],
    [
      'a label item with a bad confidence',
      'POST',
      `${R}/issues/1/labels`,
      { labels: [{ name: 'bug', confidence: 'sure' }] },
      422
    ],
    ['a bad enum in the query', 'GET', `${R}/issues?state=bogus`, undefined, 422],
    ['a non-integer per_page', 'GET', `${R}/labels?per_page=lots`, undefined, 422],
    ['a query parameter the operation lacks', 'GET', `${R}/labels?perpage=100`, undefined, 422],
    ['a body that is not JSON', 'POST', `${R}/issues/1/comments`, '{"body": ', 400],
    ['a body where none is defined', 'POST', `${R}/issues/1/suggestions/1/approve`, { ok: true }, 422]
  ])('refuses %s', async (_what, method, path, body, status) => {
    const before = emu.rejected.length
    const answer = await call(method, path, body)
    expect(answer.status).toBe(status)
    expect(typeof answer.body.message).toBe('string')
    if (status === 404) expect(answer.body.message).toBe('Not Found')
    if (status === 422) expect(answer.body.message).toMatch(/^Invalid request\.\n\n\S/)
    expect(emu.rejected).toHaveLength(before + 1)
    expect(emu.issue(1).labels).toEqual([])
    expect(emu.issue(1).state).toBe('open')
  })

  it('names the broken field in a 422', async () => {
    const answer = await call('PATCH', `${R}/issues/1`, { state: 'closed', state_reason: 'bogus' })
    expect(answer.body.message).toBe(
      'Invalid request.\n\nbody/state_reason must be equal to one of the allowed values: ["completed","not_planned","duplicate","reopened"]'
    )
    expect((await call('GET', `${R}/labels?perpage=100`)).body.message).toContain(
      'must NOT have additional properties: perpage'
    )
    expect(answer.body.documentation_url).toBe('https://docs.github.com/rest/issues/issues#update-an-issue')
  })

  it('does not count GitHub-allowed answers like 404 for a missing issue as refusals', async () => {
    const before = emu.rejected.length
    expect((await call('GET', `${R}/issues/999`)).status).toBe(404)
    expect((await call('GET', `/repos/someone/else/issues/1`)).status).toBe(404)
    expect(emu.rejected).toHaveLength(before)
  })

  it('sends rate-limit headers and counts requests', async () => {
    const answer = await call('GET', `${R}/issues/1`)
    expect(answer.headers.get('x-ratelimit-limit')).toBe('1000')
    expect(Number(answer.headers.get('x-ratelimit-used'))).toBeGreaterThan(0)
    expect(answer.headers.get('x-ratelimit-resource')).toBe('core')
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
  })

  it('lists pull requests with issues, as GitHub does', async () => {
    const answer = await call('GET', `${R}/issues?state=all&per_page=100`)
    const pr = answer.body.find((i: { number: number }) => i.number === 4)
    expect(pr.pull_request.html_url).toBe('https://github.com/octo-org/widgets/pull/4')
    expect(answer.body.map((i: { number: number }) => i.number)).toEqual([7, 6, 5, 1, 4, 2, 3])
  })
})

describe('GitHub emulator: pagination', () => {
  const seed: RepoSeed = {
    ...sampleRepo(),
    issues: [],
    events: {},
    labels: Array.from({ length: 180 }, (_, i) => ({ name: i % 3 ? `sig/team-${i}` : `area: part ${i} ✨` }))
  }
  let emu: GitHubEmulator
  let call: ReturnType<typeof client>
  beforeAll(async () => {
    emu = await startGitHubEmulator(seed)
    call = client(emu)
  })
  afterAll(() => emu.close())

  it('gives GitHub-style link headers', async () => {
    const first = await call('GET', `${R}/labels`)
    expect(first.body).toHaveLength(30)
    expect(first.headers.get('link')).toBe(
      `<${emu.url}${R}/labels?page=2>; rel="next", <${emu.url}${R}/labels?page=6>; rel="last"`
    )
    const middle = await call('GET', `${R}/labels?per_page=50&page=2`)
    expect(middle.headers.get('link')).toBe(
      [
        `<${emu.url}${R}/labels?per_page=50&page=1>; rel="prev"`,
        `<${emu.url}${R}/labels?per_page=50&page=3>; rel="next"`,
        `<${emu.url}${R}/labels?per_page=50&page=4>; rel="last"`,
        `<${emu.url}${R}/labels?per_page=50&page=1>; rel="first"`
      ].join(', ')
    )
    const last = await call('GET', `${R}/labels?per_page=50&page=4`)
    expect(last.body).toHaveLength(30)
    expect(last.headers.get('link')).not.toContain('rel="next"')
  })

  it('caps per_page at 100 and lets a client following rel="next" see every label once', async () => {
    const capped = await call('GET', `${R}/labels?per_page=500`)
    expect(capped.body).toHaveLength(100)
    for (const start of [`${R}/labels`, `${R}/labels?per_page=100`]) {
      const seen: string[] = []
      let next: string | undefined = start
      while (next) {
        const page = await call('GET', next)
        seen.push(...names(page.body))
        next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1]
      }
      expect(seen).toEqual(seed.labels.map((l) => l.name))
    }
    expect(emu.rejected).toEqual([])
  })

  it('sends no link header when everything fits one page', async () => {
    expect((await call('GET', `${R}/labels?per_page=100&page=2`)).body).toHaveLength(80)
    const small = await startGitHubEmulator(sampleRepo())
    const answer = await client(small)('GET', `${R}/labels`)
    expect(answer.headers.get('link')).toBeNull()
    await small.close()
  })
})

describe('GitHub emulator: faults', () => {
  it('answers a fault the given number of times, then the real handler', async () => {
    const emu = await startGitHubEmulator(sampleRepo(), {
      faults: [
        { path: 'issues/add-labels', status: 500, times: 1 },
        {
          method: 'POST',
          path: /\/comments$/,
          status: 403,
          body: { message: 'You have exceeded a secondary rate limit.' },
          headers: { 'retry-after': '60' }
        }
      ]
    })
    const call = client(emu)
    expect((await call('POST', `${R}/issues/1/labels`, { labels: ['bug'] })).status).toBe(500)
    expect((await call('POST', `${R}/issues/1/labels`, { labels: ['bug'] })).status).toBe(200)
    for (let i = 0; i < 2; i++) {
      const limited = await call('POST', `${R}/issues/1/comments`, { body: 'hello' })
      expect(limited.status).toBe(403)
      expect(limited.headers.get('retry-after')).toBe('60')
    }
    expect(emu.issue(1)).toMatchObject({ labels: ['bug'], comments: [] })
    expect(emu.writes().map((w) => w.status)).toEqual([500, 200, 403, 403])
    await emu.close()
  })

  it('with afterWrite, stores the write and answers the fault anyway', async () => {
    const emu = await startGitHubEmulator(sampleRepo(), {
      faults: [{ method: 'POST', path: 'issues/create-comment', status: 502, afterWrite: true, times: 1 }]
    })
    const call = client(emu)
    const first = await call('POST', `${R}/issues/1/comments`, { body: 'hello' })
    expect(first.status).toBe(502)
    expect(first.body.message).toBe('Bad Gateway')
    expect((await call('POST', `${R}/issues/1/comments`, { body: 'again' })).status).toBe(201)
    expect(emu.issue(1).comments.map((c) => c.body)).toEqual(['hello', 'again'])
    await emu.close()
  })

  it('lets a test change the state when a request arrives, before its handler', async () => {
    const seen: string[] = []
    const emu = await startGitHubEmulator(sampleRepo(), {
      onRequest: (request, state) => {
        seen.push(`${request.method} ${request.operationId}`)
        if (request.operationId !== 'issues/create-comment') return
        state.comments.push({
          id: state.nextId(),
          issue: 1,
          body: 'first',
          user: { login: 'someone', type: 'User' },
          created_at: '2025-03-02T09:15:00Z',
          updated_at: '2025-03-02T09:15:00Z'
        })
      }
    })
    const call = client(emu)
    expect((await call('POST', `${R}/issues/1/comments`, { body: 'second' })).status).toBe(201)
    expect(emu.issue(1).comments.map((c) => c.body)).toEqual(['first', 'second'])
    // Refused requests never reach it.
    expect((await call('POST', `${R}/issues/1/comments`, {})).status).toBe(422)
    expect(seen).toEqual(['POST issues/create-comment'])
    await emu.close()
  })
})

describe('GitHub emulator: response schemas', () => {
  it('rejects an answer that breaks the schema (the check is not vacuous)', () => {
    const label = { id: 1, node_id: 'x', url: 'u', name: 'bug', description: null, default: false }
    expect(validateResponse('issues/list-labels-for-repo', 200, [label]).join()).toContain(
      "must have required property 'color'"
    )
    expect(validateResponse('issues/list-labels-for-repo', 200, [{ ...label, color: 'ededed' }])).toEqual([])
  })
})
