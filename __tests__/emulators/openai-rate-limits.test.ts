/**
 * The model emulator's pacing options: OpenAI's requests-per-minute limit with its headers and 429, a latency
 * per answer, and when each request came, so a backlog run's pacing can be read back from the log.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import OpenAI, { APIError } from 'openai'
import { retryAfterSeconds } from '../../src/providers/retry.js'
import { openaiDuration } from './openai/rate-limits.js'
import { startModelEmulator, type ModelEmulator, type ModelEmulatorOptions } from './openai/server.js'
import { pacing } from './pacing.js'

const START = 1_700_000_000_000

let emulator: ModelEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** An emulator whose clock stands still until the test moves it (`clock.now`). */
async function start(options: ModelEmulatorOptions = {}) {
  const clock = { now: START }
  emulator = await startModelEmulator({ clock: () => clock.now, ...options })
  return { emu: emulator, clock }
}

async function chat(emu: ModelEmulator, model = 'test-model') {
  const res = await fetch(`${emu.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'The app crashes on start.' }] })
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

const limits = (headers: Headers) => ({
  limit: headers.get('x-ratelimit-limit-requests'),
  remaining: headers.get('x-ratelimit-remaining-requests'),
  reset: headers.get('x-ratelimit-reset-requests')
})

describe('model emulator: requests per minute', () => {
  it("tells every answer where the window stands, in OpenAI's headers", async () => {
    const { emu, clock } = await start({ requestsPerMinute: 3 })
    const first = await chat(emu)
    expect(first.status).toBe(200)
    expect(limits(first.headers)).toEqual({ limit: '3', remaining: '2', reset: '1m0s' })
    clock.now += 1500
    const second = await chat(emu)
    // The window is empty again a minute after its newest request.
    expect(limits(second.headers)).toEqual({ limit: '3', remaining: '1', reset: '1m0s' })
    clock.now += 58_250
    expect(limits((await chat(emu)).headers)).toEqual({ limit: '3', remaining: '0', reset: '1m0s' })
    clock.now += 250 // the first request leaves the window
    expect(limits((await chat(emu)).headers)).toEqual({ limit: '3', remaining: '0', reset: '1m0s' })
  })

  it('answers 429 rate_limit_exceeded over the limit, with retry-after, without using a step', async () => {
    const { emu, clock } = await start({
      requestsPerMinute: 2,
      steps: [
        { kind: 'answer', content: '{"n":1}' },
        { kind: 'answer', content: '{"n":2}' },
        { kind: 'answer', content: '{"n":3}' }
      ]
    })
    await chat(emu)
    clock.now += 10_000
    await chat(emu)
    clock.now += 20_500
    const refused = await chat(emu, 'gpt-4.1-mini')
    expect(refused.status).toBe(429)
    expect(refused.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests', param: null })
    expect(refused.body.error.message).toMatch(
      /^Rate limit reached for gpt-4\.1-mini .* on requests per min \(RPM\): Limit 2, Used 2, Requested 1\. Please try again in 29\.5s\./
    )
    // The first request leaves the window 29.5 s from now.
    expect(refused.headers.get('retry-after')).toBe('30')
    expect(refused.headers.get('retry-after-ms')).toBe('29500')
    expect(limits(refused.headers)).toEqual({ limit: '2', remaining: '0', reset: '39.5s' })
    // What the action reads from it: the exact wait.
    expect(retryAfterSeconds(refused.headers, refused.body.error.message)).toBe(29.5)

    clock.now += 29_500
    const again = await chat(emu)
    expect(again.status).toBe(200)
    expect(again.body.choices[0].message.content).toBe('{"n":3}')
    expect(emu.requests.map((r) => r.at - START)).toEqual([0, 10_000, 30_500, 60_000])
  })

  it('is what the OpenAI SDK reports as a rate limit', async () => {
    const { emu } = await start({ requestsPerMinute: 1 })
    const openai = new OpenAI({ baseURL: emu.url, apiKey: 'sk-test', maxRetries: 0 })
    const messages = [{ role: 'user' as const, content: 'hi' }]
    await openai.chat.completions.create({ model: 'test-model', messages })
    const error = await openai.chat.completions.create({ model: 'test-model', messages }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(APIError)
    expect((error as APIError).status).toBe(429)
    expect((error as APIError).code).toBe('rate_limit_exceeded')
  })

  it('sends no rate-limit headers unless a limit is set', async () => {
    const { emu } = await start()
    for (let i = 0; i < 5; i++) {
      const answer = await chat(emu)
      expect(answer.status).toBe(200)
      expect(answer.headers.get('x-ratelimit-limit-requests')).toBeNull()
    }
  })

  it('refuses a limit that is not a positive whole number', async () => {
    await expect(startModelEmulator({ requestsPerMinute: 0 })).rejects.toThrow(/requestsPerMinute/)
  })
})

describe('model emulator: latency and request times', () => {
  it('takes latencyMs over each answer, fixed or chosen per request', async () => {
    emulator = await startModelEmulator({ latencyMs: 150 })
    let began = Date.now()
    expect((await chat(emulator)).status).toBe(200)
    expect(Date.now() - began).toBeGreaterThanOrEqual(140)
    await emulator.close()

    const asked: string[] = []
    emulator = await startModelEmulator({
      latencyMs: (req) => {
        asked.push(req.model)
        return req.model === 'slow' ? 200 : 0
      }
    })
    began = Date.now()
    await chat(emulator, 'slow')
    expect(Date.now() - began).toBeGreaterThanOrEqual(190)
    began = Date.now()
    await chat(emulator, 'fast')
    expect(Date.now() - began).toBeLessThan(150)
    expect(asked).toEqual(['slow', 'fast'])
  })

  it('stamps each request when it arrives, before the latency, so pacing reads from the log', async () => {
    emulator = await startModelEmulator({ latencyMs: 100 })
    const before = Date.now()
    await Promise.all([chat(emulator), chat(emulator), chat(emulator)])
    const times = emulator.requests.map((r) => r.at)
    expect(Math.min(...times)).toBeGreaterThanOrEqual(before)
    // All three arrived while the first was still being answered.
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(100)
    expect(pacing(times)).toEqual({ perMinute: 3, perHour: 3 })
  })
})

describe("OpenAI's duration format", () => {
  it.each([
    [0, '0s'],
    [1, '1ms'],
    [250, '250ms'],
    [999.2, '1s'],
    [1000, '1s'],
    [1500, '1.5s'],
    [17_280, '17.28s'],
    [59_001, '59.001s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h0m0s'],
    [3_723_000, '1h2m3s']
  ])('writes %p ms as %p', (ms, text) => {
    expect(openaiDuration(ms)).toBe(text)
  })
})
