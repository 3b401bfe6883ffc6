import { afterEach, describe, expect, it } from '@jest/globals'
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base'
import OpenAI, { APIConnectionError, APIError } from 'openai'
import { startModelEmulator, type ModelEmulator, type ModelEmulatorOptions } from './openai/server.js'

let emulator: ModelEmulator | undefined

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(options: ModelEmulatorOptions = {}): Promise<ModelEmulator> {
  emulator = await startModelEmulator(options)
  return emulator
}

function client(baseURL: string, extra: { apiKey?: string; timeout?: number } = {}): OpenAI {
  return new OpenAI({
    baseURL,
    apiKey: extra.apiKey ?? 'test',
    maxRetries: 0,
    timeout: extra.timeout ?? 5000
  })
}

const messages = [
  { role: 'system' as const, content: 'You label issues.' },
  { role: 'user' as const, content: 'The app crashes on start.' }
]

function ask(openai: OpenAI, model = 'test-model') {
  return openai.chat.completions.create({ model, messages })
}

async function failure(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof APIError)) throw new Error(`expected an APIError, got ${String(error)}`)
  return error
}

describe('model emulator: answers', () => {
  it('answers in the Chat Completions shape with o200k_base usage', async () => {
    const { url } = await start({ steps: [{ kind: 'answer', content: '{"labels":[]}' }] })
    const responseFormat = {
      type: 'json_schema' as const,
      json_schema: { name: 'triage', strict: true, schema: { type: 'object', properties: {} } }
    }
    const completion = await client(url).chat.completions.create({
      model: 'test-model',
      messages,
      response_format: responseFormat
    })

    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'test-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: '{"labels":[]}', refusal: null },
          finish_reason: 'stop'
        }
      ]
    })
    expect(completion.id).toMatch(/^chatcmpl-/)
    expect(completion.created).toBeGreaterThan(1_700_000_000)
    const expectedPrompt =
      3 +
      2 * 4 +
      countTokens('You label issues.') +
      countTokens('The app crashes on start.') +
      countTokens(JSON.stringify(responseFormat))
    expect(completion.usage).toEqual({
      prompt_tokens: expectedPrompt,
      completion_tokens: countTokens('{"labels":[]}'),
      total_tokens: expectedPrompt + countTokens('{"labels":[]}')
    })
  })

  it('records every request with its path, headers and parsed body', async () => {
    const emu = await start()
    await ask(client(emu.url))

    expect(emu.requests).toHaveLength(1)
    expect(emu.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer test' },
      body: { model: 'test-model', messages }
    })
    expect(emu.chatRequests()).toEqual([{ model: 'test-model', messages }])
  })

  it('serves any base path prefix and lists models', async () => {
    const emu = await start({ models: ['openai/gpt-5-mini'] })
    const root = emu.url.replace(/\/v1$/, '')
    for (const prefix of ['/inference', '/openai/v1', '']) {
      const completion = await ask(client(`${root}${prefix}`))
      expect(completion.object).toBe('chat.completion')
    }
    const models = await client(emu.url).models.list()
    expect(models.data.map((m) => m.id)).toEqual(['openai/gpt-5-mini'])
    expect(emu.requests.map((r) => r.path)).toEqual([
      '/inference/chat/completions',
      '/openai/v1/chat/completions',
      '/chat/completions',
      '/v1/models'
    ])
  })

  it('plays steps in order, then the responder', async () => {
    const emu = await start({ steps: [{ kind: 'answer', content: 'first' }], respond: () => 'default' })
    emu.push({ kind: 'answer', content: (req) => `second for ${req.model}` })
    const openai = client(emu.url)
    const contents = []
    for (let i = 0; i < 3; i += 1) contents.push((await ask(openai)).choices[0]?.message.content)
    emu.setResponder(() => 'replaced')
    contents.push((await ask(openai)).choices[0]?.message.content)
    expect(contents).toEqual(['first', 'second for test-model', 'default', 'replaced'])
  })

  it('reports a truncated answer through finish_reason', async () => {
    const { url } = await start({ steps: [{ kind: 'answer', content: '{"lab', finishReason: 'length' }] })
    const completion = await ask(client(url))
    expect(completion.choices[0]?.finish_reason).toBe('length')
  })
})

