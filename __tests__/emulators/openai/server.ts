import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerReply, errorReply, failureReply, tooLargeReply, type Reply } from './replies.js'
import { scriptedTriage } from './scripted.js'
import { requestLimiter } from './rate-limits.js'
import { countPromptTokens } from './tokens.js'
import type { ChatRequest, RecordedRequest, Responder, Step } from './types.js'

export type { ChatMessage, ChatRequest, RecordedRequest, Responder, Step } from './types.js'

/** How a model emulator behaves. Everything is optional; the defaults answer like a working model. */
export interface ModelEmulatorOptions {
  /** Reactions to the first chat completion requests, one each, before the responder takes over. */
  steps?: Step[]
  /** Answers requests once the steps run out; defaults to `scriptedTriage`. */
  respond?: Responder
  /** The only bearer token accepted; by default any non-empty token is. */
  apiKey?: string
  /** Requests whose prompt is over this many tokens answer 413 `tokens_limit_reached` (no step used). */
  maxPromptTokens?: number
  /** Model ids listed by `GET .../models`; defaults to `['test-model']`. */
  models?: string[]
  /**
   * OpenAI's requests-per-minute limit (rate-limits.ts): a rolling 60-second window over chat completion
   * requests. Every chat answer then carries `x-ratelimit-*-requests`; one over the limit is answered 429
   * `rate_limit_exceeded` with `retry-after` and `retry-after-ms`. Off by default.
   */
  requestsPerMinute?: number
  /** How long the model takes over each chat request it answers (steps included), in ms: fixed or per request. */
  latencyMs?: number | ((req: ChatRequest) => number)
  /** Milliseconds since the epoch, for `RecordedRequest.at` and the rate window; tests replace it to move time. */
  clock?: () => number
}

/** A running loopback OpenAI-compatible server. */
export interface ModelEmulator {
  /** Base URL to give an OpenAI client, e.g. `http://127.0.0.1:41234/v1`. */
  url: string
  /** Every request received (except `GET /_emulator/requests`), in order. */
  requests: RecordedRequest[]
  /** The parsed bodies of the chat completion requests received, in order. */
  chatRequests(): ChatRequest[]
  /** Queues more steps after those already queued. */
  push(...steps: Step[]): void
  /** Drops the steps still queued: the responder answers from now on. */
  clearSteps(): void
  /** Replaces the responder used when no step is queued. */
  setResponder(respond: Responder): void
  /** Stops listening and drops open connections, including ones waiting in a `delay` step. */
  close(): Promise<void>
}

/**
 * Starts an OpenAI-compatible Chat Completions server on 127.0.0.1 (a free port). It accepts
 * `POST <any prefix>/chat/completions` and `GET <any prefix>/models`, so base URLs shaped like
 * OpenAI's (`/v1`), GitHub Models' (`/inference`) or a proxy's (`/openai/v1`) all work.
 * `GET /_emulator/requests` (no auth) lists what it received, for checks from outside the process.
 */
