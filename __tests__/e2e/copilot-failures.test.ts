/**
 * What a user sees when GitHub refuses the Copilot call: the bundled action on the default provider,
 * its real SDK driving the stand-in runtime (__tests__/emulators/copilot-runtime), which fails the turn
 * the way runtime 1.0.102 reports each GitHub-side failure. Checked for each: the annotation names
 * the fix, the exit code follows fail-on-error, nothing is written on the issue, and the action never
 * calls again (the runtime's own retries are all there is).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { closeChecked } from './checks.js'
import { answer, openedPayload, world, type World } from './fixtures.js'
import { runAction, type ActionRun } from './harness.js'
import { runtimeFailures, standInRuntime, type StandIn } from '../emulators/copilot-runtime/index.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

/** The action on provider copilot (no key, no endpoint) with the stand-in as its runtime. */
function run(standIn: StandIn, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    githubUrl: w!.github.url,
    repository: `${w!.seed.owner}/${w!.seed.repo}`,
    eventName: 'issues',
    payload: openedPayload(w!.seed, 1),
    inputs: { model: 'gpt-5-mini', ...inputs },
    env: { COPILOT_CLI_PATH: standIn.path },
    timeoutMs: 60_000
  })
}

const FAILURES = runtimeFailures()

// The fix each message must name, as the user reads it in the annotation.
const fixes: Record<string, RegExp> = {
  'missing-permission': /workflow token may not make Copilot requests: add `copilot-requests: write`/,
  'policy-off': /organization owner must turn on "Allow use of Copilot CLI billed to the organization"/,
  'no-licence': /no Copilot licence\. With the workflow token the organization must have Copilot Business/,
  refused: /Copilot refused the request \(403\): check that the job has `copilot-requests: write`/,
  quota: /AI credit quota or budget is used up \(402\).*Not retried/,
  'rate-limited': /Copilot is rate limiting requests: run again later/,
  'model-policy': /Model "gpt-5-mini" is not enabled by the organization's Copilot model policies/,
  'bad-token': /Copilot rejected the token \(401\): add `copilot-requests: write`/
}

describe('provider copilot when GitHub refuses the call (stand-in runtime)', () => {
  it('has a case for every failure the stand-in replays', () => {
    expect(Object.keys(fixes).sort()).toEqual(Object.keys(FAILURES).sort())
  })

  it.each(Object.keys(fixes))(
    '%s: warns, or fails with fail-on-error, and writes nothing',
    async (name) => {
      w = await world()
      const standIn = standInRuntime(name)
      const before = w.github.issue(1)

      const warned = await run(standIn)
      expect(warned.code).toBe(0)
      const warning = warned.annotations.find((a) => a.level === 'warning')!.message
      expect(warning).toMatch(/^Issue #1 was not triaged: /)
      expect(warning).toMatch(fixes[name]!)
      // The runtime's own words, with GitHub's request ID, follow the fix.
      expect(warning).toMatch(/Copilot said: ".*\(Request ID: 0400:[0-9A-F]{8}:1\)"/)
      expect(warning).toContain('Nothing was written.')
      expect(warned.annotations.filter((a) => a.level === 'error')).toEqual([])

      const failed = await run(standIn, { 'fail-on-error': 'true' })
      expect(failed.code).toBe(1)
      expect(failed.annotations.find((a) => a.level === 'error')!.message).toMatch(fixes[name]!)

      expect(w.github.writes()).toEqual([])
      expect(w.github.issue(1)).toEqual(before)
      // One runtime and one message per run; any retrying was the runtime's own.
      expect(standIn.starts()).toHaveLength(2)
      expect(standIn.requests('session.send')).toHaveLength(2)
      expect(standIn.modelCalls()).toBe(2 * FAILURES[name]!.calls)
      expect(w.model.requests).toEqual([])
    },
    60_000
  )

  it('never retries a 402: one model request in all', async () => {
    w = await world()
    const standIn = standInRuntime('quota')
    const run1 = await run(standIn)
    expect(run1.code).toBe(0)
    expect(standIn.modelCalls()).toBe(1)
    expect(JSON.parse(run1.outputs.result!).error.kind).toBe('quota')
  }, 60_000)

  it('refuses a classic personal access token without starting the runtime', async () => {
    w = await world()
    const standIn = standInRuntime('quota')
    const result = await run(standIn, { token: 'ghp_classicPersonalAccessToken0000000000' })
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(
      /Copilot does not accept classic personal access tokens \(ghp_…\)/
    )
    expect(standIn.starts()).toEqual([])
    expect(w.github.writes()).toEqual([])
  }, 60_000)

  it('hands the runtime only the token, named by --auth-token-env, and a clean session', async () => {
    w = await world()
    const standIn = standInRuntime('answer', answer([{ name: 'bug' }]))
    const result = await run(standIn)
    expect(result.code).toBe(0)
    expect(w.github.issue(1).labels).toContain('bug')

    const [start] = standIn.starts()
    expect(start).toMatchObject({ tokenVar: 'COPILOT_GITHUB_TOKEN', hasToken: true })
    expect(start!.args).toEqual(
      expect.arrayContaining(['--disable-builtin-mcps', '--no-custom-instructions'])
    )
    expect(start!.env.filter((name) => /^(GITHUB_|INPUT_|ACTIONS_|RUNNER_TOKEN)/.test(name))).toEqual([])
    const sessions = standIn.requests('session.create').map((r) => r.params)
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({
      availableTools: [],
      disabledMcpServers: ['github-mcp-server'],
      enableSessionTelemetry: false,
      systemMessage: 'replace',
      model: 'gpt-5-mini'
    })
    expect(standIn.requests('session.send')).toHaveLength(1)
  }, 60_000)
})
