import * as core from '@actions/core'
import { ProviderError, type ModelProvider, type ModelReply, type ModelRequest } from '../types.js'
import { ModelPace } from '../pace.js'
import { estimateCredits } from './credits.js'
import {
  checkToken,
  classifyRuntimeError,
  isSchemaUnsupported,
  reportFromError,
  timeoutError,
  tokenKind,
  type ErrorContext
} from './classify-errors.js'
import { supportsStructuredOutput, type ResolvedRuntime } from './resolve-runtime.js'
import { collect, errorReport, TurnError, userPrompt, type CollectedTurn } from './events.js'
import { boot, CLEAN_SESSION, end, type Booted } from './start-runtime.js'
import type { ByokSettings, ClientFactory, RuntimeEvent, SessionSettings } from './open-session.js'

export type { ByokSettings } from './open-session.js'

export interface CopilotProviderOptions {
  /** A Copilot model id such as gpt-5-mini, or auto. */
  model: string
  /** The workflow token; it reaches the runtime as COPILOT_GITHUB_TOKEN and nowhere else. */
  token: string
  /** Resolves the runtime; called once, on the first request. */
  runtime: () => Promise<ResolvedRuntime>
  clients: ClientFactory
  /** Parent of the per-call home and working directories: RUNNER_TEMP in a job. */
  tempDir: string
  /** The job's environment, from which only what the runtime needs is passed on. */
  env?: NodeJS.ProcessEnv
  /** Overall time limit of one call, runtime start included. */
  timeoutMs?: number
  /** Refuse further calls once this many AI credits were spent (input `max-ai-credits`). */
  maxCredits?: number
  /** Most calls a minute ("model-rpm"); Copilot's own limits answer as errors, not headers. */
  requestsPerMinute?: number
  byok?: ByokSettings
  log?: { info(message: string): void; debug(message: string): void }
}

/** Tokens and AI credits over every call of this provider. */
export interface CopilotUsage {
  calls: number
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  /** Estimated from tokens at list price; excludes calls on models without a known price. */
  credits: number
  /** Calls whose model has no known price, so `credits` leaves them out. */
  unpricedCalls: number
}

interface Turn extends CollectedTurn {
  /** Whether the schema went as responseFormat (else it was in the system message). */
  structured: boolean
}

/**
 * The `copilot` provider: one Copilot runtime process and one clean session per call (our system
 * message only, no tools, no custom instructions, an empty working directory), answer in JSON by
 * schema when the runtime supports it. The runtime is ended as soon as the answer is in, or at the time limit.
 */
export class CopilotProvider implements ModelProvider {
  readonly name = 'copilot'
  readonly model: string
  private runtime?: Promise<ResolvedRuntime>
  private warm?: Promise<Booted>
  private schemaRefused = false
  private readonly spent: CopilotUsage = {
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    credits: 0,
    unpricedCalls: 0
  }
  private readonly log: NonNullable<CopilotProviderOptions['log']>
  private readonly pace: ModelPace

  constructor(private readonly options: CopilotProviderOptions) {
    this.model = options.model
    this.log = options.log ?? { info: core.info, debug: core.debug }
    this.pace = new ModelPace(options.requestsPerMinute, undefined, (seconds, why) =>
      this.log.info(`Copilot: ${why}; waiting ${seconds} s.`)
    )
  }

  /** Tokens and credits spent so far, for the summary, the `result` output and `max-ai-credits`. */
  get usage(): Readonly<CopilotUsage> {
    return { ...this.spent }
  }

  async complete(request: ModelRequest): Promise<ModelReply> {
    if (!this.options.byok) {
      const refused = checkToken(this.options.token)
      if (refused) throw refused
    }
    const max = this.options.maxCredits
    if (max !== undefined && this.spent.credits >= max) {
      throw new ProviderError(
        'quota',
        `This run has spent ${this.spent.credits.toFixed(2)} AI credits, reaching "max-ai-credits" (${max}): ` +
          'no further model calls. Raise "max-ai-credits" to triage more per run.'
      )
    }
    const runtime = await this.resolveRuntime()
    const started = performance.now()
    let attempts = 0
    for (;;) {
      attempts++
      const structured = !this.schemaRefused
      try {
        await this.pace.turn()
        const turn = await this.call(runtime, request, structured)
        return this.reply(turn, started, attempts)
      } catch (error) {
        const report = error instanceof TurnError ? error.report : undefined
        if (report && structured && isSchemaUnsupported(report)) {
          // Some bring-your-own-key endpoints refuse json_schema: ask by instruction, as openai.ts does.
          this.schemaRefused = true
          continue
        }
        if (error instanceof ProviderError) throw error
        throw classifyRuntimeError(report ?? reportFromError(error), this.errorContext())
      }
    }
  }