describe('model emulator: failures', () => {
  it('rejects a wrong or missing key with 401 invalid_api_key', async () => {
    const emu = await start({ apiKey: 'right' })
    const error = await failure(ask(client(emu.url, { apiKey: 'wrong' })))
    expect(error.status).toBe(401)
    expect(error.error).toEqual({ code: 'invalid_api_key', message: 'Incorrect API key provided' })

    const bare = await fetch(`${emu.url}/chat/completions`, { method: 'POST', body: '{}' })
    expect(bare.status).toBe(401)
    expect((await ask(client(emu.url, { apiKey: 'right' }))).object).toBe('chat.completion')
  })

  it.each([
    [
      { kind: 'rate-limit', retryAfter: 46 } as const,
      429,
      {
        code: 'RateLimitReached',
        message:
          'Rate limit of 15 per 60s exceeded for UserByModelByMinute. Please wait 46 seconds before retrying.'
      }
    ],
    [
      { kind: 'too-large' } as const,
      413,
      {
        code: 'tokens_limit_reached',
        message: 'Request body too large for gpt-4o model. Max size: 8000 tokens.'
      }
    ],
    [
      { kind: 'unauthorized' } as const,
      401,
      { code: 'unauthorized', message: 'The `models` permission is required to access this endpoint' }
    ],
    [
      { kind: 'retired' } as const,
      410,
      {
        code: 'github_models_retirement_brownout',
        message: 'GitHub Models is temporarily unavailable as part of a scheduled retirement brownout.'
      }
    ],
    [
      { kind: 'unknown-model' } as const,
      404,
      { code: 'unknown_model', message: 'Unknown model: test-model' }
    ],
    [{ kind: 'server-error' } as const, 500, { code: 'server_error' }],
    [{ kind: 'server-error', status: 503 } as const, 503, { code: 'service_unavailable' }]
  ])('step %j answers %i with its error body', async (step, status, body) => {
    const emu = await start({ steps: [step] })
    const error = await failure(ask(client(emu.url)))
    expect(error.status).toBe(status)
    expect(error.error).toMatchObject(body)
    expect(emu.requests).toHaveLength(1)
  })

  it('sends retry-after with a rate limit', async () => {
    const { url } = await start({ steps: [{ kind: 'rate-limit', retryAfter: 46 }] })
    const error = await failure(ask(client(url)))
    expect(error.headers?.get('retry-after')).toBe('46')
  })

  it('answers a 502 with a gateway HTML page', async () => {
    const { url } = await start({ steps: [{ kind: 'server-error', status: 502 }] })
    const error = await failure(ask(client(url)))
    expect(error.status).toBe(502)
    expect(error.message).toContain('Bad Gateway')
  })

  it('answers any status with the given body and headers', async () => {
    const quota = { error: { code: 'quota_exceeded', message: 'Out of credits' } }
    const { url } = await start({
      steps: [{ kind: 'status', status: 402, body: quota, headers: { 'x-extra': 'yes' } }]
    })
    const error = await failure(ask(client(url)))
    expect(error.status).toBe(402)
    expect(error.error).toEqual(quota.error)
    expect(error.headers?.get('x-extra')).toBe('yes')
  })

  it('sends garbage a JSON parser chokes on, or a bare string with a text type', async () => {
    const emu = await start({ steps: [{ kind: 'garbage' }, { kind: 'garbage', contentType: 'text/html' }] })
    await expect(ask(client(emu.url))).rejects.toThrow(SyntaxError)
    await expect(ask(client(emu.url))).resolves.toBe('<html>upstream error</html>')
  })

  it('delays an answer past the client timeout, and closes while waiting', async () => {
    const emu = await start({
      steps: [{ kind: 'delay', ms: 10_000, then: { kind: 'answer', content: 'late' } }]
    })
    const started = Date.now()
    // Outside jest this is an APIConnectionTimeoutError. Inside jest's VM realm the SDK's abort error
    // fails its `instanceof globalThis.Error` check and surfaces as the parent APIConnectionError.
    await expect(ask(client(emu.url, { timeout: 200 }))).rejects.toBeInstanceOf(APIConnectionError)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('answers 413 over maxPromptTokens without using a step', async () => {
    const emu = await start({ maxPromptTokens: 50, steps: [{ kind: 'answer', content: 'kept' }] })
    const openai = client(emu.url)
    const long = 'crash '.repeat(200)
    const error = await failure(
      openai.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: long }] })
    )
    expect(error.status).toBe(413)
    expect(error.error).toEqual({
      code: 'tokens_limit_reached',
      message: 'Request body too large for m1 model. Max size: 50 tokens.'
    })
    expect((await ask(openai)).choices[0]?.message.content).toBe('kept')
  })

  it('rejects malformed requests with 400', async () => {
    const { url } = await start()
    const error = await failure(client(url).chat.completions.create({ model: 'test-model', messages: [] }))
    expect(error.status).toBe(400)
    const notJson = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{oops'
    })
    expect(notJson.status).toBe(400)
  })

  it('exposes what it received at /_emulator/requests', async () => {
    const emu = await start()
    await ask(client(emu.url))
    const listed = (await (await fetch(emu.url.replace(/\/v1$/, '/_emulator/requests'))).json()) as unknown[]
    expect(listed).toEqual(JSON.parse(JSON.stringify(emu.requests)))
    expect(listed).toHaveLength(1)
  })
})
