import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { httpFetch, readBody } from '../../src/http/http-fetch.js'
import { closedUrl, listen } from './loopback.js'

// Each case runs through httpFetch and through Node's own fetch (undici) against the same loopback
// server, and what a caller can see must be the same.
type Fetch = typeof fetch
const implementations: [string, Fetch][] = [
  ['httpFetch', httpFetch as Fetch],
  ['global fetch', globalThis.fetch]
]

// Errors from Node's own fetch come from another realm than the tests': compared by name, not class.
const FETCH_FAILED = { name: 'TypeError', message: 'fetch failed' }
const BIG = Buffer.alloc(2 * 1024 * 1024, 'abcdefghij')
let server: Server
let other: Server
let base: string
let otherBase: string

// What a request arrived as: method, the headers a caller controls, and the body.
async function echo(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readBody(req)).toString('utf8')
  const h = req.headers
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('x-multi', ['a', 'b'])
  res.end(
    JSON.stringify({
      method: req.method,
      path: req.url,
      body,
      contentType: h['content-type'] ?? null,
      contentLength: h['content-length'] ?? null,
      authorization: h.authorization ?? null,
      custom: h['x-custom'] ?? null
    })
  )
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x')
  const to = url.searchParams.get('to') ?? '/echo'
  switch (url.pathname) {
    case '/echo':
      void echo(req, res)
      return
    case '/json':
      res.writeHead(200, 'Fine', { 'content-type': 'application/json', 'x-request-id': 'req_1' })
      res.end('\ufeff{"ok":true,"text":"h\u00e9llo \u2603"}')
      return
    case '/missing':
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"message":"Not Found"}')
      return
    case '/empty':
      res.writeHead(204)
      res.end()
      return
    case '/big':
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(BIG)
      return
    case '/gzip':
    case '/deflate':
    case '/br': {
      const text = Buffer.from(JSON.stringify({ encoded: url.pathname, filler: 'x'.repeat(5000) }))
      const zipped =
        url.pathname === '/gzip'
          ? gzipSync(text)
          : url.pathname === '/br'
            ? brotliCompressSync(text)
            : deflateSync(text)
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': url.pathname.slice(1) })
      res.end(zipped)
      return
    }
    case '/redirect':
      req.resume()
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to })
      res.end()
      return
    case '/loop':
      req.resume()
      res.writeHead(302, { location: '/loop' })
      res.end()
      return
    case '/slow-head':
      // Never answers: only an abort ends this request.
      req.resume()
      return
    case '/slow-body':
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('the start, and then nothing')
      return
    default:
      res.writeHead(500)
      res.end()
  }
}

beforeAll(async () => {
  server = createServer(handle)
  other = createServer(handle)
  base = await listen(server)
  otherBase = await listen(other)
})

afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

async function seen(f: Fetch, path: string, init?: RequestInit) {
  const res = await f(`${base}${path}`, init)
  const headers = [...res.headers].filter(([name]) => !['date', 'keep-alive', 'connection'].includes(name))
  return {
    status: res.status,
    ok: res.ok,
    statusText: res.statusText,
    url: res.url,
    redirected: res.redirected,
    headers,
    contentType: res.headers.get('Content-Type'),
    text: await res.text()
  }
}

async function both(path: string, init?: () => RequestInit) {
  const [mine, theirs] = await Promise.all(implementations.map(([, f]) => seen(f, path, init?.())))
  expect(mine).toEqual(theirs)
  return mine!
}

