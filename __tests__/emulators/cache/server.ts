// A loopback emulator of the GitHub Actions cache service as @actions/cache 6 uses it on today's runners
// (ACTIONS_CACHE_SERVICE_V2 set): the Twirp JSON service at ACTIONS_RESULTS_URL
// (`POST /twirp/github.actions.results.api.v1.CacheService/<Method>`, bearer ACTIONS_RUNTIME_TOKEN),
// which answers with signed blob URLs on the same server (blob.ts). Entries are scoped by key and
// version (the hash of the cached paths and compression @actions/cache computes), keys are immutable
// (409 `already_exists`, as GitHub answers), and restore follows GitHub's order: the key exactly, then
// the newest entry the key is a prefix of, then each restore key the same way. Not emulated: branch
// scopes, eviction, the v1 REST service (Enterprise Server only), SAS expiry.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveBlob, storageError, type StoredBlob } from './blob.js'

const service = '/twirp/github.actions.results.api.v1.CacheService/'
const account = '/devstoreaccount1/actions-cache/'

/** A request the emulator received. */
export interface CacheRequest {
  method: string
  /** Path without the query string (signatures stay out of test output). */
  path: string
  /** The Twirp method, for service calls. */
  rpc?: string
  /** The parsed JSON body of a service call. */
  body?: Record<string, unknown>
  /** Bytes received (blob uploads). */
  bytes: number
  status: number
}

/** A cache entry: reserved by CreateCacheEntry, visible once FinalizeCacheEntryUpload committed it. */
export interface CacheEntry {
  id: number
  key: string
  version: string
  size?: number
  /** Order of finalization: the newest entry has the largest. */
  committed?: number
}

/** A fault: the next `times` matching requests (default: all) answer `status`, or the connection is cut. */
export interface CacheFault {
  /** A Twirp method name, `blob-upload`, `blob-download`, or `*`. */
  target: string
  status?: number
  /** Cut the connection without an answer instead. */
  drop?: boolean
  times?: number
}

/** A running loopback cache service. */
export interface CacheEmulator {
  /** ACTIONS_RESULTS_URL, with the trailing slash the runner gives it. */
  url: string
  token: string
  requests: CacheRequest[]
  /** Twirp calls received, by method name, in order. */
  calls(rpc?: string): CacheRequest[]
  entries(): CacheEntry[]
  /** The committed archive of an entry (what a restore would download). */
  archive(key: string): Buffer | undefined
  /** Adds a fault; faults are checked in the order added. */
  fail(fault: CacheFault): void
  /** Downloads answer these bytes instead of the archive (a corrupted entry). */
  corruptDownloads(bytes: Buffer | undefined): void
  clearFaults(): void
  /** The variables a runner sets for @actions/cache to use this service. */
  env(): Record<string, string>
  close(): Promise<void>
}

const twirpCodes: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'resource_exhausted',
  500: 'internal',
  503: 'unavailable'
}

function twirp(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(status < 300 ? body : { code: twirpCodes[status] ?? 'unknown', msg: body }))
}

