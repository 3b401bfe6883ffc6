import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionsCacheStore, defaultStore, directoryStore, type ModelStore } from '../../src/history/store.js'
import { captureStdout } from '../e2e/harness.js'
import { startCacheEmulator, type CacheEmulator } from '../emulators/cache/server.js'
import { closedUrl } from './loopback.js'

// A model's text: JSON of about the size a trained model has (2 MB), different per call.
const model = (tag: string) => JSON.stringify({ tag, weights: 'x'.repeat(2_000_000) })

// What @actions/core wrote to stdout while `work` ran: the runner reads annotations from it.
const logged = captureStdout
const warnings = (out: string) => [...out.matchAll(/^::warning::(.*)$/gm)].map((m) => m[1])

describe('actionsCacheStore against the cache service emulator', () => {
  let cache: CacheEmulator
  let temp: string
  let store: ModelStore
  const saved = { ...process.env }

  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), 'store-'))
  })
  afterAll(() => rmSync(temp, { recursive: true, force: true }))
  beforeEach(async () => {
    cache = await startCacheEmulator()
    // What a runner sets for a step; @actions/cache reads them from the process's environment.
    Object.assign(process.env, cache.env(), { RUNNER_TEMP: temp, GITHUB_SERVER_URL: 'https://github.com' })
    store = actionsCacheStore(join(temp, 'issue-triage-history'))
  })
  afterEach(async () => {
    await cache.close()
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  })

  it('saves a model and restores it by its exact key', async () => {
    const text = model('a')
    expect((await logged(() => store.save('history-v1-o/r-abc', text))).value).toBeUndefined()
    const [create, finalize] = cache.calls()
    expect(create).toMatchObject({
      rpc: 'CreateCacheEntry',
      status: 200,
      body: { key: 'history-v1-o/r-abc' }
    })
    expect(finalize).toMatchObject({ rpc: 'FinalizeCacheEntryUpload', status: 200 })
    const upload = cache.requests.find((r) => r.method === 'PUT')!
    // The upload is an archive of the file, compressed: far smaller than the 2 MB of text.
    expect(upload.status).toBe(201)
    expect(upload.bytes).toBeLessThan(100_000)
    expect(finalize!.body!.size_bytes).toBe(String(upload.bytes))
    expect(cache.entries()).toMatchObject([{ key: 'history-v1-o/r-abc', size: upload.bytes }])

    const { value, out } = await logged(() => store.restore('history-v1-o/r-abc', ['history-v1-o/r-']))
    expect(value).toEqual({ key: 'history-v1-o/r-abc', text })
    expect(cache.calls('GetCacheEntryDownloadURL')[0]!.body).toMatchObject({
      key: 'history-v1-o/r-abc',
      restore_keys: ['history-v1-o/r-'],
      version: create!.body!.version
    })
    expect(cache.requests.filter((r) => r.method === 'GET')).toMatchObject([{ status: 200 }])
    expect(warnings(out)).toEqual([])
  })

  it('restores the newest entry of the first prefix that has one', async () => {
    await logged(() => store.save('history-v1-o/r-old', model('old')))
    await logged(() => store.save('history-v1-o/r-new', model('new')))
    await logged(() => store.save('history-v0-o/r-x', model('v0')))
    const { value } = await logged(() => store.restore('history-v1-o/r-none', ['history-v2-', 'history-v1-']))
    expect(value?.key).toBe('history-v1-o/r-new')
    expect(JSON.parse(value!.text).tag).toBe('new')
  })

  it('answers a miss with undefined, downloading nothing', async () => {
    await logged(() => store.save('history-v1-o/r-abc', model('a')))
    const { value, out } = await logged(() => store.restore('history-v1-o/r-other', ['history-v2-']))
    expect(value).toBeUndefined()
    expect(cache.calls('GetCacheEntryDownloadURL')).toHaveLength(1)
    expect(cache.requests.filter((r) => r.method === 'GET')).toEqual([])
    expect(warnings(out)).toEqual([])
  })

  it('does not take an entry the key is only a prefix of (the service would offer it)', async () => {
    await logged(() => store.save('history-v1-o/r-abc-longer', model('a')))
    const { value } = await logged(() => store.restore('history-v1-o/r-abc', []))
    expect(cache.calls('GetCacheEntryDownloadURL')[0]!.status).toBe(200)
    expect(value).toBeUndefined()
  })

  it('leaves an existing key alone: the second save is refused (409) and reported', async () => {
    await logged(() => store.save('history-v1-o/r-abc', model('first')))
    const { value, out } = await logged(() => store.save('history-v1-o/r-abc', model('second')))
    expect(value).toMatch(/did not store history-v1-o\/r-abc/)
    expect(cache.calls('CreateCacheEntry').map((r) => r.status)).toEqual([200, 409])
    expect(cache.calls('FinalizeCacheEntryUpload')).toHaveLength(1)
    expect(cache.requests.filter((r) => r.method === 'PUT')).toHaveLength(1)
    // @actions/cache logs the conflict as plain text, not as an annotation.
    expect(out).toMatch(/Failed to save: Unable to reserve cache with key history-v1-o\/r-abc/)
    expect(warnings(out)).toEqual([])
    const restored = await logged(() => store.restore('history-v1-o/r-abc', []))
    expect(JSON.parse(restored.value!.text).tag).toBe('first')
  })

  it('answers undefined, with a warning, when the entry downloaded is not an archive', async () => {
    await logged(() => store.save('history-v1-o/r-abc', model('a')))
    cache.corruptDownloads(Buffer.from('not an archive'))
    const { value, out } = await logged(() => store.restore('history-v1-o/r-abc', []))
    expect(value).toBeUndefined()
    expect(warnings(out)).toEqual([expect.stringMatching(/^Failed to restore: /)])
  })

  it('reports a save whose upload the storage refuses, and commits nothing', async () => {
    cache.fail({ target: 'blob-upload', status: 403 })
    const { value, out } = await logged(() => store.save('history-v1-o/r-abc', model('a')))
    expect(value).toMatch(/did not store/)
    expect(cache.calls('FinalizeCacheEntryUpload')).toEqual([])
    expect(cache.entries().filter((e) => e.committed !== undefined)).toEqual([])
    expect(warnings(out).join('\n')).toMatch(/Failed to save/)
  })

  it('retries a service that answers 500 once, then restores', async () => {
    await logged(() => store.save('history-v1-o/r-abc', model('a')))
    cache.fail({ target: 'GetCacheEntryDownloadURL', status: 500, times: 1 })
    const { value } = await logged(() => store.restore('history-v1-o/r-abc', []))
    expect(value?.key).toBe('history-v1-o/r-abc')
    expect(cache.calls('GetCacheEntryDownloadURL').map((r) => r.status)).toEqual([500, 200])
  })

  // @actions/cache tries a failing service 5 times, 3 s apart and growing: about 30 s lost per call.
  it('answers undefined when the service keeps answering 500, after 5 attempts', async () => {
    cache.fail({ target: '*', status: 500 })
    const { value, out } = await logged(() => store.restore('history-v1-o/r-abc', ['history-v1-']))
    expect(value).toBeUndefined()
    expect(cache.calls('GetCacheEntryDownloadURL')).toHaveLength(5)
    expect(warnings(out)).toEqual([expect.stringMatching(/^Failed to restore: .*after 5 attempts/)])
  }, 60_000)

  it('neither throws nor retries when the service cannot be reached', async () => {
    process.env.ACTIONS_RESULTS_URL = `${await closedUrl()}/`
    const restored = await logged(() => store.restore('history-v1-o/r-abc', []))
    expect(restored.value).toBeUndefined()
    expect(warnings(restored.out)).toEqual([
      expect.stringMatching(
        /^Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNREFUSED/
      )
    ])
    const saved = await logged(() => store.save('history-v1-o/r-abc', model('a')))
    expect(saved.value).toMatch(/did not store/)
    expect(cache.requests).toEqual([])
  })
})

