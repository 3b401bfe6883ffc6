import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'

/**
 * fetch over node:http and node:https for the requests this action makes: a URL, a method, headers
 * and a buffered body; JSON or bytes back. Node's own fetch is undici, whose first request loads and
 * compiles its HTTP machinery (a WebAssembly HTTP parser among it): ~25 ms of every run against the
 * loopback emulators, more than the rest of a typical triage's own work. Node's HTTP client is part of
 * the runtime. Anything else (a Request object, a streamed, FormData or Blob body, another scheme)
 * goes to the global fetch unchanged.
 *
 * Follows fetch where the two callers (Octokit, the openai SDK) can tell: redirects are followed up
 * to 20 (credentials dropped across origins; 303, and 301/302 after POST, become GET), gzip, deflate
 * and brotli answers are decoded, an abort signal rejects with its reason, and a network failure is
 * `TypeError('fetch failed', { cause })`. A response's `body` is a Node stream: both callers only
 * iterate it or cancel it, and a web stream would load undici's stream machinery back.
 */

type Init = RequestInit & { duplex?: string }

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20
// Statuses and methods whose answer has no body, per the fetch standard.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])
// As undici: a server that sends nothing for five minutes is given up on.
const IDLE_MS = 300_000
// Headers a request loses when a redirect leaves its origin, or turns it into a GET.
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization']
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location'
]

/** A response's headers, read-only, names in lower case, iterated in name order as fetch does. */
export class HttpHeaders {
  private readonly map = new Map<string, string>()

  constructor(raw: IncomingHttpHeaders) {
    for (const name of Object.keys(raw).sort()) {
      const value = raw[name]
      if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase())
  }

  forEach(fn: (value: string, name: string, headers: HttpHeaders) => void): void {
    for (const [name, value] of this.map) fn(value, name, this)
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries()
  }

  keys(): IterableIterator<string> {
    return this.map.keys()
  }

  values(): IterableIterator<string> {
    return this.map.values()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries()
  }
}

/** What a fetch Response offers its two callers here. */
export class HttpResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: HttpHeaders
  readonly url: string
  readonly redirected: boolean
  readonly type = 'basic'
  /** The decoded body as a Node stream (async iterable of bytes), or null when there is none. */
  readonly body: Readable | null
  private used = false

  constructor(
    message: IncomingMessage,
    body: Readable | null,
    url: string,
    redirected: boolean,
    private readonly signal: AbortSignal | null
  ) {
    this.status = message.statusCode ?? 0
    this.statusText = message.statusMessage ?? ''
    this.headers = new HttpHeaders(message.headers)
    this.url = url
    this.redirected = redirected
    this.body = body
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299
  }

  get bodyUsed(): boolean {
    return this.used
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.read()
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer())
  }

  async text(): Promise<string> {
    const text = (await this.read()).toString('utf8')
    // As fetch's UTF-8 decode: a byte order mark is not part of the text.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown
  }

  private async read(): Promise<Buffer> {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read')
    this.used = true
    return this.body ? readBody(this.body, this.signal) : Buffer.alloc(0)
  }
}

/** All of a body's bytes: an abort rejects with the signal's reason, a cut-off answer as fetch does. */
export async function readBody(
  body: AsyncIterable<Uint8Array> | null | undefined,
  signal: AbortSignal | null = null
): Promise<Buffer> {
  if (!body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  try {
    for await (const chunk of body) chunks.push(chunk)
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal)
    throw new TypeError('terminated', { cause: error })
  }
  return Buffer.concat(chunks)
}

// What fetch rejects with when no answer came: Octokit and the SDK read the cause for their messages.
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause })
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

