/**
 * The property campaign's invariants that hold for any input, checked on 1,000 generated cases each:
 * what policy lets through, what leaves the run (redaction), and what a comment can contain.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { renderEnded, renderFound } from '../../src/act/comment.js'
import { applyPolicy, type PolicyContext } from '../../src/decide/validate.js'
import { snapshotIssue } from '../../src/gather/issue.js'
import type { DuplicateMarker } from '../../src/gather/marker.js'
import { allowedLabels } from '../../src/policy/labels.js'
import { redact, registerSecret } from '../../src/text/secrets.js'

const RUNS = { numRuns: 1000 }

// Label names as repositories have them: scoped, spaced, emoji, accented (either Unicode form).
const labelName = fc.oneof(
  fc.constantFrom(
    'bug',
    'kind/bug',
    'kind/duplicate',
    'status/wontfix',
    'area: cli',
    'P1 🔥',
    'café',
    'good first issue'
  ),
  fc.string({ minLength: 1, maxLength: 30 })
)
const variant = (name: string) =>
  fc.constantFrom(name, name.toUpperCase(), name.normalize('NFD'), ` ${name} `, `${name}x`)

describe('policy, whatever the model answers', () => {
  it('keeps only labels of the repository that policy allows, that no person removed, within max-labels and min-confidence', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(labelName, { minLength: 1, maxLength: 12, selector: (n) => n.toLowerCase() }),
        fc.array(fc.constantFrom('*', 'kind/*', '*bug*', 'area*', 'café'), { maxLength: 3 }),
        fc.array(fc.constantFrom('*duplicate*', 'status/*', 'bug', 'p1*'), { maxLength: 3 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 3 }),
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 11 }),
            other: fc.string({ maxLength: 20 }),
            pick: fc.integer({ min: 0, max: 5 }),
            confidence: fc.double({ min: 0, max: 1, noNaN: true })
          }),
          { maxLength: 15 }
        ),
        (names, allow, exclude, maxLabels, minConfidence, removedAt, answers) => {
          const repoLabels = names.map((name) => ({ name, description: '' }))
          const allowed = allowedLabels(repoLabels, allow.length ? allow : ['*'], exclude)
          const removed = removedAt.flatMap((i) => (names[i] ? [names[i].toLowerCase()] : []))
          const ctx: PolicyContext = {
            repoLabels,
            allowedLabels: allowed,
            issueTypes: [],
            issue: snapshotIssue({
              number: 1,
              id: 1,
              title: 't',
              body: 'b',
              user: { login: 'a', type: 'User' }
            }),
            history: { removedByPeople: removed, addedByPeople: [] },
            maxLabels,
            minConfidence
          }
          const labels = answers.map((a) => {
            const base = names[a.at % names.length]!
            const name = a.pick === 5 ? a.other : fc.sample(variant(base), { numRuns: 1, seed: a.pick })[0]!
            return { name, rationale: 'r', confidence: a.confidence }
          })
          const d = applyPolicy({ labels, type: null, summary: '' }, ctx)
          const allowedNames = new Set(allowed.map((l) => l.name))
          expect(d.labels.length).toBeLessThanOrEqual(maxLabels)
          for (const kept of d.labels) {
            expect(allowedNames.has(kept.name)).toBe(true)
            expect(removed).not.toContain(kept.name.toLowerCase())
            expect(kept.confidence).toBeGreaterThanOrEqual(minConfidence)
          }
          expect(new Set(d.labels.map((l) => l.name)).size).toBe(d.labels.length)
        }
      ),
      RUNS
    )
  })

  it('matches label globs against names as flat strings: a star spans "/", so *duplicate* excludes kind/duplicate', () => {
    // The independent reading of a glob: `*` any run of characters, `?` one, case and Unicode form ignored.
    const flat = (glob: string) =>
      new RegExp(
        `^${[...glob.normalize('NFC').toLowerCase()].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
        's'
      )
    const segment = fc.stringMatching(/^[a-z0-9 :._-]{0,8}$/)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(segment, fc.constantFrom('', '/', ': ', '/sub/')), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('*duplicate*', '*bug*', 'kind/*', '*/*', 'area*', '*wontfix*'),
        (parts, glob) => {
          const name = parts.map(([a, b]) => a + b).join('') + 'duplicate-bug'
          const repoLabels = [{ name, description: '' }]
          const excluded = allowedLabels(repoLabels, ['*'], [glob]).length === 0
          expect([glob, name, excluded]).toEqual([
            glob,
            name,
            flat(glob).test(name.normalize('NFC').toLowerCase())
          ])
        }
      ),
      RUNS
    )
  })

  it('keeps only duplicates that were shown, are not the issue itself and were not rejected, at most three', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 10 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 4 }),
        fc.array(
          fc.record({
            number: fc.integer({ min: -5, max: 70 }),
            confidence: fc.double({ min: 0, max: 1, noNaN: true })
          }),
          { maxLength: 12 }
        ),
        (shown, rejected, claims) => {
          const ctx: PolicyContext = {
            repoLabels: [],
            allowedLabels: [],
            issueTypes: [],
            issue: snapshotIssue({
              number: 7,
              id: 7,
              title: 't',
              body: 'b',
              user: { login: 'a', type: 'User' }
            }),
            history: { removedByPeople: [], addedByPeople: [] },
            maxLabels: 3,
            minConfidence: 0.6,
            duplicates: { shown, rejected, minConfidence: 0.8 }
          }
          const duplicates = claims.map((c) => ({ ...c, reason: 'same' }))
          const d = applyPolicy({ labels: [], type: null, duplicates, summary: '' }, ctx)
          expect(d.duplicates.length).toBeLessThanOrEqual(3)
          for (const kept of d.duplicates) {
            expect(shown).toContain(kept.number)
            expect(rejected).not.toContain(kept.number)
            expect(kept.number).not.toBe(7)
            expect(kept.confidence).toBeGreaterThanOrEqual(0.8)
          }
        }
      ),
      RUNS
    )
  })
})

