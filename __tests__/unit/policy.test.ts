import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { applyPolicy, type PolicyContext } from '../../src/decide/validate.js'
import { allowedLabels, globMatcher } from '../../src/policy/labels.js'
import { DEFAULT_EXCLUDE_LABELS } from '../../src/inputs/options.js'
import { snapshotIssue } from '../../src/gather/issue.js'

const repoLabels = [
  'bug',
  'enhancement',
  'documentation',
  'question',
  'duplicate',
  'area: cli',
  'kind/crash',
  'P1 🔥'
].map((name) => ({ name, description: '' }))

function context(over: Partial<PolicyContext> = {}): PolicyContext {
  const allowed = allowedLabels(repoLabels, ['*'], ['duplicate'])
  return {
    repoLabels,
    allowedLabels: allowed,
    issueTypes: [{ id: 1, name: 'Bug', description: '' }],
    issue: snapshotIssue({
      number: 1,
      id: 1,
      title: 't',
      body: 'b',
      user: { login: 'octocat', type: 'User' }
    }),
    history: { removedByPeople: [], addedByPeople: [] },
    maxLabels: 3,
    minConfidence: 0.6,
    ...over
  }
}

const pick = (name: string, confidence = 0.9) => ({ name, rationale: 'because', confidence })

describe('globMatcher and allowedLabels', () => {
  it('matches globs and exact names with glob characters, case-insensitively', () => {
    const m = globMatcher(['kind/*', 'P1 🔥', 'Area: CLI'])
    expect(['kind/crash', 'P1 🔥', 'area: cli'].every(m)).toBe(true)
    expect(m('bug')).toBe(false)
    expect(allowedLabels(repoLabels, ['*'], ['duplicate', 'kind/*']).map((l) => l.name)).not.toContain(
      'kind/crash'
    )
  })

  it('matches label names as flat strings: a star or a ? also spans "/"', () => {
    const scoped = ['kind/duplicate', 'resolution/duplicate', 'status/wontfix', 'kind/bug', 'area/cli']
    const labels = scoped.map((name) => ({ name, description: '' }))
    expect(allowedLabels(labels, ['*'], DEFAULT_EXCLUDE_LABELS).map((l) => l.name)).toEqual([
      'kind/bug',
      'area/cli'
    ])
    expect(allowedLabels(labels, ['*bug*'], []).map((l) => l.name)).toEqual(['kind/bug'])
    expect(globMatcher(['*BUG*'])('Kind/Bug')).toBe(true)
    expect(globMatcher(['kind?bug'])('kind/bug')).toBe(true)
    expect(globMatcher(['k*'])('k/../x')).toBe(true)
    expect(globMatcher(['kind/*'])('kind/a/b')).toBe(true)
    expect(globMatcher(['kind/*'])('area/kind')).toBe(false)
    // Exclusive groups use the same matcher: one label of the group, wherever a slash falls.
    const d = applyPolicy(
      { labels: [pick('kind/crash', 0.9), pick('bug', 0.8)], type: null, summary: '' },
      context({ exclusiveGroups: ['*bug*', 'kind*'] })
    )
    expect(d.labels.map((l) => l.name)).toEqual(['kind/crash', 'bug'])
    const grouped = applyPolicy(
      { labels: [pick('kind/crash', 0.9), pick('P1 🔥', 0.8)], type: null, summary: '' },
      context({ exclusiveGroups: ['*'], issue: { ...context().issue, labels: ['area/x'] } })
    )
    expect(grouped.refusedLabels.map((r) => r.reason)).toEqual([
      'exclusive group * already has a label',
      'exclusive group * already has a label'
    ])
  })

  it('a glob *s* matches every name that holds s, case-insensitively, whatever its characters', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'B', '/', ':', ' ', '.', '-', '🔥', 'é'),
      minLength: 1
    })
    fc.assert(
      fc.property(text, text, text, (before, part, after) => {
        const name = `${before}${part}${after}`
        fc.pre(name !== '.' && name !== '..')
        expect(globMatcher([`*${part}*`])(name.toUpperCase())).toBe(true)
        // One ? per UTF-16 unit, as picomatch counts (🔥 takes two).
        expect(globMatcher([`${before}${'?'.repeat(part.length)}${after}`])(name)).toBe(true)
      })
    )
  })
})