/** The body as bytes, with the content type fetch would give it; undefined: not a kind handled here. */
function bufferedBody(body: Init['body']): { bytes: Buffer | null; type?: string } | undefined {
  if (body === undefined || body === null) return { bytes: null }
  if (typeof body === 'string') return { bytes: Buffer.from(body), type: 'text/plain;charset=UTF-8' }
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body) }
  if (ArrayBuffer.isView(body)) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) }
  if (body instanceof URLSearchParams) {
    return { bytes: Buffer.from(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' }
  }
  return undefined
}

/** Request headers from any form fetch accepts, names in lower case, repeats joined as fetch does. */
function headerRecord(headers: Init['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  const add = (name: string, value: string) => {
    const key = name.toLowerCase()
    const text = String(value).trim()
    out[key] = key in out ? `${out[key]}, ${text}` : text
  }
  if (!headers) return out
  if (Array.isArray(headers)) for (const [name, value] of headers) add(name!, value!)
  else if (typeof (headers as Headers).forEach === 'function')
    (headers as Headers).forEach((v, k) => add(k, v))
  else for (const [name, value] of Object.entries(headers)) if (value !== undefined) add(name, value)
  return out
}

function decoded(message: IncomingMessage): Readable {
  const encoding = (message.headers['content-encoding'] ?? '').trim().toLowerCase()
  if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) return message
  const zlib = process.getBuiltinModule('node:zlib')
  const { pipeline } = process.getBuiltinModule('node:stream')
  // Servers send what is called "deflate" with and without its zlib header; both are accepted.
  const decoder =
    encoding === 'br'
      ? zlib.createBrotliDecompress()
      : encoding === 'deflate'
        ? zlib.createUnzip()
        : zlib.createGunzip()
  return pipeline(message, decoder, () => undefined)
}

/** Sends one request; resolves with the answer's head, its body unread. */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | null,
  signal: AbortSignal | null
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const http = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http')
    let request: ClientRequest
    try {
      request = http.request(url, { method, headers })
    } catch (error) {
      // Node refuses a header value fetch would also refuse (a newline, a non-Latin-1 character), and
      // a scheme other than HTTP (a redirect to file: or ftp:).
      reject(fetchFailed(error))
      return
    }
    let answer: IncomingMessage | undefined
    const onAbort = () => {
      const reason = abortReason(signal!) as Error
      request.destroy(reason)
      answer?.destroy(reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    request.setTimeout(IDLE_MS, () =>
      request.destroy(new Error(`no answer from ${url.host} for ${IDLE_MS / 1000} seconds`))
    )
    request.on('response', (message: IncomingMessage) => {
      answer = message
      message.on('close', () => signal?.removeEventListener('abort', onAbort))
      resolve(message)
    })
    request.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(signal?.aborted ? abortReason(signal) : fetchFailed(error))
    })
    request.end(body ?? undefined)
  })
}

/** fetch(input, init) over Node's HTTP client; see the module comment for what it covers. */
export async function httpFetch(input: string | URL | Request, init: Init = {}): Promise<Response> {
  const buffered = bufferedBody(init.body)
  let url = typeof input === 'string' || input instanceof URL ? new URL(input) : undefined
  if (!buffered || (url?.protocol !== 'http:' && url?.protocol !== 'https:')) {
    return globalThis.fetch(input, init)
  }
  const signal = init.signal ?? null
  if (signal?.aborted) throw abortReason(signal)

  // Upper case for the redirect rules below. Node's client upper-cases every method it sends; fetch
  // only the six standard ones (both callers send upper case; fetch would send 'patch' as written).
  let method = (init.method ?? 'GET').toUpperCase()
  let body = buffered.bytes
  const headers = headerRecord(init.headers)
  headers['accept'] ??= '*/*'
  headers['user-agent'] ??= 'node'
  headers['accept-encoding'] ??= 'gzip, deflate, br'
  if (buffered.type) headers['content-type'] ??= buffered.type
  const redirect = init.redirect ?? 'follow'

  for (let redirects = 0; ; redirects++) {
    if (body) headers['content-length'] = String(body.length)
    else if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0'
    else delete headers['content-length']
    const message = await send(url, method, headers, body, signal)
    const status = message.statusCode ?? 0
    const location = message.headers.location
    if (!REDIRECT_STATUSES.has(status) || !location || redirect === 'manual') {
      const empty = method === 'HEAD' || NULL_BODY_STATUSES.has(status)
      if (empty) message.resume()
      const response = new HttpResponse(
        message,
        empty ? null : decoded(message),
        url.href,
        redirects > 0,
        signal
      )
      return response as unknown as Response
    }
    message.resume()
    if (redirect === 'error') throw fetchFailed(new Error(`unexpected redirect to ${location}`))
    if (redirects >= MAX_REDIRECTS) throw fetchFailed(new Error('redirect count exceeded'))
    let next: URL
    try {
      next = new URL(location, url)
    } catch (error) {
      throw fetchFailed(error)
    }
    if (next.origin !== url.origin) for (const name of CREDENTIALS) delete headers[name]
    if (
      (status === 303 && method !== 'GET' && method !== 'HEAD') ||
      ((status === 301 || status === 302) && method === 'POST')
    ) {
      method = 'GET'
      body = null
      for (const name of BODY_HEADERS) delete headers[name]
    }
    url = next
  }
}
