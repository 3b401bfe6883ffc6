import { describe, expect, it } from '@jest/globals'
import { historyOf, snapshotIssue } from '../../src/gather/issue.js'
import { labelledByUsSince } from '../../src/triage.js'

const issue = (updated_at: string) => snapshotIssue({ number: 7, id: 7, title: 't', updated_at })
const labeled = (login: string, at: string) => ({
  event: 'labeled',
  label: { name: 'bug' },
  actor: { login, type: 'Bot' },
  created_at: at
})

describe('a backlog knows the issues it already labelled', () => {
  const ours = historyOf([labeled('github-actions[bot]', '2026-01-01T10:00:00Z')])

  it('skips an issue its identity labelled, unchanged since (its own comment a moment later included)', () => {
    expect(labelledByUsSince(issue('2026-01-01T10:00:00Z'), ours, 'github-actions')).toBe(true)
    expect(labelledByUsSince(issue('2026-01-01T10:00:04Z'), ours, 'github-actions')).toBe(true)
  })

  it('triages it again once anything changed later: an edit, a comment, a label', () => {
    expect(labelledByUsSince(issue('2026-01-01T10:05:00Z'), ours, 'github-actions')).toBe(false)
  })

  it("does not take another bot's labels, or a person's, for its own", () => {
    const theirs = historyOf([labeled('stale[bot]', '2026-01-01T10:00:00Z')])
    expect(labelledByUsSince(issue('2026-01-01T10:00:00Z'), theirs, 'github-actions')).toBe(false)
    const person = historyOf([
      { ...labeled('mia', '2026-01-01T10:00:00Z'), actor: { login: 'mia', type: 'User' } }
    ])
    expect(labelledByUsSince(issue('2026-01-01T10:00:00Z'), person, 'github-actions')).toBe(false)
    // With a person's token the action writes as that person: their labels count as its own.
    expect(labelledByUsSince(issue('2026-01-01T10:00:00Z'), person, 'mia')).toBe(true)
    expect(labelledByUsSince(issue('2026-01-01T10:00:00Z'), ours, 'my-app')).toBe(false)
  })

  it('goes by the latest of its label events, and never skips when a time is unknown', () => {
    const twice = historyOf([
      labeled('github-actions[bot]', '2026-01-01T10:00:00Z'),
      labeled('github-actions[bot]', '2026-01-02T10:00:00Z')
    ])
    expect(labelledByUsSince(issue('2026-01-02T10:00:01Z'), twice, 'github-actions')).toBe(true)
    expect(labelledByUsSince(issue(''), ours, 'github-actions')).toBe(false)
    expect(labelledByUsSince(issue('2026-01-01T10:00:00Z'), historyOf([]), 'github-actions')).toBe(false)
  })
})