describe('directoryStore', () => {
  let dir: string
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'store-dir-')), 'issue-triage')
  })

  it('saves and restores by exact key, the newest by prefix, and misses', async () => {
    const store = directoryStore(dir)
    expect(await store.save('history-v1-o/r-old', 'old')).toBeUndefined()
    expect(await store.save('history-v1-o/r-new', 'new')).toBeUndefined()
    expect(await store.save('history-v0-o/r-x', 'v0')).toBeUndefined()
    utimesSync(join(dir, 'history-v1-o%2Fr-old.json'), new Date(2000), new Date(2000))
    utimesSync(join(dir, 'history-v1-o%2Fr-new.json'), new Date(3000), new Date(3000))
    expect(await store.restore('history-v1-o/r-old', [])).toEqual({ key: 'history-v1-o/r-old', text: 'old' })
    expect(await store.restore('history-v1-o/r-zzz', ['history-v2-', 'history-v1-'])).toEqual({
      key: 'history-v1-o/r-new',
      text: 'new'
    })
    expect(await store.restore('history-v1-o/r-zzz', ['history-v2-'])).toBeUndefined()
    expect(await directoryStore(join(dir, 'absent')).restore('k', ['k'])).toBeUndefined()
  })

  it('leaves an existing key alone', async () => {
    const store = directoryStore(dir)
    await store.save('k', 'first')
    expect(await store.save('k', 'second')).toBeUndefined()
    expect(await store.restore('k', [])).toEqual({ key: 'k', text: 'first' })
  })

  it('returns a failure to store as a message, and a failure to read as a miss with a warning', async () => {
    const file = join(dir, '..', 'a-file')
    writeFileSync(file, '')
    const store = directoryStore(file)
    expect(await store.save('k', 'text')).toMatch(/a-file: .*(EEXIST|ENOTDIR)/)
    const { value, out } = await logged(() => store.restore('k', ['k']))
    expect(value).toBeUndefined()
    expect(warnings(out)).toEqual([expect.stringMatching(/could not be read from .*a-file: .*ENOTDIR/)])
  })
})

describe('defaultStore', () => {
  const runner = { ACTIONS_RUNTIME_TOKEN: 't', RUNNER_TEMP: '/runner/_temp', HOME: '/home/me' }
  it('is the Actions cache where the runner configures its service', () => {
    const v2 = { ...runner, ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: 'https://results/' }
    expect(defaultStore(v2).kind).toBe('actions-cache')
    expect(defaultStore({ ...runner, ACTIONS_CACHE_URL: 'https://cache/' }).kind).toBe('actions-cache')
    // Enterprise Server has only the v1 service, whatever the runner says.
    expect(defaultStore({ ...v2, GITHUB_SERVER_URL: 'https://ghe.example.com' }).kind).toBe('directory')
  })
  it('is a directory without the service or its token', () => {
    expect(defaultStore({ ...runner, ACTIONS_CACHE_SERVICE_V2: 'True' }).kind).toBe('directory')
    expect(defaultStore({ ACTIONS_CACHE_URL: 'https://cache/', HOME: '/home/me' }).kind).toBe('directory')
  })
})
