import { afterEach, describe, expect, it } from '@jest/globals'
import { closeChecked } from './checks.js'
import { answer, world, type World } from './fixtures.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

const warnings = (run: { annotations: { level: string; message: string }[] }) =>
  run.annotations.filter((a) => a.level === 'warning').map((a) => a.message)

describe('when the model cannot be used', () => {
  it('explains the retired GitHub Models once, without retrying, and keeps the job green', async () => {
    w = await world(undefined, { steps: [{ kind: 'retired' }] })
    const run = await w.run({ inputs: { provider: 'github-models', 'api-key': '', model: '' } })
    expect(run.code).toBe(0)
    expect(w.model.chatRequests()).toHaveLength(1)
    expect(w.model.requests[0]!.headers.authorization).toBe('Bearer ghs_e2eTestToken000000000000000000000')
    expect(warnings(run)[0]).toMatch(
      /GitHub Models was retired on 2026-07-30 .* use provider "openai" .* Azure AI Foundry/
    )
    expect(w.github.writes()).toEqual([])
    expect(w.github.issue(1).comments).toEqual([])
  })

  it('takes an answer of {} for no decision: nothing written, one warning that says so once', async () => {
    w = await world(undefined, {
      steps: [
        { kind: 'answer', content: '{}' },
        { kind: 'answer', content: '{}' }
      ]
    })
    const run = await w.run()
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.result!)).toMatchObject({ status: 'failed', error: { kind: 'bad-answer' } })
    expect(w.github.writes()).toEqual([])
    const [warning, ...more] = warnings(run)
    expect(more).toEqual([])
    expect(warning).toMatch(
      /^Issue #1 was not triaged: The model's answer did not match the schema twice \(labels: expected array/
    )
    expect(warning!.match(/nothing was written/gi)).toHaveLength(1)
  })

  it('never lets an api-key that the endpoint echoes reach the outputs, the summary or the log', async () => {
    const key = 'sk-proj-EchoedBackByTheEndpoint0123456789abcdef'
    w = await world(undefined, {
      steps: [
        {
          kind: 'status',
          status: 401,
          body: { error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error' } }
        }
      ]
    })
    const run = await w.run({ inputs: { 'api-key': key } })
    expect(run.code).toBe(0)
    expect(warnings(run)[0]).toMatch(/rejected the credentials \(401\)/)
    // The runner's own mask command carries it, and is never shown.
    const log = run.stdout.replace(/^::add-mask::.*\n/gm, '')
    for (const text of [run.outputText, run.summary, log, run.stderr]) {
      expect(text).not.toContain(key)
      expect(text).not.toContain(key.slice(0, 12))
    }
    expect(run.outputs.result).toContain('Incorrect API key provided: ***')
  })

  it('fails the job instead when fail-on-error is true, still writing nothing', async () => {
    w = await world(undefined, { steps: [{ kind: 'unauthorized' }] })
    const run = await w.run({ inputs: { 'fail-on-error': 'true' } })
    expect(run.code).toBe(1)
    expect(run.annotations.find((a) => a.level === 'error')!.message).toMatch(
      /rejected the credentials \(401\)/
    )
    expect(w.github.writes()).toEqual([])
  })

  it('waits a short retry-after, then labels', async () => {
    w = await world(undefined, { steps: [{ kind: 'rate-limit', retryAfter: 1 }] })
    const run = await w.run()
    expect(run.code).toBe(0)
    expect(w.model.chatRequests()).toHaveLength(2)
    expect(w.github.issue(1).labels.length).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/waiting 1 s before retrying/)
  })

  it('stops at once on a daily quota with a warning', async () => {
    w = await world(undefined, { steps: [{ kind: 'rate-limit', retryAfter: 50_000 }] })
    const run = await w.run()
    expect(run.code).toBe(0)
    expect(w.model.chatRequests()).toHaveLength(1)
    expect(warnings(run)[0]).toMatch(/asks to wait 50000 s/)
    expect(w.github.writes()).toEqual([])
  })

  it('shrinks the request after a 413 and retries once', async () => {
    w = await world((s) => (s.issues[0]!.body = 'The widget list crashes. '.repeat(2000)), {
      maxPromptTokens: 2500
    })
    const run = await w.run()
    expect(run.code).toBe(0)
    const [first, second] = w.model.chatRequests()
    expect(second).toBeDefined()
    expect(JSON.stringify(second).length).toBeLessThan(JSON.stringify(first).length)
    expect(w.github.issue(1).labels.length).toBeGreaterThan(0)
    expect(run.summary).toMatch(/endpoint answered 413; request shrunk/)
  })
})

