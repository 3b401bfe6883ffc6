/**
 * Keeps the stand-in runtime honest: the real pinned runtime's standalone server, started with the
 * provider's flags and session settings, against a loopback Copilot API that answers each model
 * request as GitHub does for each failure in failures.json. What the runtime reports (the
 * session.error data, its retries, how many requests it makes) must be what the stand-in replays.
 * Nothing leaves the machine: the runtime's proxy refuses everything and the test checks it was not used.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveWithServer } from '../../src/providers/copilot/index.js'
import { CLEAN_SESSION, SERVER_ARGS, TOKEN_ARGS } from '../../src/providers/copilot/start-runtime.js'
import type { ResolvedRuntime } from '../../src/providers/copilot/resolve-runtime.js'
import type { ClientFactory, RuntimeEvent } from '../../src/providers/copilot/open-session.js'
import { startLoopbackCopilot } from '../emulators/copilot-runtime/capi.js'
import { runtimeFailures } from '../emulators/copilot-runtime/index.js'

const loader = fileURLToPath(new URL('../../node_modules/@github/copilot/npm-loader.js', import.meta.url))
const suite = existsSync(loader) ? describe : describe.skip
const TOKEN = 'ghs_contractTestToken00000000000000000'
const failures = runtimeFailures()

suite('the pinned runtime reports GitHub’s refusals as the stand-in does', () => {
  let runtime: ResolvedRuntime
  let clients: ClientFactory

  beforeAll(async () => {
    clients = (await import('../../src/providers/copilot/open-session.js')).sdkClientFactory
    runtime = await resolveWithServer({
      env: { COPILOT_CLI_PATH: loader, HOME: process.env.HOME ?? '' },
      exists: existsSync,
      tempDir: tmpdir(),
      toolCache: { find: () => '', findAllVersions: () => [], cacheDir: async () => '' },
      exec: (command, args, options) => import('@actions/exec').then((m) => m.exec(command, args, options))
    })
  }, 60_000)

  it.each(Object.keys(failures))(
    '%s',
    async (name) => {
      const failure = failures[name]!
      const copilot = await startLoopbackCopilot(failure)
      const work = mkdtempSync(join(tmpdir(), 'copilot-contract-'))
      const client = clients({
        cliPath: runtime.server ?? runtime.path,
        args: [...SERVER_ARGS, ...TOKEN_ARGS],
        home: mkdtempSync(join(tmpdir(), 'copilot-contract-home-')),
        workingDirectory: work,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          COPILOT_GITHUB_TOKEN: TOKEN,
          COPILOT_API_URL: copilot.url,
          COPILOT_DEBUG_GITHUB_API_URL: copilot.url,
          HTTPS_PROXY: copilot.proxyUrl,
          HTTP_PROXY: copilot.proxyUrl,
          NO_PROXY: '127.0.0.1'
        }
      })
      try {
        await client.start()
        const session = await client.createSession({
          model: 'gpt-5-mini',
          reasoningEffort: 'low',
          systemMessage: { mode: 'replace', content: 'You triage GitHub issues.' },
          ...CLEAN_SESSION,
          workingDirectory: work
        })
        const events: RuntimeEvent[] = []
        const ended = new Promise<RuntimeEvent>((resolve) =>
          session.on((event) => {
            events.push(event)
            if (event.type === 'session.error' || event.type === 'session.idle') resolve(event)
          })
        )
        await session.send({ prompt: '<issue>\nTitle: it crashes\n</issue>' })
        const end = await ended
        expect(end.type).toBe('session.error')
        expect(end.data).toMatchObject({
          ...failure.error,
          message: `${failure.error.message} (Request ID: ${copilot.requestId})`,
          providerCallId: copilot.requestId
        })
        expect(copilot.modelCalls()).toBe(failure.calls)
        const retry = failure.retry
        if (retry) {
          const same = (e: RuntimeEvent) =>
            e.type === retry.type && Object.entries(retry.data).every(([k, v]) => e.data?.[k] === v)
          expect(events.filter(same)).toHaveLength(failure.calls - 1)
        }
        // The token arrived (named by --auth-token-env) and nothing tried to go anywhere else.
        expect(new Set(copilot.authorizations())).toEqual(new Set([`Bearer ${TOKEN}`]))
        expect(copilot.escapes()).toEqual([])
      } finally {
        await client.forceStop()
        await copilot.close()
      }
    },
    60_000
  )
})