describe('secrets, whatever a server says', () => {
  it('never leaves a known secret, or a long one shortened to its start, in text that leaves the run', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 24, maxLength: 60 }).filter((s) => s.trim().length >= 24 && !s.includes('*')),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.boolean(),
        (secret, before, after, shortened) => {
          registerSecret(secret)
          const echoed = shortened ? `${secret.slice(0, 12)}…${secret.slice(-4)}` : secret
          const out = redact(`${before}${echoed}${after}`)
          expect(out).not.toContain(secret)
          expect(out).not.toContain(secret.slice(0, 12))
        }
      ),
      RUNS
    )
  })
})

describe('comments, whatever the model, a title or the config says', () => {
  const marker: DuplicateMarker = {
    v: 1,
    hash: '0123456789abcdef',
    verdict: [3],
    rejected: [],
    status: 'found',
    since: '2026-01-01T00:00:00Z'
  }
  // What would notify someone, link outside the repository or inject markup.
  const unsafe = [
    /(^|[^\w])@[A-Za-z0-9-]/,
    /https?:\/\//i,
    /<(?!!-- issue-triage:duplicates )/,
    /\]\(/,
    /(^|[^\w#])#\d/
  ]

  it('renders no mention, outside link, raw HTML or cross-reference from the text it quotes', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        '@octocat please',
        'see https://evil.example',
        '<img src=x onerror=alert(1)>',
        '[x](https://e.x)',
        'fixes #12',
        'GH-4',
        'owner/repo#5'
      )
    )
    fc.assert(
      fc.property(text, text, text, text, (title, reason, intro, footer) => {
        const wording = { intro, footer, label: 'possible-duplicate', closeAfterDays: 7 }
        const found = renderFound(
          marker,
          [{ choice: { number: 3, confidence: 0.9, reason }, title }],
          wording
        )
        const ended = renderEnded(marker, { kind: 'cleared', previous: [3] }, wording)
        for (const body of [found, ended]) {
          // Our own `#3` is the one reference allowed; the marker line is ours.
          const quoted = body
            .split('\n')
            .slice(1)
            .join('\n')
            .replace(/(^|[\s(])#3\b/g, '$1')
          for (const pattern of unsafe)
            expect([pattern.source, quoted.match(pattern)?.[0]]).toEqual([pattern.source, undefined])
        }
      }),
      RUNS
    )
  })
})
