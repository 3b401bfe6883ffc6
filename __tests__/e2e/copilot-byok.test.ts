/**
 * The real Copilot runtime, driven through the SDK in bring-your-own-key mode against the loopback
 * model emulator, so the request the runtime really sends is checked. Both ways of starting the
 * pinned runtime run here with exactly the flags and session settings the provider uses: its
 * standalone server (what calls use) and its `copilot` command (the fallback), each of which exits on
 * a flag it does not know. Runs where the pinned @github/copilot devDependency is installed;
 * COPILOT_CLI_PATH overrides it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { buildAnswerSchema } from '../../src/decide/schema.js'
import { CopilotProvider } from '../../src/providers/copilot/provider.js'
import { resolveWithServer } from '../../src/providers/copilot/index.js'
import {
  PINNED_RUNTIME_VERSION,
  resolveRuntime,
  type RuntimeDeps
} from '../../src/providers/copilot/resolve-runtime.js'
import type { ClientFactory } from '../../src/providers/copilot/open-session.js'
import { CLI_ARGS, SERVER_ARGS, TOKEN_ARGS } from '../../src/providers/copilot/start-runtime.js'
import { ProviderError } from '../../src/providers/types.js'
import { startModelEmulator, type ModelEmulator } from '../emulators/openai/server.js'

// The pinned runtime is a devDependency, so this runs wherever `npm ci` ran; COPILOT_CLI_PATH overrides.
const installed = fileURLToPath(new URL('../../node_modules/@github/copilot/npm-loader.js', import.meta.url))
const cliPath = process.env.COPILOT_CLI_PATH ?? installed
const suite = cliPath && existsSync(cliPath) ? describe : describe.skip

const SYSTEM = 'You triage GitHub issues. Answer with one JSON object.'
const ANSWER =
  '{"labels":[{"name":"bug","rationale":"crash","confidence":"high"}],"type":null,"duplicates":[],"summary":"crash"}'
const request = {
  system: SYSTEM,
  user: '<issue>\nTitle: The app crashes on startup\n</issue>',
  schema: buildAnswerSchema(['bug', 'question'], [])
}

suite('copilot provider on the real runtime (bring-your-own-key)', () => {
  let model: ModelEmulator
  let clients: ClientFactory

  beforeAll(async () => {
    // Imported here so the suite loads (and skips) where the SDK is not installed.
    clients = (await import('../../src/providers/copilot/open-session.js')).sdkClientFactory
    model = await startModelEmulator()
  })
  afterAll(async () => {
    await model?.close()
  })

  const deps: RuntimeDeps = {
    env: { COPILOT_CLI_PATH: cliPath, HOME: process.env.HOME ?? '' },
    exists: existsSync,
    tempDir: tmpdir(),
    toolCache: { find: () => '', findAllVersions: () => [], cacheDir: async () => '' },
    // Unpacking the standalone server is the only command the provider may run here.
    exec: (command, args, options) => import('@actions/exec').then((m) => m.exec(command, args, options))
  }

  /** The provider as the action builds it: the standalone server, or with `command` the copilot command. */
  function provider(host: 'server' | 'command' = 'server'): CopilotProvider {
    return new CopilotProvider({
      model: 'test-model',
      token: '',
      runtime: () => (host === 'server' ? resolveWithServer(deps) : resolveRuntime(deps)),
      clients,
      tempDir: tmpdir(),
      timeoutMs: 60_000,
      byok: { type: 'openai', baseUrl: model.url, apiKey: 'test-key', offline: true },
      log: { info: () => undefined, debug: () => undefined }
    })
  }

  it.each(['server', 'command'] as const)(
    'the pinned runtime’s %s starts with every flag the provider passes',
    async (host) => {
      const runtime = await (host === 'server' ? resolveWithServer(deps) : resolveRuntime(deps))
      if (host === 'server')
        expect(runtime.server).toMatch(/prebuilds\/linux(musl)?-(x64|arm64)\/copilot-runtime$/)
      const client = clients({
        cliPath: runtime.server ?? runtime.path,
        args: [...(host === 'server' ? SERVER_ARGS : CLI_ARGS), ...TOKEN_ARGS],
        home: tmpdir(),
        workingDirectory: tmpdir(),
        // A token for --auth-token-env to name, and a proxy that refuses, so nothing leaves the machine.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          COPILOT_GITHUB_TOKEN: 'ghs_notARealToken000000000000000000000',
          HTTPS_PROXY: 'http://127.0.0.1:9',
          HTTP_PROXY: 'http://127.0.0.1:9'
        }
      })
      try {
        await client.start()
        expect(await client.version()).toBe(PINNED_RUNTIME_VERSION)
      } finally {
        await client.forceStop()
      }
    },
    90_000
  )

  it.each(['server', 'command'] as const)(
    'sends only our system message and prompt, no tools, and the schema as response_format (%s)',
    async (host) => {
      model.push({ kind: 'answer', content: ANSWER })
      const before = model.chatRequests().length
      const reply = await provider(host).complete(request)

      expect(reply.text).toBe(ANSWER)
      expect(reply.structured).toBe(true)
      expect(reply.promptTokens).toBeGreaterThan(0)
      const sent = model.chatRequests().slice(before)
      expect(sent).toHaveLength(1)
      const body = sent[0]!
      expect(body.model).toBe('test-model')
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'user'])
      expect(body.messages[0]!.content).toBe(SYSTEM)
      // The runtime prefixes the date; nothing else is added to our prompt.
      expect(body.messages[1]!.content).toMatch(
        /^<current_datetime>[^<]+<\/current_datetime>\n\n<issue>\nTitle: The app crashes on startup\n<\/issue>$/
      )
      expect(body.tools ?? []).toEqual([])
      expect(body.response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: request.schema.name, strict: true, schema: request.schema.schema }
      })
    },
    90_000
  )

  it('classifies the endpoint’s 402 quota answer without retrying it', async () => {
    const before = model.chatRequests().length
    model.push({
      kind: 'status',
      status: 402,
      body: { error: { code: 'quota_exceeded', message: 'You have exceeded your AI credit quota.' } }
    })
    let error: unknown
    try {
      await provider().complete(request)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as ProviderError).kind).toBe('quota')
    expect(model.chatRequests().length - before).toBe(1)
  }, 90_000)
})