describe('when GitHub refuses a write', () => {
  it('fails with the permission to fix and posts nothing on the issue', async () => {
    w = await world(
      undefined,
      { steps: [{ kind: 'answer', content: answer([{ name: 'bug' }]) }] },
      {
        faults: [
          {
            method: 'POST',
            path: 'issues/add-labels',
            status: 403,
            body: { message: 'Resource not accessible by integration' }
          }
        ]
      }
    )
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(run.annotations.find((a) => a.level === 'error')!.message).toMatch(
      /GitHub refused a request \(403\): the workflow needs "permissions: issues: write"/
    )
    expect(w.github.issue(1).labels).toEqual([])
    expect(w.github.issue(1).comments).toEqual([])
  })
})

describe("when something answers in GitHub's place", () => {
  it('names the request that got an HTML page instead of JSON, and writes nothing more', async () => {
    const page = '<!DOCTYPE html><html><body>Sign in to the network</body></html>'
    w = await world(
      undefined,
      { steps: [{ kind: 'answer', content: answer([{ name: 'bug' }], 'Bug') }] },
      {
        faults: [
          {
            method: 'POST',
            path: 'issues/add-labels',
            status: 200,
            body: page,
            headers: { 'content-type': 'text/html; charset=utf-8' }
          }
        ]
      }
    )
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      'GitHub answered POST /repos/octo-org/widgets/issues/1/labels with something that is not JSON (text/html); nothing more was written.'
    ])
    expect(run.stdout).not.toMatch(/is not a function/)
    // The type was not set, nor anything else written after the labels request.
    expect(w.github.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/octo-org/widgets/issues/1/labels'
    ])
    expect(w.github.issue(1).type).toBeNull()
  })
})

describe('when GitHub fails the run early', () => {
  it('fails at the first read, before any search, model call or write', async () => {
    w = await world(
      undefined,
      {},
      {
        faults: [
          { path: /^\/(graphql|repos\/)/, status: 401, body: { message: 'Bad credentials' } },
          { path: '/search/issues', status: 502, body: { message: 'Server Error' } }
        ]
      }
    )
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(run.annotations.find((a) => a.level === 'error')!.message).toMatch(
      /^GitHub rejected the token \(401\): check the "token" input\./
    )
    expect(w.github.requests.filter((r) => r.path === '/search/issues')).toEqual([])
    expect(w.model.chatRequests()).toHaveLength(0)
    expect(w.github.writes()).toEqual([])
  })
})

describe('when GitHub rate-limits the run', () => {
  it('says it was a rate limit, not a permission, and writes nothing', async () => {
    w = await world(
      undefined,
      {},
      {
        // The first read (GraphQL) and its REST fallback are both refused.
        faults: ['/graphql', 'issues/list-labels-for-repo'].map((path) => ({
          path,
          status: 403,
          body: { message: 'API rate limit exceeded for installation ID 1.' },
          headers: {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600)
          }
        }))
      }
    )
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(run.annotations.find((a) => a.level === 'error')!.message).toMatch(
      /GitHub's API rate limit was reached/
    )
    expect(w.github.writes()).toEqual([])
    expect(w.model.requests).toEqual([])
  })
})
