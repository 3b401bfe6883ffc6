/**
 * The repository's classifier over a store: restored when fresh, trained again when missing, stale, made for
 * another label set or unreadable; a stale one kept when retraining fails. And what counts as people's labels.
 */
import { describe, expect, it } from '@jest/globals'
import { asEvents, keptByPeople, type LabelledHistory } from '../../src/gather/labelled-history.js'
import { keyPrefixes, labelSetHash, loadClassifier } from '../../src/history/repository-classifier.js'
import type { ModelStore } from '../../src/history/store.js'

const ref = { owner: 'Octo-Org', repo: 'widgets' }

/** A store in memory that records what it was asked; newest key wins a prefix. */
function memoryStore(): ModelStore & { entries: Map<string, string>; saves: string[] } {
  const entries = new Map<string, string>()
  const saves: string[] = []
  return {
    kind: 'directory',
    entries,
    saves,
    async restore(key, prefixes) {
      if (entries.has(key)) return { key, text: entries.get(key)! }
      for (const prefix of prefixes) {
        const keys = [...entries.keys()].filter((k) => k.startsWith(prefix)).sort()
        const newest = keys[keys.length - 1]
        if (newest) return { key: newest, text: entries.get(newest)! }
      }
      return undefined
    },
    async save(key, text) {
      saves.push(key)
      if (!entries.has(key)) entries.set(key, text)
      return undefined
    }
  }
}

const issue = (n: number, label: string, words: string) => ({
  number: n,
  title: `${words} ${n}`,
  body: `${words}.`,
  createdAt: '2025-01-01T00:00:00Z',
  labels: [label],
  type: label === 'bug' ? 'Bug' : 'Feature'
})
const HISTORY: LabelledHistory = {
  issues: [
    ...Array.from({ length: 8 }, (_, i) => issue(i + 1, 'bug', 'crash panic segfault')),
    ...Array.from({ length: 8 }, (_, i) => issue(i + 20, 'enhancement', 'please add support feature'))
  ],
  examined: 30,
  requests: 1
}

const DAY = 86_400_000
const at = (days: number) => new Date(Date.UTC(2026, 11, 1) + days * DAY)

function load(
  store: ModelStore,
  days: number,
  overrides: Partial<Parameters<typeof loadClassifier>[0]> = {}
) {
  let reads = 0
  const promise = loadClassifier({
    store,
    ref,
    labels: ['bug', 'enhancement'],
    types: ['Bug', 'Feature'],
    maxAgeDays: 7,
    now: at(days),
    read: async () => {
      reads++
      return HISTORY
    },
    ...overrides
  })
  return promise.then((c) => ({ c, reads }))
}

