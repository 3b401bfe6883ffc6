import { afterEach, describe, expect, it } from '@jest/globals'
import { buildAnswerSchema } from '../../src/decide/schema.js'
import { APIConnectionTimeoutError } from 'openai'
import { classify, GITHUB_MODELS_RETIRED } from '../../src/providers/classify.js'
import { OpenAIProvider } from '../../src/providers/openai.js'
import { retryAfterSeconds } from '../../src/providers/retry.js'
import { startModelEmulator, type ModelEmulator, type Step } from '../emulators/openai/server.js'
import { failure } from './failure.js'
import { closedUrl } from './loopback.js'

let model: ModelEmulator | undefined
afterEach(async () => {
  await model?.close()
  model = undefined
})

const request = {
  system: 'sys',
  user: '<issue>\nTitle: it crashes\n</issue>',
  schema: buildAnswerSchema(['bug', 'question'], [])
}

async function provider(steps: Step[], name: 'openai' | 'github-models' = 'openai') {
  model = await startModelEmulator({ steps })
  const waits: number[] = []
  const said: string[] = []
  const p = new OpenAIProvider({
    name,
    endpoint: model.url,
    apiKey: 'k',
    model: 'test-model',
    timeoutMs: 2000,
    retry: {
      maxRetryAfterSeconds: 60,
      maxRateLimitRetries: 3,
      backoffSeconds: [1, 3],
      sleep: async (ms) => void waits.push(ms)
    },
    onWait: (seconds, why) => void said.push(`${why}; waiting ${seconds} s`)
  })
  return { p, waits, said, calls: () => model!.chatRequests().length }
}

describe('OpenAIProvider retry policy', () => {
  it('waits a short retry-after and succeeds, at most three times', async () => {
    const { p, waits, calls } = await provider([
      { kind: 'rate-limit', retryAfter: 2 },
      { kind: 'rate-limit', retryAfter: 5 }
    ])
    const reply = await p.complete(request)
    expect(reply.attempts).toBe(3)
    expect(waits).toEqual([2000, 5000])
    expect(calls()).toBe(3)
    expect(reply.promptTokens).toBeGreaterThan(0)
  })

  it('gives up after three short waits', async () => {
    const limit: Step = { kind: 'rate-limit', retryAfter: 1 }
    const { p, calls } = await provider([limit, limit, limit, limit, limit])
    const e = await failure(p.complete(request))
    expect(e.kind).toBe('rate-limited')
    expect(calls()).toBe(4)
  })

  it('takes a retry-after-ms in the past as no wait, never a negative one', async () => {
    const { p, waits, said } = await provider([
      {
        kind: 'status',
        status: 429,
        headers: { 'retry-after-ms': '-100000' },
        body: { error: { message: 'slow down' } }
      }
    ])
    const reply = await p.complete(request)
    expect(reply.attempts).toBe(2)
    expect(waits).toEqual([0])
    expect(said).toEqual(['rate limited; waiting 0 s'])
  })

  it("retries a 429 that names no wait after the policy's backoff, at most three times", async () => {
    const bare: Step = { kind: 'status', status: 429, body: { error: { message: 'Too many requests' } } }
    const ok = await provider([bare, bare])
    expect((await ok.p.complete(request)).attempts).toBe(3)
    expect(ok.waits).toEqual([1000, 3000])
    await model!.close()
    const { p, waits, calls } = await provider([bare, bare, bare, bare, bare])
    const e = await failure(p.complete(request))
    expect(e.kind).toBe('rate-limited')
    expect(e.message).toMatch(
      /is rate limiting requests \(the endpoint said: "Too many requests"\)\. Still limited after 3 waits\.$/
    )
    expect(waits).toEqual([1000, 3000, 3000])
    expect(calls()).toBe(4)
  })

  it('stops at once on a long wait (a daily quota) and says why', async () => {
    const { p, waits, calls } = await provider([{ kind: 'rate-limit', retryAfter: 43_200 }])
    const e = await failure(p.complete(request))
    expect(e.kind).toBe('quota')
    expect(e.message).toMatch(/asks to wait 43200 s, longer than the 60 s a job may wait/)
    expect(waits).toEqual([])
    expect(calls()).toBe(1)
  })

  it('explains the retired GitHub Models in one sentence and never retries its 410', async () => {
    const { p, calls } = await provider([{ kind: 'retired' }], 'github-models')
    const e = await failure(p.complete(request))
    expect(e.kind).toBe('retired')
    expect(e.message).toBe(GITHUB_MODELS_RETIRED)
    expect(calls()).toBe(1)
  })

  it('backs off on 5xx and garbage, then succeeds', async () => {
    const { p, waits } = await provider([{ kind: 'server-error', status: 503 }, { kind: 'garbage' }])
    const reply = await p.complete(request)
    expect(reply.attempts).toBe(3)
    expect(waits).toEqual([1000, 3000])
  })

  it('reports the endpoint as unavailable after the backoff runs out', async () => {
    const { p, calls } = await provider([
      { kind: 'server-error' },
      { kind: 'server-error' },
      { kind: 'server-error' }
    ])
    expect((await failure(p.complete(request))).kind).toBe('unavailable')
    expect(calls()).toBe(3)
  })

  it("says why an endpoint could not be reached, in the system's words", async () => {
    const endpoint = `${await closedUrl()}/v1`
    const p = new OpenAIProvider({
      name: 'openai',
      endpoint,
      apiKey: 'k',
      model: 'test-model',
      retry: { maxRetryAfterSeconds: 60, maxRateLimitRetries: 3, backoffSeconds: [1], sleep: async () => {} }
    })
    const e = await failure(p.complete(request))
    expect(e.kind).toBe('unavailable')
    const where = new URL(endpoint).host
    expect(e.message).toBe(
      `Could not reach the openai endpoint ${where}: connect ECONNREFUSED ${where}. Check "endpoint".`
    )
  })

  it("keeps the SDK's words for a timeout", () => {
    // Not through the provider: under jest the abort error comes from another realm than the SDK's
    // Error, so the SDK takes it for a plain connection error. In the action's one realm it is a timeout.
    const site = { provider: 'openai', endpoint: 'https://llm.example/v1', model: 'm' }
    expect(classify(new APIConnectionTimeoutError(), site).message).toBe(
      'Could not reach the openai endpoint llm.example: Request timed out. Check "endpoint".'
    )
  })

  it.each([
    [
      { kind: 'unauthorized' } as Step,
      'auth',
      /rejected the credentials \(401\): check that the "api-key" secret/
    ],
    [
      { kind: 'unknown-model' } as Step,
      'not-found',
      /Model "test-model" is not available .* check the "model" input/
    ],
    [
      {
        kind: 'status',
        status: 402,
        body: { error: { code: 'quota_exceeded', message: 'out of credits' } }
      } as Step,
      'quota',
      /quota or budget is used up/
    ],
    [
      { kind: 'status', status: 403, body: { error: { message: 'no access' } } } as Step,
      'policy',
      /refused access to model "test-model" \(403\)/
    ],
    [{ kind: 'too-large' } as Step, 'too-large', /too large/]
  ])('classifies %o without retrying', async (step, kind, message) => {
    const { p, calls } = await provider([step])
    const e = await failure(p.complete(request))
    expect(e.kind).toBe(kind)
    expect(e.message).toMatch(message)
    expect(calls()).toBe(1)
    if (kind === 'too-large') expect(e.limitTokens).toBe(8000)
  })

  it('falls back to JSON by instruction when the endpoint refuses json_schema', async () => {
    const { p, calls } = await provider([
      {
        kind: 'status',
        status: 400,
        body: { error: { message: "response_format 'json_schema' is not supported" } }
      }
    ])
    const reply = await p.complete(request)
    expect(reply.structured).toBe(false)
    expect(calls()).toBe(2)
    const second = model!.chatRequests()[1]!
    expect(second.response_format).toBeUndefined()
    expect(second.messages[0]!.content).toContain('JSON schema')
  })
})

