/**
 * The real Copilot runtime, driven through the SDK in bring-your-own-key mode against the loopback
 * model emulator, so the request the runtime really sends is checked. Runs only when COPILOT_CLI_PATH
 * points to an installed runtime (CI installs the pinned @github/copilot), e.g.
 *   COPILOT_CLI_PATH=$PWD/node_modules/@github/copilot/npm-loader.js npm test -- __tests__/e2e/copilot-byok
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { buildAnswerSchema } from '../../src/decide/schema.js'
import { CopilotProvider } from '../../src/providers/copilot/provider.js'
import { resolveRuntime } from '../../src/providers/copilot/runtime.js'
import type { ClientFactory } from '../../src/providers/copilot/runtime-client.js'
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
    clients = (await import('../../src/providers/copilot/sdk.js')).sdkClientFactory
    model = await startModelEmulator()
  })
  afterAll(async () => {
    await model?.close()
  })

  function provider(): CopilotProvider {
    return new CopilotProvider({
      model: 'test-model',
      token: '',
      runtime: () =>
        resolveRuntime({
          env: { COPILOT_CLI_PATH: cliPath },
          exists: existsSync,
          tempDir: tmpdir(),
          toolCache: {
            find: () => '',
            findAllVersions: () => [],
            cacheDir: async () => ''
          },
          exec: async () => 1
        }),
      clients,
      tempDir: tmpdir(),
      timeoutMs: 60_000,
      byok: { type: 'openai', baseUrl: model.url, apiKey: 'test-key', offline: true },
      log: { info: () => undefined, debug: () => undefined }
    })
  }

  it('sends only our system message and prompt, no tools, and the schema as response_format', async () => {
    model.push({ kind: 'answer', content: ANSWER })
    const reply = await provider().complete(request)

    expect(reply.text).toBe(ANSWER)
    expect(reply.structured).toBe(true)
    expect(reply.promptTokens).toBeGreaterThan(0)
    const sent = model.chatRequests()
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
  }, 90_000)

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