describe('the repository classifier and its store', () => {
  it('trains on a miss and stores under repository, label set and time; the next run restores it', async () => {
    const store = memoryStore()
    const first = await load(store, 0)
    expect(first.reads).toBe(1)
    expect(first.c.origin).toMatchObject({ how: 'trained', issues: 16, examined: 30 })
    expect(first.c.origin.why).toMatch(/no classifier was stored/)
    const set = labelSetHash(['bug', 'enhancement'], ['Bug', 'Feature'])
    expect(store.saves).toEqual([`issue-triage-history-v1-octo-org-widgets-${set}-${at(0).getTime()}`])
    expect(first.c.labels.labels.map((l) => l.name).sort()).toEqual(['bug', 'enhancement'])
    expect(first.c.types?.labels.map((l) => l.name).sort()).toEqual(['Bug', 'Feature'])

    const second = await load(store, 3)
    expect(second.reads).toBe(0)
    expect(second.c.origin).toMatchObject({ how: 'restored', key: store.saves[0], issues: 16 })
    // The restored classifier predicts what the trained one did.
    const text = { title: 'crash panic on start', body: 'segfault' }
    const { predict } = await import('../../src/history/classifier.js')
    expect(predict(second.c.labels, text)).toEqual(predict(first.c.labels, text))
  })

  it('trains again when the stored one is older than history-max-age, and stores the new one', async () => {
    const store = memoryStore()
    await load(store, 0)
    const later = await load(store, 8)
    expect(later.reads).toBe(1)
    expect(later.c.origin.how).toBe('trained')
    expect(later.c.origin.why).toBe('the stored one is 8 days old (history-max-age 7)')
    expect(store.saves).toHaveLength(2)
    // The newest entry is what a third run restores.
    expect((await load(store, 9)).c.origin).toMatchObject({ how: 'restored', key: store.saves[1] })
  })

  it('trains again at once when the label set changed', async () => {
    const store = memoryStore()
    await load(store, 0)
    const changed = await load(store, 1, { labels: ['bug', 'enhancement', 'question'] })
    expect(changed.reads).toBe(1)
    expect(changed.c.origin.why).toBe('the label set changed since it was trained')
    expect(store.saves[1]).toContain(labelSetHash(['bug', 'enhancement', 'question'], ['Bug', 'Feature']))
  })

  it('trains again over an unreadable entry rather than failing', async () => {
    const store = memoryStore()
    const { set } = keyPrefixes(ref, labelSetHash(['bug', 'enhancement'], ['Bug', 'Feature']))
    store.entries.set(
      `${set}1`,
      '{"format": 1, "trainedAt": "2026-12-01T00:00:00Z", "labels": {"format": "x"}}'
    )
    const run = await load(store, 0)
    expect(run.c.origin.how).toBe('trained')
    expect(run.c.origin.why).toMatch(/could not be read/)
  })

  it('keeps a stale classifier when reading the history fails, and says why', async () => {
    const store = memoryStore()
    await load(store, 0)
    const run = await load(store, 30, {
      read: async () => {
        throw new Error('API rate limit exceeded')
      }
    })
    expect(run.c.origin.how).toBe('restored')
    expect(run.c.origin.staleBecause).toBe('retraining failed: API rate limit exceeded')
  })

  it('with nothing stored and the history unreadable, the failure is thrown', async () => {
    await expect(
      load(memoryStore(), 0, {
        read: async () => {
          throw new Error('boom')
        }
      })
    ).rejects.toThrow('boom')
  })

  it('a backtest trains fresh: the store is neither read nor written', async () => {
    const store = memoryStore()
    await load(store, 0)
    const fresh = await load(store, 1, { fresh: 'a backtest learns without the 5 issues it replays' })
    expect(fresh.reads).toBe(1)
    expect(fresh.c.origin.why).toBe('a backtest learns without the 5 issues it replays')
    expect(store.saves).toHaveLength(1)
  })
})

describe("people's labels from GraphQL timeline items", () => {
  const allowed = new Map([
    ['bug', 'bug'],
    ['area: cli', 'area: cli']
  ])
  const item = (typename: string, label: string, login: string, actorType = 'User') => ({
    __typename: typename,
    createdAt: '2025-01-01T00:00:00Z',
    actor: { __typename: actorType, login },
    label: { name: label }
  })

  it('keeps what a person added and kept, among the allowed labels', () => {
    const events = asEvents([
      item('LabeledEvent', 'Bug', 'mia'),
      item('LabeledEvent', 'area: cli', 'mia'),
      item('UnlabeledEvent', 'area: cli', 'mia'),
      item('LabeledEvent', 'wontfix', 'mia')
    ])
    expect(keptByPeople(events, 'triage-bot', allowed)).toEqual(['bug'])
  })

  it("leaves out bots' labels and this action's identity, even with a personal token", () => {
    const events = asEvents([
      item('LabeledEvent', 'bug', 'github-actions', 'Bot'),
      item('LabeledEvent', 'area: cli', 'Triage-Bot'),
      null
    ])
    expect(events[0]!.actor).toEqual({ login: 'github-actions[bot]', type: 'Bot' })
    expect(keptByPeople(events, 'triage-bot', allowed)).toEqual([])
  })
})
