import { beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base'
import { asciiPieceEnd, loadVocabulary, SPLIT, type O200k } from '../../src/text/o200k.js'

const file = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

let vocabulary: O200k
const o200k = () => vocabulary

describe('the o200k vocabulary table', () => {
  beforeAll(async () => {
    vocabulary = await loadVocabulary()
  })

  it('counts exactly as gpt-tokenizer on real texts', () => {
    for (const path of [
      'README.md',
      '__fixtures__/labels-kubernetes.json',
      '__fixtures__/demo-repo.json',
      'src/main.ts'
    ]) {
      expect([path, o200k().count(file(path))]).toEqual([path, countTokens(file(path))])
    }
  })

  it('counts exactly as gpt-tokenizer on arbitrary text, emoji and scripts included', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc
        .array(
          fc.constantFrom('bug', ' the', 'ñ', '世界', '🔥', "'s", '\n\n', '  ', '123456', 'kind/crash', '::'),
          {
            maxLength: 40
          }
        )
        .map((parts) => parts.join(''))
    )
    fc.assert(
      fc.property(text, (t) => {
        if (t.includes('<|')) return // special tokens are counted as text here, refused there
        expect(o200k().count(t)).toBe(countTokens(t))
      }),
      { numRuns: 400 }
    )
  })

  it('splits ASCII text by hand into exactly the pieces of the published pattern', () => {
    const pieces = (t: string) => {
      const out: string[] = []
      for (let start = 0; start < t.length; start = asciiPieceEnd(t, start)) {
        out.push(t.slice(start, asciiPieceEnd(t, start)))
      }
      return out
    }
    const parts = [
      ..."aZ09 \t\r\n\v\f'/.-_:#`<>!\x00\x1f\x7f",
      '  ',
      '\r\n',
      ' \n ',
      "'s",
      "'S",
      "'ll",
      "'LL",
      "'ve",
      "'Re",
      "'x",
      'hello',
      'World',
      'HTTPServer',
      'camelCase',
      "don't",
      '12345',
      '::',
      ' !!',
      '//',
      'kind/crash',
      '\t\tx'
    ]
    const ascii = fc.oneof(
      fc
        .array(fc.integer({ min: 0, max: 127 }), { maxLength: 120 })
        .map((codes) => String.fromCharCode(...codes)),
      fc.array(fc.constantFrom(...parts), { maxLength: 40 }).map((p) => p.join(''))
    )
    fc.assert(
      fc.property(ascii, (t) => {
        expect(pieces(t)).toEqual([...t.matchAll(SPLIT)].map((m) => m[0]))
      }),
      { numRuns: 3000 }
    )
    for (const path of ['README.md', '__fixtures__/labels-kubernetes.json', 'src/main.ts']) {
      const text = [...file(path)].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch : '?')).join('')
      expect(pieces(text)).toEqual([...text.matchAll(SPLIT)].map((m) => m[0]))
    }
  })

  it('never counts fewer tokens than exist, even for 200,000 characters without a space', () => {
    const run = '='.repeat(200_000)
    expect(o200k().count(run)).toBeGreaterThanOrEqual(countTokens('='.repeat(10_000)) * 20)
  })
})