describe('applyPolicy', () => {
  it('keeps existing, allowed, confident labels in the repository spelling', () => {
    const d = applyPolicy(
      { labels: [pick('BUG'), pick('area: cli', 0.7)], type: pick('bug'), summary: 's' },
      context()
    )
    expect(d.labels.map((l) => l.name)).toEqual(['bug', 'area: cli'])
    expect(d.type?.name).toBe('Bug')
  })

  it('refuses unknown, excluded, present, removed, weak and excess labels with reasons', () => {
    const d = applyPolicy(
      {
        labels: [
          pick('security'),
          pick('duplicate'),
          pick('question'),
          pick('bug', 0.3),
          pick('enhancement'),
          pick('documentation'),
          pick('kind/crash'),
          pick('P1 🔥')
        ],
        type: null,
        summary: ''
      },
      context({
        issue: { ...context().issue, labels: ['question'] },
        history: { removedByPeople: ['enhancement'], addedByPeople: [] },
        maxLabels: 2
      })
    )
    expect(d.labels.map((l) => l.name)).toEqual(['documentation', 'kind/crash'])
    const reasons = Object.fromEntries(d.refusedLabels.map((r) => [r.name, r.reason]))
    expect(reasons).toMatchObject({
      security: 'not a label of this repository',
      duplicate: 'not allowed by the labels / exclude-labels inputs',
      question: 'already on the issue',
      enhancement: 'a person removed it from this issue',
      bug: 'confidence 0.3 is below min-confidence 0.6',
      'P1 🔥': 'over max-labels (2)'
    })
  })

  it('never sets a type over one a person chose, nor an unknown type', () => {
    const typed = context({ issue: { ...context().issue, type: 'Feature' } })
    expect(applyPolicy({ labels: [], type: pick('Bug'), summary: '' }, typed).type).toBeNull()
    expect(applyPolicy({ labels: [], type: pick('Epic'), summary: '' }, context()).refusedType?.reason).toBe(
      'not an issue type of this repository'
    )
  })

  it('matches a name the model spelled in the other Unicode form, and applies the repository spelling', () => {
    const composed = 'caf\u00e9' // é as one code point (NFC), as the repository has it
    const decomposed = 'cafe\u0301' // e + combining acute (NFD), as the model answered
    const labels = [...repoLabels, { name: `area: ${composed}`, description: '' }]
    const ctx = context({ repoLabels: labels, allowedLabels: allowedLabels(labels, ['*'], []) })
    const d = applyPolicy({ labels: [pick(`Area: ${decomposed}`)], type: null, summary: '' }, ctx)
    expect(d.refusedLabels).toEqual([])
    expect(d.labels.map((l) => l.name)).toEqual([`area: ${composed}`])
    // The same holds for the globs, the labels on the issue and what people removed.
    expect(allowedLabels(labels, ['*'], [`*${decomposed}`]).map((l) => l.name)).not.toContain(
      `area: ${composed}`
    )
    const present = applyPolicy(
      { labels: [pick(`area: ${decomposed}`)], type: null, summary: '' },
      { ...ctx, issue: { ...ctx.issue, labels: [`area: ${composed}`] } }
    )
    expect(present.refusedLabels.map((r) => r.reason)).toEqual(['already on the issue'])
    const removed = applyPolicy(
      { labels: [pick(`area: ${composed}`)], type: null, summary: '' },
      { ...ctx, history: { removedByPeople: [`area: ${decomposed}`], addedByPeople: [] } }
    )
    expect(removed.refusedLabels.map((r) => r.reason)).toEqual(['a person removed it from this issue'])
  })

  it('whatever the model answers, only allowed labels of the repository survive, at most max-labels', () => {
    const names = [...repoLabels.map((l) => l.name), 'Bug', 'bug ', 'new-label', '', '../../etc', '@admin']
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.oneof(fc.constantFrom(...names), fc.string()),
            rationale: fc.string(),
            confidence: fc.double({ min: 0, max: 1, noNaN: true })
          }),
          { maxLength: 40 }
        ),
        fc.integer({ min: 0, max: 5 }),
        (labels, maxLabels) => {
          const ctx = context({ maxLabels })
          const d = applyPolicy({ labels, type: null, summary: '' }, ctx)
          const allowed = new Set(ctx.allowedLabels.map((l) => l.name))
          expect(d.labels.length).toBeLessThanOrEqual(maxLabels)
          expect(d.labels.every((l) => allowed.has(l.name))).toBe(true)
          expect(new Set(d.labels.map((l) => l.name)).size).toBe(d.labels.length)
        }
      )
    )
  })
})
