/**
 * GitHub's secondary limits on content creation (80 writes a minute, 500 an hour), which a backlog run must keep
 * under: the emulator refuses a write over them as GitHub does, and records when every request came, so pacing
 * can be read back from its log.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { pacing } from './pacing.js'
import {
  isWrite,
  sampleRepo,
  startGitHubEmulator,
  validateResponse,
  type EmulatorOptions,
  type GitHubEmulator
} from './github/index.js'

const R = '/repos/octo-org/widgets'
const START = 1_700_000_000_000

let emu: GitHubEmulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

/** An emulator whose clock stands still until the test moves it (`clock.now`). */
async function start(options: EmulatorOptions) {
  emu = await startGitHubEmulator(sampleRepo(), options)
  const clock = { now: START }
  emu.state.clock = () => clock.now
  return { emu, clock }
}

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(emu!.url + path, {
    method,
    headers: { authorization: 'token ghs_test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, headers: res.headers }
}

const comment = (text: string) => call('POST', `${R}/issues/1/comments`, { body: text })
const graphql = (query: string) => call('POST', '/graphql', { query })

describe('GitHub emulator: secondary limits on writes', () => {
  it("refuses the 81st write in a minute with GitHub's 403 and retry-after, storing nothing", async () => {
    const { clock } = await start({ writeLimits: true })
    for (let i = 1; i <= 80; i++) {
      expect((await comment(`note ${i}`)).status).toBe(201)
      clock.now += 500 // 80 writes in 40 seconds
    }
    const refused = await comment('one too many')
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/^You have exceeded a secondary rate limit/)
    expect(refused.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\/.*secondary-rate-limits$/)
    expect(validateResponse('issues/create-comment', 403, refused.body)).toEqual([])
    // The first write leaves the minute at START + 60 s; it is START + 40 s now.
    expect(refused.headers.get('retry-after')).toBe('20')
    // Octokit's throttling tells secondary limits apart by the message and the primary headers.
    expect(refused.headers.get('x-ratelimit-remaining')).not.toBe('0')
    expect(emu!.issue(1).comments).toHaveLength(80)
    expect(emu!.writes().map((r) => r.status)).toEqual([...Array<number>(80).fill(201), 403])
    // Reads are not content creation.
    expect((await call('GET', `${R}/issues/1`)).status).toBe(200)
    expect(emu!.rejected).toEqual([])
  })

  it('lets writes through again as the oldest leave each rolling window', async () => {
    const { clock } = await start({ writeLimits: { perMinute: 5, perHour: 8 } })
    const wrote = async (label: string) =>
      (await call('POST', `${R}/issues/1/labels`, { labels: [label] })).status
    for (let i = 0; i < 5; i++) {
      expect(await wrote('bug')).toBe(200)
      clock.now += 1000
    }
    const minute = await call('POST', `${R}/issues/1/labels`, { labels: ['enhancement'] })
    expect(minute.status).toBe(403)
    expect(minute.headers.get('retry-after')).toBe('55')
    expect(emu!.issue(1).labels).not.toContain('enhancement')

    clock.now = START + 60_000 // the first write has left the minute, four are still in it
    expect(await wrote('enhancement')).toBe(200)
    expect(await wrote('bug')).toBe(403)
    clock.now = START + 120_000 // the minute is empty; six writes in the hour
    expect(await wrote('bug')).toBe(200)
    expect(await wrote('bug')).toBe(200)
    const hour = await call('POST', `${R}/issues/1/labels`, { labels: ['question'] })
    expect(hour.status).toBe(403)
    expect(hour.headers.get('retry-after')).toBe(String(3600 - 120))
    expect(emu!.issue(1).labels).not.toContain('question')
    clock.now = START + 3_600_000 // the first write has left the hour
    expect(await wrote('question')).toBe(200)
    expect(emu!.issue(1).labels).toContain('question')

    const admitted = emu!.writes().filter((r) => r.status === 200)
    expect(admitted).toHaveLength(9)
    expect(pacing(admitted.map((r) => r.at))).toEqual({ perMinute: 5, perHour: 8 })
  })

  it('counts GraphQL mutations and every REST method but GET, not GraphQL queries', async () => {
    await start({ writeLimits: { perMinute: 4, perHour: 100 } })
    const query = '{ repository(owner: "octo-org", name: "widgets") { name } }'
    for (let i = 0; i < 6; i++) expect((await graphql(query)).status).toBe(200)
    expect((await call('PATCH', `${R}/issues/1`, { title: 'Renamed' })).status).toBe(200)
    expect((await call('PUT', `${R}/issues/1/labels`, { labels: ['bug'] })).status).toBe(200)
    expect((await call('DELETE', `${R}/issues/1/labels/bug`)).status).toBe(200)
    const mutation =
      'mutation { addLabelsToLabelable(input: { labelableId: "I_1", labelIds: ["L_1"] }) { clientMutationId } }'
    expect((await graphql(mutation)).status).toBe(200)
    const refused = await graphql(mutation)
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/secondary rate limit/)
    expect((await call('POST', `${R}/issues/1/comments`, { body: 'x' })).status).toBe(403)
    expect((await graphql(query)).status).toBe(200)
    expect(emu!.requests.filter(isWrite).map((r) => r.status)).toEqual([200, 200, 200, 200, 403, 403])
  })

  it('is off unless asked for', async () => {
    await start({})
    for (let i = 0; i < 81; i++) expect((await comment(`note ${i}`)).status).toBe(201)
    expect(emu!.issue(1).comments).toHaveLength(81)
  })

  it('refuses limits that are not positive whole numbers', async () => {
    await expect(startGitHubEmulator(sampleRepo(), { writeLimits: { perMinute: 0 } })).rejects.toThrow(
      /writeLimits.perMinute/
    )
    await expect(startGitHubEmulator(sampleRepo(), { writeLimits: { perHour: 2.5 } })).rejects.toThrow(
      /writeLimits.perHour/
    )
  })
})

describe('GitHub emulator: request log times', () => {
  it('records when each request was received, by the emulator clock', async () => {
    const { clock } = await start({})
    await call('GET', `${R}/labels`)
    clock.now += 1500
    await comment('hello')
    await call('GET', '/nowhere')
    expect(emu!.requests.map((r) => [r.status, r.at])).toEqual([
      [200, START],
      [201, START + 1500],
      [404, START + 1500]
    ])
  })

  it('stamps requests with the real time by default', async () => {
    emu = await startGitHubEmulator(sampleRepo())
    const before = Date.now()
    await call('GET', `${R}/labels`)
    expect(emu.requests[0]!.at).toBeGreaterThanOrEqual(before)
    expect(emu.requests[0]!.at).toBeLessThanOrEqual(Date.now())
  })
})
