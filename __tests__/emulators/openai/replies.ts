import { tokensIn } from './tokens.js'
import type { ChatRequest, Step } from './types.js'

/** An HTTP answer ready to send. */
export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

const json = { 'content-type': 'application/json' }

/** An OpenAI-style error envelope; every provider the action talks to uses this shape. */
export function errorReply(status: number, code: string, message: string, headers = {}): Reply {
  return { status, headers: { ...json, ...headers }, body: JSON.stringify({ error: { code, message } }) }
}

/** The 413 GitHub Models sent for prompts over the model's input limit. */
export function tooLargeReply(model = 'gpt-4o', maxTokens = 8000): Reply {
  return errorReply(
    413,
    'tokens_limit_reached',
    `Request body too large for ${model} model. Max size: ${maxTokens} tokens.`
  )
}

/** A successful chat completion in the exact shape of the Chat Completions API. */
export function answerReply(
  req: ChatRequest,
  content: string,
  promptTokens: number,
  id: string,
  finishReason = 'stop'
): Reply {
  const completionTokens = tokensIn(content)
  const body = {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: finishReason
      }
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens
    },
    system_fingerprint: 'fp_emulator'
  }
  return { status: 200, headers: json, body: JSON.stringify(body) }
}

type FailureStep = Exclude<Step, { kind: 'answer' } | { kind: 'delay' }>

/** The canned answer of every step that is not a model answer, with the bodies real endpoints send. */
export function failureReply(step: FailureStep, req: ChatRequest): Reply {
  switch (step.kind) {
    case 'status': {
      const body =
        step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body)
      const type = typeof step.body === 'string' ? 'text/plain' : 'application/json'
      return { status: step.status, headers: { 'content-type': type, ...step.headers }, body }
    }
    case 'rate-limit':
      return errorReply(
        429,
        'RateLimitReached',
        `Rate limit of 15 per 60s exceeded for UserByModelByMinute. Please wait ${step.retryAfter} seconds before retrying.`,
        { 'retry-after': String(step.retryAfter) }
      )
    case 'too-large':
      return tooLargeReply()
    case 'unauthorized':
      return errorReply(401, 'unauthorized', 'The `models` permission is required to access this endpoint')
    case 'retired':
      return errorReply(
        410,
        'github_models_retirement_brownout',
        'GitHub Models is temporarily unavailable as part of a scheduled retirement brownout.'
      )
    case 'unknown-model':
      return errorReply(404, 'unknown_model', `Unknown model: ${req.model}`)
    case 'garbage':
      return {
        status: 200,
        headers: { 'content-type': step.contentType ?? 'application/json' },
        body: step.body ?? '<html>upstream error</html>'
      }
    case 'server-error':
      return serverErrorReply(step.status ?? 500)
  }
}

// 502s usually come from a gateway in front of the model and carry its HTML page, not a JSON error.
function serverErrorReply(status: number): Reply {
  if (status === 502) {
    return {
      status,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>'
    }
  }
  if (status === 503) return errorReply(503, 'service_unavailable', 'The service is temporarily unavailable.')
  return errorReply(status, 'server_error', 'The server had an error while processing your request.')
}