describe('retryAfterSeconds', () => {
  const h = (o: Record<string, string>) => new Headers(o)
  it('reads seconds, dates, ms, OpenAI durations and GitHub Models prose', () => {
    expect(retryAfterSeconds(h({ 'retry-after': '46' }), '')).toBe(46)
    expect(
      retryAfterSeconds(h({ 'retry-after': new Date(10_000 + 30_000).toUTCString() }), '', 10_000)
    ).toBeCloseTo(30, 0)
    expect(retryAfterSeconds(h({ 'retry-after-ms': '1500' }), '')).toBe(1.5)
    expect(retryAfterSeconds(h({ 'retry-after-ms': '-100' }), '')).toBe(0)
    expect(retryAfterSeconds(h({ 'x-ratelimit-reset-requests': '6m0s' }), '')).toBe(360)
    expect(retryAfterSeconds(h({}), 'Please wait 46 seconds before retrying.')).toBe(46)
    expect(retryAfterSeconds(h({}), 'slow down')).toBeUndefined()
  })
})

describe('Anthropic compatibility', () => {
  it('gets the schema in words, since its endpoint ignores json_schema', async () => {
    model = await startModelEmulator()
    const p = new OpenAIProvider({
      name: 'openai',
      endpoint: 'https://api.anthropic.com/v1/',
      apiKey: 'k',
      model: 'claude'
    })
    // Point the client at the emulator while keeping the Anthropic decision made from the endpoint.
    const body = (
      p as unknown as {
        body(r: typeof request): { response_format?: unknown; messages: { content: string }[] }
      }
    ).body(request)
    expect(body.response_format).toBeUndefined()
    expect(body.messages[0]!.content).toContain('JSON schema')
  })
})
