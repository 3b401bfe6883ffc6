import OpenAI, { APIError } from 'openai'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { bound } from '../text/hygiene.js'
import { classify, isSchemaUnsupported, isTransient, type CallSite } from './classify.js'
import { fetchFor } from '../http/fetch.js'
import { ModelPace } from './pace.js'
import { defaultRetryPolicy, retryAfterSeconds, statedLimit, type RetryPolicy } from './retry.js'
import {
  LASTING_KINDS,
  ProviderError,
  type ModelProvider,
  type ModelReply,
  type ModelRequest
} from './types.js'

export interface OpenAIProviderOptions {
  /** 'openai' for any OpenAI-compatible endpoint, 'github-models' for the retired preset. */
  name: 'openai' | 'github-models'
  endpoint: string
  apiKey: string
  model: string
  timeoutMs?: number
  /** From a prompt file; not sent otherwise (some models accept only their default). */
  temperature?: number
  topP?: number
  retry?: RetryPolicy
  /** Most requests a minute (`model-rpm`); undefined: the limit the answers state. */
  requestsPerMinute?: number
  /** Called before each wait, so the run's log says why it is pausing. */
  onWait?: (seconds: number, why: string) => void
}

/**
 * Any OpenAI-compatible chat completions endpoint, through the `openai` SDK with its retries off:
 * the policy here waits only for short rate limits, backs off on 5xx, and never retries what
 * cannot succeed (auth, quota, a retired service).
 */
export class OpenAIProvider implements ModelProvider {
  readonly name: string
  readonly model: string
  private readonly client: OpenAI
  private readonly site: CallSite
  private readonly policy: RetryPolicy
  private structured = true
  private readonly pace: ModelPace

  constructor(private readonly options: OpenAIProviderOptions) {
    this.name = options.name
    this.model = options.model
    this.site = { provider: options.name, endpoint: options.endpoint, model: options.model }
    this.policy = options.retry ?? defaultRetryPolicy
    this.pace = new ModelPace(
      options.requestsPerMinute,
      { now: () => Date.now(), sleep: this.policy.sleep },
      options.onWait,
      true
    )
    // Anthropic's OpenAI compatibility accepts json_schema and ignores it: give it the schema in words.
    this.structured = !/(^|\.)anthropic\.com$/i.test(new URL(options.endpoint).hostname)
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.endpoint,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 90_000,
      fetch: fetchFor(options.endpoint)
    })
  }

  /** A refusal that holds for the rest of the run: a bad key, a retired service, a spent quota. */
  private refusedForGood: ProviderError | undefined

  async complete(request: ModelRequest): Promise<ModelReply> {
    let rateLimited = 0
    let transient = 0
    let attempts = 0
    let waited = false
    for (;;) {
      attempts++
      await this.pace.turn(waited)
      // Requests that waited behind one refused for good meet the same refusal without asking again.
      if (this.refusedForGood) throw this.refusedForGood
      waited = false
      const started = performance.now()
      try {
        const { data: completion, response } = await this.client.chat.completions
          .create(this.body(request))
          .withResponse()
        this.pace.learn(statedLimit(response.headers))
        this.pace.settle()
        const latencyMs = Math.round(performance.now() - started)
        const choice = completion?.choices?.[0]
        if (!choice || typeof choice.message !== 'object') {
          throw new SyntaxError('no choices in the answer')
        }
        const refusal = choice.message.refusal
        return {
          text: choice.message.content ?? (refusal ? `{"refusal": ${JSON.stringify(refusal)}}` : ''),
          model: completion.model || this.model,
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
          latencyMs,
          attempts,
          structured: this.structured
        }
      } catch (error) {
        // The other requests of the run wait for the first one's answer; a 429 releases them only
        // once its wait is known (below).
        if (!(error instanceof APIError && error.status === 429)) this.pace.settle()
        if (this.structured && isSchemaUnsupported(error)) {
          // Some endpoints (older Ollama, Anthropic's compatibility layer) refuse json_schema: ask by instruction.
          this.structured = false
          continue
        }
        const classified = classify(error, this.site)
        if (LASTING_KINDS.has(classified.kind)) this.refusedForGood = classified
        if (classified.kind !== 'rate-limited') this.pace.settle()
        if (classified.kind === 'retired' || classified.kind === 'quota') throw classified
        if (classified.kind === 'rate-limited') {
          const headers = error instanceof APIError ? error.headers : undefined
          this.pace.learn(statedLimit(headers))
          // Released in every case below: with the wait set, or with the run about to stop.
          queueMicrotask(() => this.pace.settle())
          // A 429 that names no wait is retried after the backoff a 5xx gets (quotas are told apart by
          // their code in classify()); the retry count caps it either way.
          const backoff = this.policy.backoffSeconds
          const wait =
            retryAfterSeconds(headers, classified.message) ??
            backoff[Math.min(rateLimited, backoff.length - 1)] ??
            0
          if (wait > this.policy.maxRetryAfterSeconds) {
            throw new ProviderError(
              'quota',
              `${classified.message} It asks to wait ${Math.round(wait)} s, longer than the ${this.policy.maxRetryAfterSeconds} s a job may wait (a daily or monthly quota): not retried; try later or raise the endpoint's limits.`,
              429
            )
          }
          if (rateLimited >= this.policy.maxRateLimitRetries) {
            throw new ProviderError(
              'rate-limited',
              `${classified.message} Still limited after ${rateLimited} waits.`,
              429
            )
          }
          rateLimited++
          this.options.onWait?.(wait, 'rate limited')
          // Every request of the run waits, not only this one: the others would meet the same 429.
          this.pace.pause(wait)
          await this.policy.sleep(Math.ceil(wait * 1000))
          waited = true
          continue
        }
        if (isTransient(error) && transient < this.policy.backoffSeconds.length) {
          const wait = this.policy.backoffSeconds[transient]!
          transient++
          this.options.onWait?.(wait, classified.message)
          await this.policy.sleep(wait * 1000)
          continue
        }
        throw classified
      }
    }
  }

  private body(request: ModelRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    const system = this.structured
      ? request.system
      : `${request.system}\n\nThe answer must be a JSON object valid against this JSON schema:\n${JSON.stringify(request.schema.schema)}`
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      { role: 'user', content: request.user }
    ]
    if (request.correction) {
      messages.push(
        { role: 'assistant', content: bound(request.correction.answer, 2000) },
        {
          role: 'user',
          content: `That answer was not valid: ${request.correction.error}. Answer again with only the JSON object the schema describes.`
        }
      )
    }
    return {
      model: this.model,
      messages,
      ...(this.options.temperature === undefined ? {} : { temperature: this.options.temperature }),
      ...(this.options.topP === undefined ? {} : { top_p: this.options.topP }),
      ...(this.structured
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: request.schema.name, strict: true, schema: request.schema.schema }
            }
          }
        : {})
    }
  }
}
