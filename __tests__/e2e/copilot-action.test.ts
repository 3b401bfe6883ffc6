/**
 * The bundled action on the default provider, copilot, end to end: the real pinned Copilot runtime
 * (a devDependency) started by the action, in the runtime's own bring-your-own-key mode against the
 * loopback model emulator, so no GitHub model or network is involved.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { closeChecked } from './checks.js'
import { openedPayload, world, type World } from './fixtures.js'
import { runAction } from './harness.js'

const runtime = fileURLToPath(
  new URL('../../node_modules/@github/copilot-linux-x64/copilot', import.meta.url)
)
const suite = existsSync(runtime) ? describe : describe.skip

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

suite('provider: copilot (the default), through the real runtime', () => {
  it('labels the issue with no key and no endpoint, sending the runtime only our prompt', async () => {
    w = await world()
    const run = await runAction({
      githubUrl: w.github.url,
      repository: 'octo-org/widgets',
      eventName: 'issues',
      payload: openedPayload(w.seed, 1),
      inputs: { model: 'test-model' },
      env: {
        COPILOT_CLI_PATH: runtime,
        COPILOT_PROVIDER_BASE_URL: w.model.url,
        COPILOT_PROVIDER_API_KEY: 'byok-test-key',
        COPILOT_OFFLINE: 'true',
        HOME: process.env.HOME ?? ''
      },
      timeoutMs: 120_000
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Copilot runtime .* resolved in \d+ ms/)
    expect(w.github.issue(1).labels.sort()).toEqual(['area: cli', 'bug'])
    const [req] = w.model.chatRequests()
    expect(req!.tools).toBeUndefined()
    expect(req!.messages[0]!.role).toBe('system')
    expect(req!.messages[0]!.content).toMatch(
      /^You triage new issues for the GitHub repository octo-org\/widgets/
    )
    expect(JSON.parse(run.outputs.result!).usage.modelCalls).toBe(1)
  }, 150_000)
})