/** Starts the emulator on 127.0.0.1 (a free port). */
export async function startCacheEmulator(options: { token?: string } = {}): Promise<CacheEmulator> {
  const token = options.token ?? 'runtime-token'
  const secret = crypto.randomUUID()
  const entries: CacheEntry[] = []
  const blobs = new Map<string, StoredBlob>()
  const requests: CacheRequest[] = []
  let faults: CacheFault[] = []
  let corrupt: Buffer | undefined
  let nextId = 1
  let commits = 0
  let base = ''

  const sign = (name: string, permission: string): string =>
    createHmac('sha256', secret).update(`${name}|${permission}`).digest('base64url')
  const signedUrl = (name: string, permission: 'cw' | 'r'): string =>
    `${base}${account}${name}?sv=2025-01-05&sr=b&sp=${permission}&se=2099-01-01T00%3A00%3A00Z&sig=${sign(name, permission)}`

  const visible = (version: string) =>
    entries.filter((e) => e.version === version && e.committed !== undefined)
  const newest = (list: CacheEntry[]) =>
    list.reduce<CacheEntry | undefined>(
      (a, b) => (a === undefined || b.committed! > a.committed! ? b : a),
      undefined
    )
  function lookup(key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
    const list = visible(version)
    for (const wanted of [key, ...restoreKeys]) {
      const found = list.find((e) => e.key === wanted) ?? newest(list.filter((e) => e.key.startsWith(wanted)))
      if (found) return found
    }
    return undefined
  }

  function rpc(method: string, body: Record<string, unknown>): [number, unknown] {
    const key = String(body.key ?? '')
    const version = String(body.version ?? '')
    if (!key || !version) return [400, 'key and version are required']
    switch (method) {
      case 'CreateCacheEntry': {
        if (entries.some((e) => e.key === key && e.version === version))
          return [409, 'cache entry with the same key, version, and scope already exists']
        const entry: CacheEntry = { id: nextId++, key, version }
        entries.push(entry)
        return [200, { ok: true, signed_upload_url: signedUrl(String(entry.id), 'cw') }]
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = entries.find((e) => e.key === key && e.version === version && e.committed === undefined)
        if (!entry) return [404, 'no cache entry reserved for this key and version']
        const size = blobs.get(String(entry.id))?.data?.length
        if (size === undefined || String(size) !== String(body.size_bytes))
          return [200, { ok: false, message: `uploaded ${size ?? 0} bytes, not ${String(body.size_bytes)}` }]
        entry.size = size
        entry.committed = ++commits
        return [200, { ok: true, entry_id: String(entry.id) }]
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : []
        const entry = lookup(key, restoreKeys, version)
        if (!entry) return [200, { ok: false }]
        return [
          200,
          { ok: true, signed_download_url: signedUrl(String(entry.id), 'r'), matched_key: entry.key }
        ]
      }
    }
    return [404, `no method ${method}`]
  }

  function faultFor(target: string): CacheFault | undefined {
    const fault = faults.find((f) => f.target === target || f.target === '*')
    if (fault?.times !== undefined && --fault.times <= 0) faults = faults.filter((f) => f !== fault)
    return fault
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: CacheRequest, body: Buffer) {
    const url = new URL(req.url ?? '/', base)
    if (url.pathname.startsWith(service) && req.method === 'POST') {
      const method = url.pathname.slice(service.length)
      record.rpc = method
      record.body = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {}
      const fault = faultFor(method)
      if (fault?.drop) return void req.socket.destroy()
      if (fault) return twirp(res, fault.status ?? 500, 'emulated failure')
      if (req.headers.authorization !== `Bearer ${token}`) return twirp(res, 401, 'invalid runtime token')
      const [status, answer] = rpc(method, record.body)
      return twirp(res, status, answer)
    }
    if (url.pathname.startsWith(account)) {
      const name = url.pathname.slice(account.length)
      const writing = req.method === 'PUT'
      const fault = faultFor(writing ? 'blob-upload' : 'blob-download')
      if (fault?.drop) return void req.socket.destroy()
      if (fault) return storageError(res, fault.status ?? 500, 'InternalError', 'emulated failure')
      const permission = writing ? 'cw' : 'r'
      if (url.searchParams.get('sp') !== permission || url.searchParams.get('sig') !== sign(name, permission))
        return storageError(res, 403, 'AuthenticationFailed', 'Signature did not match.')
      const entry = entries.find((e) => String(e.id) === name)
      if (writing && entry?.committed !== undefined)
        return storageError(res, 409, 'BlobImmutable', 'The entry is already committed.')
      if (!writing && corrupt !== undefined && req.method === 'GET') {
        res.writeHead(200, { 'content-length': String(corrupt.length) })
        return void res.end(corrupt)
      }
      return serveBlob(req, res, url, body, blobs, name)
    }
    res.writeHead(404).end()
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const record: CacheRequest = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0]!,
        bytes: body.length,
        status: 0
      }
      requests.push(record)
      res.on('finish', () => (record.status = res.statusCode))
      handle(req, res, record, body).catch((error: unknown) => {
        if (!res.headersSent) twirp(res, 500, String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: `${base}/`,
    token,
    requests,
    calls: (name) => requests.filter((r) => r.rpc !== undefined && (name === undefined || r.rpc === name)),
    entries: () => entries.map((e) => ({ ...e })),
    archive: (key) => {
      const entry = newest(entries.filter((e) => e.key === key && e.committed !== undefined))
      return entry && blobs.get(String(entry.id))?.data
    },
    fail: (fault) => void faults.push({ ...fault }),
    corruptDownloads: (bytes) => void (corrupt = bytes),
    clearFaults: () => void (faults = []),
    env: () => ({
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RESULTS_URL: `${base}/`,
      ACTIONS_RUNTIME_TOKEN: token
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
