import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { buildAnswerSchema } from '../../src/decide/schema.js'
import { CopilotProvider, type CopilotProviderOptions } from '../../src/providers/copilot/provider.js'
import type { ResolvedRuntime } from '../../src/providers/copilot/resolve-runtime.js'
import type {
  ClientSettings,
  RuntimeEvent,
  RuntimeSession,
  SessionSettings
} from '../../src/providers/copilot/open-session.js'
import { failure } from './failure.js'

const request = {
  system: 'You triage issues.',
  user: '<issue>\nTitle: it crashes\n</issue>',
  schema: buildAnswerSchema(['bug'], [])
}
const ANSWER = '{"labels":[],"type":null,"duplicates":[],"summary":"crash"}'

type Script = (
  emit: (event: RuntimeEvent) => void,
  sent: { prompt: string; responseFormat?: unknown }
) => void

/** A stand-in runtime: records how it was started and what it was sent, and answers with `script`. */
function standIn(script: Script, version = '1.0.102') {
  const seen = {
    clients: [] as ClientSettings[],
    sessions: [] as SessionSettings[],
    sends: [] as { prompt: string; responseFormat?: unknown }[],
    forced: 0,
    dirsDuringCall: [] as boolean[]
  }
  const clients = (settings: ClientSettings) => {
    seen.clients.push(settings)
    return {
      start: async () => undefined,
      version: async () => version,
      createSession: async (config: SessionSettings): Promise<RuntimeSession> => {
        seen.sessions.push(config)
        seen.dirsDuringCall.push(existsSync(settings.home) && existsSync(settings.workingDirectory))
        const handlers: ((e: RuntimeEvent) => void)[] = []
        return {
          on: (handler) => {
            handlers.push(handler)
            return () => undefined
          },
          send: async (sent) => {
            seen.sends.push(sent)
            setTimeout(() => script((e) => handlers.forEach((h) => h(e)), sent), 1)
            return { messageId: 'm1' }
          }
        }
      },
      forceStop: async () => void seen.forced++
    }
  }
  return { clients, seen }
}

const answers: Script = (emit) => {
  emit({
    type: 'assistant.usage',
    data: { model: 'gpt-5-mini', inputTokens: 4000, outputTokens: 500, cacheReadTokens: 1000 }
  })
  emit({ type: 'assistant.message', data: { content: ANSWER } })
  emit({ type: 'session.idle', data: {} })
}

function provider(
  clients: CopilotProviderOptions['clients'],
  extra: Partial<CopilotProviderOptions> = {},
  runtime: Partial<ResolvedRuntime> = {}
) {
  return new CopilotProvider({
    model: 'gpt-5-mini',
    token: 'ghs_workflowtoken',
    runtime: async () => ({
      path: '/rt/npm-loader.js',
      version: '1.0.102',
      source: 'tool-cache',
      ms: 3,
      ...runtime
    }),
    clients,
    tempDir: tmpdir(),
    env: {
      PATH: '/usr/bin',
      HOME: '/home/runner',
      RUNNER_TEMP: '/runner/temp',
      GITHUB_TOKEN: 'ghs_other',
      'INPUT_API-KEY': 'sk-secret',
      ACTIONS_RUNTIME_TOKEN: 'secret'
    },
    log: { info: () => undefined, debug: () => undefined },
    ...extra
  })
}

