import type { AnswerSchema } from '../decide/schema.js'

/** One model request: our messages and the schema the answer must follow. */
export interface ModelRequest {
  system: string
  user: string
  schema: AnswerSchema
  /** An earlier invalid answer and what was wrong with it, for the one corrective retry. */
  correction?: { answer: string; error: string }
}

/** What a provider returns: the answer's text and what it cost. */
export interface ModelReply {
  text: string
  model: string
  promptTokens: number
  completionTokens: number
  latencyMs: number
  attempts: number
  /** False when the endpoint refused structured output and the answer came by instruction. */
  structured: boolean
  /** AI credits the call cost, where the provider bills in them (copilot). */
  credits?: number
}

/** Every way a model call can fail, each with its own message and retry rule. */
export type ProviderErrorKind =
  | 'auth'
  | 'policy'
  | 'not-found'
  | 'retired'
  | 'too-large'
  | 'rate-limited'
  | 'quota'
  | 'bad-answer'
  | 'unavailable'
  /** provider history: the repository's labelled issues teach no label (too few examples of each). */
  | 'no-history'

/** Refusals no retry or wait changes during a run: a bad key, a retired service, a spent quota. */
export const LASTING_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  'auth',
  'retired',
  'quota',
  'policy',
  'not-found'
])

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    /** For too-large: the endpoint's stated limit, when it said one. */
    readonly limitTokens?: number
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}

/** The interface every provider implements. Providers never see a GitHub write credential. */
export interface ModelProvider {
  readonly name: string
  readonly model: string
  complete(request: ModelRequest): Promise<ModelReply>
  /** Starts slow set-up (a runtime process) early, to overlap the run's GitHub reads. */
  prepare?(): void
  /** Ends whatever prepare() started and no call used. Called once the run is over. */
  close?(): Promise<void>
}