export async function startModelEmulator(options: ModelEmulatorOptions = {}): Promise<ModelEmulator> {
  const queue: Step[] = [...(options.steps ?? [])]
  const requests: RecordedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  let respond: Responder = options.respond ?? scriptedTriage
  let served = 0
  const clock = options.clock ?? (() => Date.now())
  const limit =
    options.requestsPerMinute === undefined ? undefined : requestLimiter(options.requestsPerMinute)

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  async function react(step: Step | undefined, req: ChatRequest, promptTokens: number, id: string) {
    if (step === undefined) return answerReply(req, respond(req), promptTokens, id)
    if (step.kind === 'delay') {
      await sleep(step.ms)
      return react(step.then, req, promptTokens, id)
    }
    if (step.kind === 'answer') {
      const content = typeof step.content === 'function' ? step.content(req) : step.content
      return answerReply(req, content, promptTokens, id, step.finishReason)
    }
    return failureReply(step, req)
  }

  async function chat(body: unknown, id: string): Promise<Reply> {
    const problem = invalidChatRequest(body)
    if (problem !== undefined) return errorReply(400, 'invalid_request_error', problem)
    const req = body as ChatRequest
    const promptTokens = countPromptTokens(req)
    if (options.maxPromptTokens !== undefined && promptTokens > options.maxPromptTokens) {
      return tooLargeReply(req.model, options.maxPromptTokens)
    }
    const latency = typeof options.latencyMs === 'function' ? options.latencyMs(req) : options.latencyMs
    if (latency) await sleep(latency)
    return react(queue.shift(), req, promptTokens, id)
  }

  async function handle(message: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = clock()
    const text = await readBody(message)
    const path = message.url ?? '/'
    const route = path.split('?')[0] ?? '/'
    if (message.method === 'GET' && route === '/_emulator/requests') {
      return send(response, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(requests)
      })
    }
    const record: RecordedRequest = {
      method: message.method ?? '',
      path,
      headers: { ...message.headers },
      body: parseBody(text),
      at
    }
    requests.push(record)
    const answer = (reply: Reply) => {
      record.status = reply.status
      send(response, reply)
    }
    served += 1
    const id = `chatcmpl-emu-${served}`
    response.setHeader('x-request-id', `req_emu_${served}`)

    if (!authorized(message, options.apiKey)) {
      return answer(errorReply(401, 'invalid_api_key', 'Incorrect API key provided'))
    }
    if (route.endsWith('/chat/completions')) {
      if (message.method !== 'POST') return answer(errorReply(405, 'method_not_allowed', 'Use POST'))
      const body = parseBody(text)
      const model = (body as { model?: unknown } | undefined)?.model
      const admitted = limit?.(typeof model === 'string' ? model : 'the model', at)
      if (admitted?.refused) return answer(admitted.refused)
      const reply = await chat(body, id)
      return answer({ ...reply, headers: { ...reply.headers, ...admitted?.headers } })
    }
    if (message.method === 'GET' && route.endsWith('/models')) {
      const data = (options.models ?? ['test-model']).map((model) => ({
        id: model,
        object: 'model',
        created: 0,
        owned_by: 'emulator'
      }))
      return answer({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'list', data })
      })
    }
    return answer(errorReply(404, 'not_found', `No route for ${message.method} ${route}`))
  }

  const server = createServer((message, response) => {
    handle(message, response).catch((error: unknown) => {
      // A responder that throws is a test bug: make it loud in the answer rather than hang the client.
      const text = error instanceof Error ? error.message : String(error)
      send(response, errorReply(500, 'emulator_error', `Model emulator failed: ${text}`))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () =>
      requests
        .filter((r) => r.method === 'POST' && r.path.split('?')[0]?.endsWith('/chat/completions'))
        .map((r) => r.body as ChatRequest),
    push: (...steps) => void queue.push(...steps),
    clearSteps: () => void queue.splice(0),
    setResponder: (next) => {
      respond = next
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

function authorized(message: IncomingMessage, apiKey: string | undefined): boolean {
  // Azure-style endpoints send the key in `api-key`; everything else uses a bearer token.
  const header = message.headers.authorization ?? ''
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim()
  const azure = message.headers['api-key']
  const key = bearer ?? (typeof azure === 'string' ? azure : undefined)
  if (key === undefined || key === '') return false
  return apiKey === undefined || key === apiKey
}

// Catch malformed requests the way the real API does, so a broken client fails here and not in prod.
function invalidChatRequest(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The body must be a JSON object.'
  const req = body as Record<string, unknown>
  if (typeof req.model !== 'string' || req.model === '') return "Missing required parameter: 'model'."
  if (!Array.isArray(req.messages) || req.messages.length === 0)
    return "Missing required parameter: 'messages'."
  if (req.stream === true) return 'The model emulator does not support stream: true.'
  return undefined
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    message.on('data', (chunk: Buffer) => chunks.push(chunk))
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
  })
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function send(response: ServerResponse, reply: Reply): void {
  // The client may have given up (timeout tests); writing to a dead socket would only raise noise.
  if (response.destroyed || response.headersSent) return
  response.writeHead(reply.status, reply.headers)
  response.end(reply.body)
}