  private resolveRuntime(): Promise<ResolvedRuntime> {
    this.runtime ??= this.options.runtime().then((runtime) => {
      const version = runtime.version ?? 'version reported at start'
      const host = runtime.server ? `; standalone server ${runtime.server}` : ''
      this.log.info(
        `Copilot runtime ${version} (${runtime.source}: ${runtime.path}${host}) resolved in ${runtime.ms} ms`
      )
      return runtime
    })
    return this.runtime
  }

  /**
   * Starts a runtime ahead of the first call, so its boot overlaps the run's GitHub reads. `close()`
   * ends it if no call takes it. (Opening a throw-away session ahead too, to take the runtime's
   * one-time session set-up off the call, was measured: no gain, as the reads end first.)
   */
  prepare(): void {
    if (this.warm || (this.options.byok === undefined && checkToken(this.options.token))) return
    this.warm = this.resolveRuntime().then((runtime) => this.boot(runtime))
    this.warm.catch(() => undefined)
  }

  /** Ends a runtime that was started ahead and never used. */
  async close(): Promise<void> {
    const warm = this.warm
    this.warm = undefined
    if (!warm) return
    const booted = await warm.catch(() => undefined)
    if (booted) await end(booted)
  }

  private boot(runtime: ResolvedRuntime): Promise<Booted> {
    const { clients, tempDir, token, byok } = this.options
    const env = this.options.env ?? process.env
    return boot(runtime, { clients, tempDir, env, token, model: this.model, ...(byok ? { byok } : {}) })
  }

  private async call(runtime: ResolvedRuntime, request: ModelRequest, allowSchema: boolean): Promise<Turn> {
    const warm = this.warm
    this.warm = undefined
    const booted = (warm ? await warm.catch(() => undefined) : undefined) ?? (await this.boot(runtime))
    const client = booted.client
    const seconds = Math.round((this.options.timeoutMs ?? 120_000) / 1000)
    let timer: NodeJS.Timeout | undefined
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // forceStop kills the process, which also ends any retry loop inside the runtime.
        client.forceStop().catch(() => undefined)
        reject(timeoutError(seconds))
      }, this.options.timeoutMs ?? 120_000)
    })
    try {
      return await Promise.race([this.turn(booted, runtime, request, allowSchema), limit])
    } finally {
      clearTimeout(timer)
      await end(booted)
    }
  }

  private async turn(
    booted: Booted,
    runtime: ResolvedRuntime,
    request: ModelRequest,
    allowSchema: boolean
  ): Promise<Turn> {
    const { client, work } = booted
    await booted.started
    const version = runtime.version ?? (await client.version().catch(() => undefined))
    const structured = allowSchema && supportsStructuredOutput(version)
    if (allowSchema && !structured) {
      this.log.debug(
        `Copilot runtime ${version ?? 'of unknown version'} predates responseFormat; JSON by instruction`
      )
    }
    const system = structured
      ? request.system
      : `${request.system}\n\nThe answer must be a JSON object valid against this JSON schema:\n${JSON.stringify(request.schema.schema)}`
    const session = await client.createSession(this.settings(system, work))
    const events: RuntimeEvent[] = []
    const idle = new Promise<void>((resolve, reject) => {
      session.on((event) => {
        events.push(event)
        if (event.type === 'session.idle') resolve()
        if (event.type === 'session.error') reject(new TurnError(errorReport(event)))
      })
    })
    // A session.error may arrive while send is still pending; it is read at `await idle`.
    idle.catch(() => undefined)
    await session.send({
      prompt: userPrompt(request),
      ...(structured
        ? {
            responseFormat: {
              type: 'json_schema' as const,
              jsonSchema: { name: request.schema.name, strict: true, schema: request.schema.schema }
            }
          }
        : {})
    })
    // No disconnect: the session dies with the process, which end() kills right after.
    await idle
    return { ...collect(events, this.model), structured }
  }

  private settings(system: string, work: string): SessionSettings {
    const byok = this.options.byok
    return {
      model: this.model,
      reasoningEffort: 'low',
      systemMessage: { mode: 'replace', content: system },
      ...CLEAN_SESSION,
      workingDirectory: work,
      ...(byok ? { provider: { type: byok.type, baseUrl: byok.baseUrl, apiKey: byok.apiKey } } : {})
    }
  }

  private reply(turn: Turn, started: number, attempts: number): ModelReply {
    const credits = estimateCredits(turn.model, turn)
    this.spent.calls++
    this.spent.inputTokens += turn.inputTokens
    this.spent.outputTokens += turn.outputTokens
    this.spent.cacheReadTokens += turn.cacheReadTokens
    if (credits === undefined) this.spent.unpricedCalls++
    else this.spent.credits += credits
    return {
      text: turn.text,
      model: turn.model,
      promptTokens: turn.inputTokens,
      completionTokens: turn.outputTokens,
      latencyMs: Math.round(performance.now() - started),
      attempts,
      structured: turn.structured,
      ...(credits === undefined ? {} : { credits })
    }
  }

  private errorContext(): ErrorContext {
    return {
      model: this.model,
      tokenKind: tokenKind(this.options.token),
      byok: this.options.byok !== undefined
    }
  }
}