describe('CopilotProvider', () => {
  it('runs one clean session with the schema as responseFormat and reports tokens and credits', async () => {
    const { clients, seen } = standIn(answers)
    const p = provider(clients)
    const reply = await p.complete(request)
    expect(reply).toMatchObject({
      text: ANSWER,
      model: 'gpt-5-mini',
      promptTokens: 4000,
      completionTokens: 500,
      structured: true,
      attempts: 1
    })
    expect(seen.sessions[0]).toMatchObject({
      model: 'gpt-5-mini',
      reasoningEffort: 'low',
      systemMessage: { mode: 'replace', content: 'You triage issues.' },
      availableTools: [],
      skipCustomInstructions: true,
      disabledMcpServers: ['github-mcp-server'],
      enableSessionTelemetry: false
    })
    expect(seen.sessions[0]!.workingDirectory).toBe(seen.clients[0]!.workingDirectory)
    expect(seen.sends[0]).toEqual({
      prompt: request.user,
      responseFormat: {
        type: 'json_schema',
        jsonSchema: { name: request.schema.name, strict: true, schema: request.schema.schema }
      }
    })
    // 4000 × $0.25/M + 500 × $2/M = $0.002 = 0.2 credits
    expect(p.usage.credits).toBeCloseTo(0.2, 6)
    expect(p.usage).toMatchObject({
      calls: 1,
      inputTokens: 4000,
      outputTokens: 500,
      cacheReadTokens: 1000,
      unpricedCalls: 0
    })
    expect(seen.forced).toBe(1)
  })

  it('gives the runtime the token as COPILOT_GITHUB_TOKEN and none of the job’s other secrets', async () => {
    const { clients, seen } = standIn(answers)
    await provider(clients).complete(request)
    const env = seen.clients[0]!.env
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      RUNNER_TEMP: '/runner/temp',
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_GITHUB_TELEMETRY_DISABLED: 'true',
      COPILOT_GITHUB_TOKEN: 'ghs_workflowtoken'
    })
    expect(seen.clients[0]!.cliPath).toBe('/rt/npm-loader.js')
    expect(seen.clients[0]!.args).toEqual([
      '--disable-client-telemetry',
      '--disable-builtin-mcps',
      '--no-custom-instructions',
      '--auth-token-env',
      'COPILOT_GITHUB_TOKEN'
    ])
  })

  it('starts the standalone server when there is one, with the flags it accepts', async () => {
    const { clients, seen } = standIn(answers)
    await provider(
      clients,
      {},
      { server: '/cache/pkg/linux-x64/1.0.102/prebuilds/linux-x64/copilot-runtime' }
    ).complete(request)
    expect(seen.clients[0]!.cliPath).toBe('/cache/pkg/linux-x64/1.0.102/prebuilds/linux-x64/copilot-runtime')
    expect(seen.clients[0]!.args).toEqual([
      '--no-custom-instructions',
      '--auth-token-env',
      'COPILOT_GITHUB_TOKEN'
    ])
    // What the command's flags did, the server gets per session.
    expect(seen.sessions[0]).toMatchObject({
      disabledMcpServers: ['github-mcp-server'],
      enableSessionTelemetry: false
    })
  })

  it('uses fresh, empty home and working directories and removes them afterwards', async () => {
    const { clients, seen } = standIn(answers)
    await provider(clients).complete(request)
    expect(seen.dirsDuringCall).toEqual([true])
    expect(existsSync(seen.clients[0]!.home)).toBe(false)
    expect(existsSync(seen.clients[0]!.workingDirectory)).toBe(false)
  })

  it('asks by instruction when the runtime predates responseFormat (version read from the runtime)', async () => {
    const { clients, seen } = standIn(answers, '1.0.80')
    const reply = await provider(clients, {}, { version: undefined, source: 'env' }).complete(request)
    expect(reply.structured).toBe(false)
    expect(seen.sends[0]!.responseFormat).toBeUndefined()
    expect(seen.sessions[0]!.systemMessage.content).toContain('valid against this JSON schema')
  })

  it('falls back to instruction once when a bring-your-own-key endpoint refuses json_schema', async () => {
    let calls = 0
    const { clients, seen } = standIn((emit) => {
      if (calls++ === 0) {
        emit({
          type: 'session.error',
          data: {
            errorType: 'query',
            statusCode: 400,
            message: "400 'response_format' of type 'json_schema' is not supported"
          }
        })
        return
      }
      answers(emit, { prompt: '' })
    })
    const reply = await provider(clients, {
      byok: { type: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k' }
    }).complete(request)
    expect(reply).toMatchObject({ structured: false, attempts: 2 })
    expect(seen.sends.map((s) => s.responseFormat === undefined)).toEqual([false, true])
    expect(seen.forced).toBe(2)
  })

  it('classifies a session.error and still stops the runtime', async () => {
    const { clients, seen } = standIn((emit) =>
      emit({
        type: 'session.error',
        data: { errorType: 'query', statusCode: 402, message: '402 You have exceeded your AI credit quota.' }
      })
    )
    const error = await failure(provider(clients).complete(request))
    expect(error.kind).toBe('quota')
    expect(error.status).toBe(402)
    expect(seen.forced).toBe(1)
  })

  it('kills the runtime at the time limit', async () => {
    const { clients, seen } = standIn(() => undefined)
    const error = await failure(provider(clients, { timeoutMs: 50 }).complete(request))
    expect(error.kind).toBe('unavailable')
    expect(error.message).toContain('no answer within 0 s')
    expect(seen.forced).toBeGreaterThanOrEqual(1)
  })

  it('refuses a classic PAT without starting anything', async () => {
    const { clients, seen } = standIn(answers)
    const error = await failure(provider(clients, { token: 'ghp_classic' }).complete(request))
    expect(error.kind).toBe('auth')
    expect(seen.clients).toEqual([])
  })

  it('stops calling once max-ai-credits is spent', async () => {
    const { clients, seen } = standIn(answers)
    const p = provider(clients, { maxCredits: 0.3 })
    await p.complete(request)
    await p.complete(request)
    const error = await failure(p.complete(request))
    expect(error.kind).toBe('quota')
    expect(error.message).toContain('"max-ai-credits" (0.3)')
    expect(seen.sends).toHaveLength(2)
  })

  it('counts a model without a known price as unpriced', async () => {
    const { clients } = standIn((emit) => {
      emit({ type: 'assistant.usage', data: { model: 'claude-x', inputTokens: 10, outputTokens: 1 } })
      emit({ type: 'assistant.message', data: { content: ANSWER } })
      emit({ type: 'session.idle', data: {} })
    })
    const p = provider(clients, { model: 'auto' })
    const reply = await p.complete(request)
    expect(reply.model).toBe('claude-x')
    expect(p.usage).toMatchObject({ credits: 0, unpricedCalls: 1 })
  })

  it('puts a correction into the one user message', async () => {
    const { clients, seen } = standIn(answers)
    await provider(clients).complete({
      ...request,
      correction: { answer: '{"labels": 3}', error: 'labels must be an array' }
    })
    expect(seen.sends[0]!.prompt).toContain('Your previous answer was:\n{"labels": 3}')
    expect(seen.sends[0]!.prompt).toContain('That answer was not valid: labels must be an array.')
  })

  it('classifies a runtime that cannot start', async () => {
    const { clients } = standIn(answers)
    const broken = (settings: ClientSettings) => ({
      ...clients(settings),
      start: async () => {
        throw new Error('CLI server exited with code 1\nstderr: error: unexpected argument')
      }
    })
    const error = await failure(provider(broken).complete(request))
    expect(error.message).toContain('The Copilot runtime stopped unexpectedly')
  })

  it('starts the runtime ahead with prepare(), uses it for the call, and ends it', async () => {
    const { clients, seen } = standIn(answers)
    const p = provider(clients)
    p.prepare()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(seen.clients).toHaveLength(1)
    await p.complete(request)
    expect(seen.clients).toHaveLength(1)
    expect(seen.sessions).toHaveLength(1)
    expect(seen.sends).toHaveLength(1)
    expect(seen.forced).toBe(1)
    await p.close()
    expect(seen.forced).toBe(1)
  })

  it('ends a runtime started ahead that no call used', async () => {
    const { clients, seen } = standIn(answers)
    const p = provider(clients)
    p.prepare()
    await p.close()
    expect(seen.clients).toHaveLength(1)
    expect(seen.forced).toBe(1)
    expect(existsSync(seen.clients[0]!.home)).toBe(false)
  })
})
