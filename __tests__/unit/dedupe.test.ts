import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { renderEnded, renderFound } from '../../src/act/comment.js'
import { readMarker, writeMarker, type DuplicateMarker } from '../../src/gather/marker.js'
import {
  distinctiveTerms,
  lexicalQuery,
  MAX_QUERY,
  qualifiers,
  semanticQuery
} from '../../src/gather/search-terms.js'
import { similarity } from '../../src/gather/similarity.js'
import { judgeDuplicates } from '../../src/policy/duplicates.js'

const PREFIX = qualifiers('octo-org', 'widgets', '2025-03-02T09:15:00Z', false)
const marker: DuplicateMarker = {
  v: 1,
  hash: '0123456789abcdef',
  verdict: [8],
  rejected: [],
  status: 'found',
  since: '2025-03-02T09:15:00Z'
}
const wording = { intro: '', footer: '', label: 'possible-duplicate', closeAfterDays: undefined }

describe('search queries from issue text', () => {
  it('keep the scope qualifiers and only issues older than this one', () => {
    expect(PREFIX).toBe('repo:octo-org/widgets is:issue created:<2025-03-02T09:15:00Z')
    expect(qualifiers('o', 'r', 'not a date', true)).toBe('repo:o/r is:issue is:open')
  })

  it('never let issue text add qualifiers, operators or quotes, and stay within GitHub limits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 3000 }), (title, body) => {
        const hostile = `${title} repo:evil/x label:"y" -is:open OR NOT "quoted" AND (a OR b)`
        const terms = distinctiveTerms(hostile, body)
        const semantic = semanticQuery(PREFIX, hostile, terms)
        const lexical = lexicalQuery(PREFIX, terms) ?? PREFIX
        for (const q of [semantic, lexical]) {
          expect(q.length).toBeLessThanOrEqual(MAX_QUERY)
          expect(q.startsWith(PREFIX)).toBe(true)
          // The lexical terms are one group, so the qualifiers hold for every alternative.
          const rest = q.slice(PREFIX.length).replace(/^ \((.*)\)$/, ' $1')
          expect(rest).not.toMatch(/[:"()]|(^|\s)-/)
          expect((rest.match(/\b(AND|NOT)\b/g) ?? []).length).toBe(0)
        }
        expect((semantic.match(/\bOR\b/g) ?? []).length).toBe(0)
        expect((lexical.match(/\bOR\b/g) ?? []).length).toBeLessThanOrEqual(5)
      })
    )
  })

  it('rank identifiers, error codes and title words above the prose of a report', () => {
    const terms = distinctiveTerms(
      'ICE in borrowck with E0502 on closures',
      'Hello, I tried this and it crashes when I run it.\n\n```\nerror[E0502]: cannot borrow `self.items` as mutable\n```\nThanks for your help!'
    ).map((t) => t.text)
    expect(terms.slice(0, 4)).toEqual(expect.arrayContaining(['E0502', 'borrowck']))
    for (const glue of ['Hello', 'Thanks', 'help', 'tried', 'crashes']) expect(terms).not.toContain(glue)
  })
})

describe('local re-ranking', () => {
  it('puts the issue about the same failure first, whatever order search returned', () => {
    const issue = { title: 'segfault in the png decoder on truncated files', body: 'decoder.rs:88 panics' }
    const scores = similarity(issue, [
      { title: 'Add webp support', body: 'Please add a decoder for webp files.' },
      { title: 'png decoder segfault with a truncated file', body: 'crash in decoder.rs' },
      { title: 'Docs typo', body: 'files' }
    ])
    expect(scores.indexOf(Math.max(...scores))).toBe(1)
  })
})

describe('the duplicate policy', () => {
  it('keeps only shown, confident claims about other issues, at most three', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            number: fc.integer({ min: -5, max: 60 }),
            confidence: fc.double({ min: 0, max: 1, noNaN: true }),
            reason: fc.string({ maxLength: 500 })
          }),
          { maxLength: 30 }
        ),
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
        (claims, shown) => {
          const { kept, refused } = judgeDuplicates(claims, {
            issueNumber: 7,
            shown,
            rejected: [5],
            minConfidence: 0.8
          })
          expect(kept.length).toBeLessThanOrEqual(3)
          for (const k of kept) {
            expect(shown).toContain(k.number)
            expect([7, 5]).not.toContain(k.number)
            expect(k.confidence).toBeGreaterThanOrEqual(0.8)
            expect(k.reason.length).toBeLessThanOrEqual(200)
          }
          expect(new Set(kept.map((k) => k.number)).size).toBe(kept.length)
          expect(kept.length + refused.length).toBe(new Set(claims.map((c) => c.number)).size)
        }
      )
    )
  })
})

describe('the sticky comment', () => {
  it('renders model and title text without mentions, outside links, HTML or extra issue links', () => {
    const evil = '@octocat <img src=x onerror=alert(1)> see https://evil.example and #999 [x](http://t.co)'
    const body = renderFound(
      marker,
      [{ choice: { number: 8, confidence: 0.9, reason: evil }, title: evil }],
      {
        ...wording,
        intro: evil,
        footer: evil
      }
    )
    const visible = body.split('\n').slice(1).join('\n')
    expect(visible).not.toMatch(/@octocat|<img|https:\/\/evil|http:\/\/t\.co|#999/)
    expect(visible).toContain('- #8: ')
    expect(readMarker({ id: 1, body, user: { type: 'Bot' }, created_at: '' })).toEqual(marker)
  })

  it('says why a verdict ended instead of vanishing', () => {
    expect(
      renderEnded({ ...marker, verdict: [], status: 'cleared' }, { kind: 'cleared', previous: [8] }, wording)
    ).toContain('looked like a duplicate of #8')
    expect(
      renderEnded(marker, { kind: 'appealed', previous: [8, 9], by: 'maintainer', how: 'comment' }, wording)
    ).toContain('by a maintainer (with /not-duplicate). They will not be suggested again')
  })

  it('trusts a marker only in a comment from a bot or someone with write access', () => {
    const body = writeMarker(marker)
    expect(
      readMarker({ id: 1, body, user: { type: 'User' }, author_association: 'NONE', created_at: '' })
    ).toBeUndefined()
    expect(
      readMarker({ id: 1, body, user: { type: 'User' }, author_association: 'MEMBER', created_at: '' })
    ).toEqual(marker)
    expect(
      readMarker({ id: 1, body: body.replace('"v":1', '"v":2'), user: { type: 'Bot' }, created_at: '' })
    ).toBeUndefined()
    expect(
      readMarker({ id: 1, body: `quoted: ${body}`, user: { type: 'Bot' }, created_at: '' })
    ).toBeUndefined()
  })
})