describe('httpFetch, compared with the global fetch', () => {
  it('reads a JSON answer: status, status text, headers in name order, BOM dropped', async () => {
    const res = await both('/json')
    expect(res).toMatchObject({ status: 200, ok: true, statusText: 'Fine', redirected: false })
    const names = res.headers.map(([name]) => name)
    expect(names).toEqual([...names].sort())
    expect(names).toEqual(expect.arrayContaining(['content-type', 'x-request-id']))
    expect(JSON.parse(res.text)).toEqual({ ok: true, text: 'h\u00e9llo \u2603' })
  })

  it('sends a method, a body and headers given as a Headers object, a record or pairs', async () => {
    const forms: (() => ConstructorParameters<typeof Headers>[0])[] = [
      () => new Headers({ 'Content-Type': 'application/json', Authorization: 'token t', 'X-Custom': 'one' }),
      () => ({ 'content-type': 'application/json', authorization: 'token t', 'x-custom': 'one' }),
      () => [
        ['Content-Type', 'application/json'],
        ['Authorization', 'token t'],
        ['X-Custom', 'one']
      ]
    ]
    for (const headers of forms) {
      const res = await both('/echo', () => ({
        method: 'PATCH',
        headers: headers(),
        body: '{"labels":["bug"]}'
      }))
      expect(JSON.parse(res.text)).toEqual({
        method: 'PATCH',
        path: '/echo',
        body: '{"labels":["bug"]}',
        contentType: 'application/json',
        contentLength: '18',
        authorization: 'token t',
        custom: 'one'
      })
      expect(res.headers).toContainEqual(['x-multi', 'a, b'])
    }
  })

  it('sends bytes and URL-encoded forms with their length, and a POST without a body as length 0', async () => {
    const bytes = JSON.parse(
      (await both('/echo', () => ({ method: 'POST', body: new TextEncoder().encode('é!') }))).text
    )
    expect(bytes).toMatchObject({ body: 'é!', contentLength: '3', contentType: null })
    const form = JSON.parse(
      (await both('/echo', () => ({ method: 'POST', body: new URLSearchParams({ a: '1 2' }) }))).text
    )
    expect(form).toMatchObject({
      body: 'a=1+2',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8'
    })
    const text = JSON.parse((await both('/echo', () => ({ method: 'POST', body: 'plain' }))).text)
    expect(text).toMatchObject({ contentType: 'text/plain;charset=UTF-8' })
    const none = JSON.parse((await both('/echo', () => ({ method: 'POST' }))).text)
    expect(none).toMatchObject({ body: '', contentLength: '0' })
  })

  it('answers an error status without throwing, and a 204 with no body', async () => {
    expect(await both('/missing')).toMatchObject({ status: 404, ok: false, text: '{"message":"Not Found"}' })
    expect(await both('/empty')).toMatchObject({ status: 204, ok: true, text: '' })
    const empty = await httpFetch(`${base}/empty`)
    expect(empty.body).toBeNull()
  })

  it('decodes gzip, deflate and brotli answers', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await both(`/${encoding}`)
      expect(JSON.parse(res.text)).toMatchObject({ encoded: `/${encoding}` })
    }
  })

  it('follows redirects: 302 after POST becomes GET without the body, 307 keeps both', async () => {
    const post = () => ({ method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } })
    const moved = await both('/redirect?status=302', post)
    expect(moved).toMatchObject({ redirected: true, url: `${base}/echo` })
    expect(JSON.parse(moved.text)).toMatchObject({ method: 'GET', body: '', contentType: null })
    const kept = await both('/redirect?status=307', post)
    expect(JSON.parse(kept.text)).toMatchObject({
      method: 'POST',
      body: 'payload',
      contentType: 'text/plain'
    })
    const other303 = await both('/redirect?status=303', () => ({ method: 'PUT', body: 'x' }))
    expect(JSON.parse(other303.text)).toMatchObject({ method: 'GET', body: '' })
  })

  it('drops the credentials when a redirect leaves the origin, keeps them within it', async () => {
    const auth = () => ({ headers: { authorization: 'token secret', 'x-custom': 'kept' } })
    const away = await both(`/redirect?to=${encodeURIComponent(`${otherBase}/echo`)}`, auth)
    expect(JSON.parse(away.text)).toMatchObject({ authorization: null, custom: 'kept' })
    const home = await both('/redirect?to=/echo', auth)
    expect(JSON.parse(home.text)).toMatchObject({ authorization: 'token secret' })
  })

  it("returns the redirect itself with redirect: 'manual', and refuses it with 'error'", async () => {
    const manual = await both('/redirect?status=301', () => ({ redirect: 'manual' }))
    expect(manual).toMatchObject({ status: 301, redirected: false })
    expect(manual.headers).toContainEqual(['location', '/echo'])
    for (const [, f] of implementations) {
      await expect(f(`${base}/redirect`, { redirect: 'error' })).rejects.toMatchObject(FETCH_FAILED)
    }
  })

  it('gives up after 20 redirects, and on a redirect out of HTTP, with a TypeError', async () => {
    const away = `${base}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`
    for (const [, f] of implementations) {
      await expect(f(`${base}/loop`)).rejects.toMatchObject(FETCH_FAILED)
      await expect(f(away)).rejects.toMatchObject(FETCH_FAILED)
    }
  })

  it('rejects a refused connection as TypeError("fetch failed") with the cause', async () => {
    const url = await closedUrl()
    for (const [, f] of implementations) {
      const error = (await f(`${url}/x`).catch((e: unknown) => e)) as TypeError & {
        cause?: { code?: string }
      }
      expect(error).toMatchObject(FETCH_FAILED)
      expect(error.cause?.code).toBe('ECONNREFUSED')
    }
  })

  it('rejects with the abort reason: before sending, waiting for the answer, and reading the body', async () => {
    for (const [, f] of implementations) {
      const early = new AbortController()
      early.abort()
      await expect(f(`${base}/json`, { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' })

      const waiting = new AbortController()
      const pending = f(`${base}/slow-head`, { signal: waiting.signal })
      setTimeout(() => waiting.abort(), 50)
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' })

      const reading = new AbortController()
      const res = await f(`${base}/slow-body`, { signal: reading.signal })
      const text = res.text()
      setTimeout(() => reading.abort(), 50)
      await expect(text).rejects.toMatchObject({ name: 'AbortError' })

      const timedOut = f(`${base}/slow-head`, { signal: AbortSignal.timeout(50) })
      await expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' })
    }
  })

  it('refuses a header value with a line break, as fetch does', async () => {
    for (const [, f] of implementations) {
      await expect(
        f(`${base}/echo`, { headers: { 'x-custom': 'a\r\nx-injected: 1' } })
      ).rejects.toMatchObject({
        name: 'TypeError'
      })
    }
  })

  it('upper-cases the standard methods as fetch does, before the redirect rules look at them', async () => {
    // Node's client upper-cases what it sends anyway; a 302 after 'post' shows the rules saw POST.
    const lower = JSON.parse((await both('/echo', () => ({ method: 'post', body: 'x' }))).text)
    expect(lower).toMatchObject({ method: 'POST' })
    const moved = JSON.parse((await both('/redirect?status=302', () => ({ method: 'post', body: 'x' }))).text)
    expect(moved).toMatchObject({ method: 'GET', body: '' })
  })

  it('lets a body be read once', async () => {
    for (const [, f] of implementations) {
      const res = await f(`${base}/json`)
      await res.text()
      expect(res.bodyUsed).toBe(true)
      await expect(res.text()).rejects.toMatchObject({ name: 'TypeError' })
    }
  })
})

describe('httpFetch', () => {
  it('streams a large body as bytes, whole, from either fetch', async () => {
    const res = await httpFetch(`${base}/big`)
    const bytes = await readBody(res.body as unknown as AsyncIterable<Uint8Array>)
    expect(bytes.equals(BIG)).toBe(true)
    // Behind a proxy the body is undici's web stream: the same reader takes it (act.ts reads the
    // answer to setting an issue type this way).
    const web = await globalThis.fetch(`${base}/big`)
    expect((await readBody(web.body as unknown as AsyncIterable<Uint8Array>)).equals(BIG)).toBe(true)
    const again = await httpFetch(`${base}/big`)
    expect(Buffer.from(await again.arrayBuffer()).equals(BIG)).toBe(true)
  })

  it('hands a streamed body to the global fetch', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'))
        controller.close()
      }
    })
    const res = await httpFetch(`${base}/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit)
    expect(res.constructor.name).toBe('Response')
    expect(JSON.parse(await res.text())).toMatchObject({ method: 'POST', body: 'streamed' })
  })
})
