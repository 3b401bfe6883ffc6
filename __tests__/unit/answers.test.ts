import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseAnswer } from '../../src/decide/answer.js'
import { renderSummary } from '../../src/report/summary.js'
import { escapeMarkdown, neutralizeForPrompt } from '../../src/text/hygiene.js'
import type { TriageResult } from '../../src/result.js'

describe('parseAnswer', () => {
  it('takes an answer without the fields its schema did not offer (no issue types, or no labels)', () => {
    // A strict endpoint answers exactly the schema: a repository without issue types has no `type`.
    expect(
      parseAnswer('{"labels":[{"name":"bug","confidence":0.9}],"summary":"s"}', ['labels', 'summary'])
    ).toEqual({
      ok: true,
      answer: {
        labels: [{ name: 'bug', rationale: '', confidence: 0.9 }],
        type: null,
        duplicates: [],
        summary: 's'
      }
    })
    expect(parseAnswer('{"type":null,"summary":"s"}', ['type', 'summary'])).toMatchObject({
      ok: true,
      answer: { labels: [], type: null }
    })
    // What was offered is still required, and an answer with none of it is no decision.
    expect(parseAnswer('{"labels":[],"summary":"s"}', ['labels', 'type', 'summary'])).toEqual({
      ok: false,
      error: 'type: expected object'
    })
    expect(parseAnswer('{"summary":"s"}', ['labels', 'summary'])).toEqual({
      ok: false,
      error: 'labels: expected array'
    })
    expect(parseAnswer('{}', ['type', 'summary'])).toEqual({ ok: false, error: 'type: expected object' })
  })

  it('accepts fenced or chatty JSON from endpoints without schema support', () => {
    const json = '{"labels":[{"name":"bug","rationale":"r","confidence":0.9}],"type":null,"summary":"s"}'
    for (const text of [json, '```json\n' + json + '\n```', `Sure! ${json} Hope that helps.`]) {
      const parsed = parseAnswer(text)
      expect(parsed.ok && parsed.answer.labels[0]!.name).toBe('bug')
    }
  })

  it('explains what is wrong in one line', () => {
    expect(parseAnswer('no')).toEqual({ ok: false, error: 'the answer is not a JSON object' })
    const bad = parseAnswer('{"labels":[{"name":"bug","rationale":"r","confidence":7}]}')
    expect(bad.ok).toBe(false)
    // The message goes back to the model for its one corrected try: it must say what to fix.
    expect(!bad.ok && bad.error).toBe('labels.0.confidence: must be at most 1')
    const notList = parseAnswer('{"labels":"bug"}')
    expect(!notList.ok && notList.error).toBe('labels: expected array')
    const long = parseAnswer(JSON.stringify({ labels: [], type: null, summary: 'x'.repeat(4001) }))
    expect(!long.ok && long.error).toBe('summary: must have at most 4000 items or characters')
  })

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v))
        ),
        (text) => {
          const parsed = parseAnswer(text)
          if (parsed.ok) expect(Array.isArray(parsed.answer.labels)).toBe(true)
          else expect(parsed.error.length).toBeGreaterThan(0)
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('text hygiene', () => {
  it('renders model text in the summary without mentions, links, HTML or table breaks', () => {
    const evil =
      '@octocat see https://evil.example <img src=x onerror=alert(1)> | col ![x](http://t.co/a)\nnext'
    const result: TriageResult = {
      issue: 3,
      title: evil,
      mode: 'apply',
      status: 'triaged',
      decision: {
        labels: [{ name: 'bug', rationale: evil, confidence: 0.9 }],
        refusedLabels: [{ name: evil, confidence: 0.9, reason: 'not a label of this repository' }],
        type: null,
        refusedType: null,
        duplicates: [{ number: 2, confidence: 0.9, reason: evil }],
        refusedDuplicates: [],
        summary: evil
      },
      acted: { labelsApplied: ['bug'], labelsSuggested: [], typeSet: null, typeSuggested: null, warnings: [] }
    }
    const md = renderSummary([result])
    expect(md).not.toMatch(/(^|[^\u200B])@octocat/)
    expect(md).not.toMatch(/https?:\/\//)
    expect(md).not.toContain('<img')
    for (const row of md.split('\n').filter((l) => l.startsWith('| #3'))) {
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9)
    }
  })

  it('escapes any text into one bounded line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 5, max: 400 }), (text, max) => {
        const out = escapeMarkdown(text, max)
        expect(out).not.toMatch(/[\n\r]/)
        expect(out).not.toMatch(/[<>]|(?<!\\)\|/)
      })
    )
  })

  it('drops invisible characters and defuses every delimiter in untrusted text', () => {
    const text = 'a\u202Eb\u200Bc <issue> </ISSUE > <system> <!-- hidden --> d'
    expect(neutralizeForPrompt(text)).toBe('abc [issue] [/ISSUE] [system]  d')
  })
})

describe('answers that are no decision', () => {
  it('refuses an empty object and a refusal, saying which', async () => {
    const { parseAnswer } = await import('../../src/decide/answer.js')
    expect(parseAnswer('{}')).toEqual({ ok: false, error: 'labels: expected array' })
    expect(parseAnswer('{"labels": []}')).toEqual({ ok: false, error: 'type: expected object' })
    expect(parseAnswer('{"refusal": "I cannot help with that."}')).toEqual({
      ok: false,
      error: 'the model refused to answer',
      refusal: 'I cannot help with that.'
    })
    expect(parseAnswer('{"labels": [], "type": null}')).toMatchObject({ ok: true })
  })
})
