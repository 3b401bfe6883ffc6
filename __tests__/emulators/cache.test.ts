import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
// The blob client @actions/cache itself uses (a dependency of it): what the emulator's blob endpoints
// must satisfy, including the paths a loopback restore does not take (@actions/cache uses the SDK to
// download only from *.blob.core.windows.net) and the block upload of archives over 128 MiB.
import { BlockBlobClient } from '@azure/storage-blob'
import { startCacheEmulator, type CacheEmulator } from './cache/server.js'

let cache: CacheEmulator
beforeEach(async () => {
  cache = await startCacheEmulator()
})
afterEach(() => cache.close())

async function call(method: string, body: unknown, token = cache.token) {
  const res = await fetch(`${cache.url}twirp/github.actions.results.api.v1.CacheService/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

describe('the cache service emulator', () => {
  it('takes an upload in blocks, and serves it to the SDK by HEAD and ranged GETs', async () => {
    const created = await call('CreateCacheEntry', { key: 'k', version: 'v1' })
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251))
    await new BlockBlobClient(created.body.signed_upload_url!).uploadData(data, {
      maxSingleShotSize: 100_000,
      blockSize: 100_000
    })
    expect(cache.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([
      201, 201, 201, 201
    ])
    expect(await call('FinalizeCacheEntryUpload', { key: 'k', version: 'v1', size_bytes: '300000' })).toEqual(
      {
        status: 200,
        body: { ok: true, entry_id: '1' }
      }
    )

    const found = await call('GetCacheEntryDownloadURL', { key: 'x', restore_keys: ['k'], version: 'v1' })
    expect(found.body).toMatchObject({ ok: true, matched_key: 'k' })
    const download = new BlockBlobClient(found.body.signed_download_url!)
    expect((await download.getProperties()).contentLength).toBe(300_000)
    expect((await download.downloadToBuffer(0, undefined, { blockSize: 128_000 })).equals(data)).toBe(true)
    const reads = cache.requests.filter((r) => r.method === 'GET' || r.method === 'HEAD')
    // downloadToBuffer asks for the size again itself, then reads 128,000-byte ranges.
    expect(reads.map((r) => `${r.method} ${r.status}`)).toEqual([
      'HEAD 200',
      'HEAD 200',
      'GET 206',
      'GET 206',
      'GET 206'
    ])
  })

  it('keeps keys immutable, scopes them by version and hides entries until finalized', async () => {
    await call('CreateCacheEntry', { key: 'k', version: 'v1' })
    expect(await call('GetCacheEntryDownloadURL', { key: 'k', version: 'v1' })).toEqual({
      status: 200,
      body: { ok: false }
    })
    expect(await call('CreateCacheEntry', { key: 'k', version: 'v1' })).toEqual({
      status: 409,
      body: {
        code: 'already_exists',
        msg: 'cache entry with the same key, version, and scope already exists'
      }
    })
    expect((await call('CreateCacheEntry', { key: 'k', version: 'v2' })).status).toBe(200)
    expect(
      (await call('FinalizeCacheEntryUpload', { key: 'k', version: 'v1', size_bytes: '1' })).body
    ).toEqual({
      ok: false,
      message: 'uploaded 0 bytes, not 1'
    })
  })

  it('refuses a wrong token, and a signed URL used for what it was not signed for', async () => {
    expect(await call('CreateCacheEntry', { key: 'k', version: 'v1' }, 'wrong')).toEqual({
      status: 401,
      body: { code: 'unauthenticated', msg: 'invalid runtime token' }
    })
    const created = await call('CreateCacheEntry', { key: 'k', version: 'v1' })
    const read = await fetch(created.body.signed_upload_url!)
    expect([read.status, read.headers.get('x-ms-error-code')]).toEqual([403, 'AuthenticationFailed'])
  })
})
