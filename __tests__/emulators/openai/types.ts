/** One message of a Chat Completions request; content may be plain text or a list of typed parts. */
export interface ChatMessage {
  role: string
  content?: string | { type: string; text?: string }[] | null
  name?: string
  [key: string]: unknown
}

/** The parsed body of `POST .../chat/completions`, as the emulator hands it to steps and responders. */
export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  response_format?: {
    type: string
    json_schema?: { name?: string; strict?: boolean; schema?: unknown }
  }
  tools?: unknown[]
  [key: string]: unknown
}

/** Produces the assistant's text for a request. */
export type Responder = (req: ChatRequest) => string

/**
 * One scripted reaction of the emulator. Steps are consumed in order, one per chat completion request;
 * when the queue is empty the responder answers.
 */
export type Step =
  /** 200 with this assistant content; `finishReason` lets a test fake a truncated answer ('length'). */
  | { kind: 'answer'; content: string | Responder; finishReason?: string }
  /** Any status; an object body is sent as JSON, a string body as-is. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** 429 with `retry-after` and GitHub Models' rate-limit body. */
  | { kind: 'rate-limit'; retryAfter: number }
  /** 413 `tokens_limit_reached`. */
  | { kind: 'too-large' }
  /** 401 `unauthorized` (the token lacks the `models` permission). */
  | { kind: 'unauthorized' }
  /** 410, what every GitHub Models call answers since its retirement. */
  | { kind: 'retired' }
  /** 404 `unknown_model`, naming the requested model. */
  | { kind: 'unknown-model' }
  /**
   * 200 whose body is not JSON. The content type defaults to application/json, the lying-proxy case
   * that makes the SDK's JSON parse throw; pass 'text/html' to get the SDK to return a bare string.
   */
  | { kind: 'garbage'; body?: string; contentType?: string }
  /** 500 (default), 502 or 503. */
  | { kind: 'server-error'; status?: number }
  /** Waits, then behaves as `then`; for client timeouts. */
  | { kind: 'delay'; ms: number; then: Step }

/** One request as the emulator received it. */
export interface RecordedRequest {
  method: string
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string
  headers: Record<string, string | string[] | undefined>
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown
  /** When it was received, in milliseconds since the epoch (the emulator's clock): pacing is read from these. */
  at: number
  /** The status it was answered with (set when the answer is sent). */
  status?: number
}
