/**
 * `provider: history` and `fallback-provider: history`: labels and types from a classifier trained on the
 * issues people labelled in the repository, with no model call; duplicates listed, never judged or written.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { closeChecked } from './checks.js'
import { openedPayload, world, type World } from './fixtures.js'
import { actionsCache, webhookExample } from './harness.js'
import type { CacheEmulator } from '../emulators/cache/server.js'
import { labelledHistory } from './history-seed.js'

let w: World | undefined
let cache: CacheEmulator | undefined
afterEach(async () => {
  await closeChecked(w)
  await cache?.close()
  w = undefined
  cache = undefined
})

const historyInputs = { provider: 'history', endpoint: '', 'api-key': '', model: '' }

const labelsOf = (number: number) => w!.github.issue(number).labels

describe('provider: history', () => {
  it('labels and types a new issue from what people labelled before, with no model call', async () => {
    w = await world(labelledHistory)
    const run = await w.run({ issue: 1, inputs: historyInputs })
    expect(run.code).toBe(0)
    expect(w.model.requests).toEqual([])
    // Issue 1 is a TypeError crash: the maintainer labelled twenty like it `bug`, with type Bug.
    expect(labelsOf(1)).toEqual(['bug'])
    expect(w.github.issue(1).type).toBe('Bug')
    const result = JSON.parse(run.outputs.result!)
    expect(result.decidedBy).toBe('history')
    expect(result.decision.labels[0]).toMatchObject({ name: 'bug' })
    expect(result.decision.labels[0].confidence).toBeGreaterThanOrEqual(0.6)
    const summary = run.summary
    // 60 of the history and the sample repository's issue #4, which a maintainer labelled.
    expect(summary).toContain('History classifier trained on 61 issues people labelled')
    // Three examples of `area: cli` are too few; the bot's `documentation` labels never counted.
    expect(summary).toMatch(/Never predicted, too few examples.*area: cli \(3\)/)
    expect(summary).not.toContain('documentation (')
    // The history was read in GraphQL pages, not issue by issue: only the triaged issue's own events are read.
    const eventReads = w.github.requests.filter((r) => /\/issues\/\d+\/events/.test(r.path))
    expect(eventReads.map((r) => r.path)).toEqual(['/repos/octo-org/widgets/issues/1/events'])
    const pages = w.github.requests.filter((r) => JSON.stringify(r.body ?? '').includes('LabelledHistory'))
    expect(pages).toHaveLength(1)
  })

  it('lists likely duplicates in the summary only: no verdict, no comment, no duplicate label', async () => {
    w = await world((seed) => {
      labelledHistory(seed)
      seed.issues.push({
        number: 500,
        title: 'Crash with TypeError when loading the theme on Linux again',
        body: 'Same TypeError as before when loading the theme.',
        labels: [],
        state: 'open',
        user: { login: 'dave', type: 'User' },
        created_at: '2025-06-01T00:00:00Z'
      })
    })
    const run = await w.run({ payload: openedPayload(w.seed, 500), inputs: historyInputs })
    expect(run.code).toBe(0)
    expect(labelsOf(500)).toEqual(['bug'])
    const writes = w.github.writes()
    expect(writes.filter((r) => r.path.endsWith('/comments'))).toEqual([])
    expect(labelsOf(500)).not.toContain('possible-duplicate')
    const result = JSON.parse(run.outputs.result!)
    expect(result.dedupe.unjudged).toBe(true)
    expect(result.dedupe.duplicates).toEqual([])
    expect(result.dedupe.candidates.length).toBeGreaterThan(0)
    const summary = run.summary
    expect(summary).toContain('not judged (the history classifier judges no duplicates)')
  })

  it('says plainly when the history teaches nothing, and writes nothing', async () => {
    w = await world()
    const run = await w.run({ issue: 1, inputs: historyInputs })
    expect(w.github.writes()).toEqual([])
    expect(run.stdout).toMatch(/The history classifier has nothing to predict/)
    expect(run.code).toBe(0)
  })

  it('refuses an endpoint or a key given with provider history', async () => {
    w = await world()
    const run = await w.run({ issue: 1, inputs: { ...historyInputs, 'api-key': 'sk-test-key-123456' } })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('Input "api-key" does not apply to provider "history"')
    expect(w.github.writes()).toEqual([])
  })
})

describe('fallback-provider: history', () => {
  it('labels with the classifier when the provider is retired, and says so first', async () => {
    w = await world(labelledHistory, { steps: [{ kind: 'retired' }] })
    const run = await w.run({ issue: 1, inputs: { 'fallback-provider': 'history' } })
    expect(run.code).toBe(0)
    expect(w.model.chatRequests()).toHaveLength(1)
    expect(labelsOf(1)).toEqual(['bug'])
    const result = JSON.parse(run.outputs.result!)
    expect(result.status).toBe('triaged')
    expect(result.fellBack).toMatch(
      /^provider openai failed \(retired\): GitHub Models was retired on 2026-07-30/
    )
    const summary = run.summary
    const banner = summary.indexOf('> [!WARNING]')
    expect(banner).toBeGreaterThan(-1)
    expect(banner).toBeLessThan(summary.indexOf('| Issue |'))
    expect(summary).toContain('fallback-provider: history')
  })

  it('in a backlog, stops asking a provider that refused for good', async () => {
    w = await world(labelledHistory, { steps: [{ kind: 'unauthorized' }] })
    const run = await w.run({
      event: 'workflow_dispatch',
      payload: webhookExample('workflow_dispatch', ''),
      inputs: { 'fallback-provider': 'history', 'issue-numbers': '1, 2, 4', dedupe: 'false' }
    })
    expect(run.code).toBe(0)
    // One refused call; the other issues go straight to the classifier.
    expect(w.model.chatRequests()).toHaveLength(1)
    const report = JSON.parse(run.outputs.report!)
    expect(report.totals.failed).toBe(0)
    expect(labelsOf(1)).toContain('bug')
    expect(run.summary).toContain('> [!WARNING]')
  })

  it('without the fallback, the same refusal fails the issue and writes nothing', async () => {
    w = await world(labelledHistory, { steps: [{ kind: 'retired' }] })
    const run = await w.run({ issue: 1 })
    expect(labelsOf(1)).toEqual([])
    expect(w.github.writes()).toEqual([])
    expect(JSON.parse(run.outputs.result!).status).toBe('failed')
  })
})

describe('mode: backtest with provider: history', () => {
  it('scores a classifier that never learned from the issues it replays', async () => {
    w = await world(labelledHistory)
    const run = await w.run({
      event: 'workflow_dispatch',
      payload: webhookExample('workflow_dispatch', ''),
      inputs: { ...historyInputs, mode: 'backtest', 'backtest-limit': '15' }
    })
    expect(run.code).toBe(0)
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
    const report = JSON.parse(run.outputs.report!)
    expect(report.selection.replayed).toBe(15)
    // The 15 newest of the 60 are held out; what is left still teaches the three kinds apart.
    expect(report.averages.micro.precision).toBeGreaterThanOrEqual(0.9)
    expect(report.averages.micro.recall).toBeGreaterThanOrEqual(0.6)
    const summary = run.summary
    expect(summary).toContain('a backtest learns without the 15 issues it replays')
  })
})

describe('the history classifier kept in the Actions cache', () => {
  const historyReads = () =>
    w!.github.requests.filter((r) => JSON.stringify(r.body ?? '').includes('LabelledHistory')).length

  it('trains on a miss, restores on a hit, trains again when stale or when the label set changed', async () => {
    w = await world(labelledHistory)
    const started = await actionsCache()
    cache = started.emulator
    const run = (inputs: Record<string, string> = {}) =>
      w!.run({ issue: 1, inputs: { ...historyInputs, mode: 'dry-run', ...inputs }, env: started.env })

    // Miss: read the history, train, store.
    const miss = await run()
    expect(miss.code).toBe(0)
    expect(miss.summary).toContain('because no classifier was stored for this repository yet')
    expect(historyReads()).toBe(1)
    expect(cache.entries().map((e) => e.key)).toEqual([
      expect.stringMatching(/^issue-triage-history-v1-octo-org-widgets-[0-9a-f]{12}-\d+$/)
    ])

    // Hit: nothing read from GitHub's history, the same decision.
    const hit = await run()
    expect(hit.code).toBe(0)
    // (The summary escapes parentheses for Markdown.)
    expect(hit.summary).toMatch(/History classifier restored \\\(issue-triage-history-v1-octo-org-widgets-/)
    expect(historyReads()).toBe(1)
    expect(JSON.parse(hit.outputs.result!).decision.labels).toEqual(
      JSON.parse(miss.outputs.result!).decision.labels
    )

    // Stale: older than history-max-age (0 days: any age), trained again and stored beside the old one.
    const stale = await run({ 'history-max-age': '0' })
    expect(stale.summary).toContain('because the stored one is 0 days old \\(history-max-age 0\\)')
    expect(historyReads()).toBe(2)
    expect(cache.entries()).toHaveLength(2)

    // Another label set: trained again at once, under another key.
    const relabelled = await run({ labels: 'bug, enhancement, question' })
    expect(relabelled.summary).toContain('because the label set changed since it was trained')
    expect(historyReads()).toBe(3)
    const sets = new Set(cache.entries().map((e) => /widgets-([0-9a-f]{12})-/.exec(e.key)?.[1]))
    expect(sets.size).toBe(2)
  }, 120_000)

  it('goes on when the cache service refuses: trained, used, and said not stored', async () => {
    w = await world(labelledHistory)
    const started = await actionsCache()
    cache = started.emulator
    cache.fail({ target: '*', status: 403 })
    const run = await w.run({ issue: 1, inputs: historyInputs, env: started.env, timeoutMs: 120_000 })
    expect(run.code).toBe(0)
    expect(w.github.issue(1).labels).toEqual(['bug'])
    expect(run.summary).toContain('Not stored for the next runs')
    expect(cache.entries()).toEqual([])
  }, 150_000)
})
