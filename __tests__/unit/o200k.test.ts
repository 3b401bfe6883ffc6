import { beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base'
import { loadVocabulary, SPLIT, splitPieces, type O200k } from '../../src/text/o200k.js'

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

  it('splits text into exactly the pieces of the published pattern, ASCII by hand and the rest by it', () => {
    const pieces = (t: string) => {
      const out: string[] = []
      splitPieces(t, (piece) => out.push(piece))
      return out
    }
    const asciiParts = [
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
    // Letters, marks, digits, spaces and line separators outside ASCII: each can extend or end a piece.
    const otherParts = [
      'é',
      'É',
      'ñ',
      '\u0301',
      '世界',
      'ツ',
      '¯',
      '…',
      '²',
      '٣',
      '\u00a0',
      '\u2028',
      '\u3000',
      '🔥',
      '’'
    ]
    const text = fc.oneof(
      fc
        .array(fc.integer({ min: 0, max: 127 }), { maxLength: 120 })
        .map((codes) => String.fromCharCode(...codes)),
      fc.array(fc.constantFrom(...asciiParts), { maxLength: 40 }).map((p) => p.join('')),
      fc.array(fc.constantFrom(...asciiParts, ...otherParts), { maxLength: 40 }).map((p) => p.join(''))
    )
    fc.assert(
      fc.property(text, (t) => {
        expect(pieces(t)).toEqual([...t.matchAll(SPLIT)].map((m) => m[0]))
      }),
      { numRuns: 4000 }
    )
    for (const path of [
      'README.md',
      '__fixtures__/labels-kubernetes.json',
      '__fixtures__/demo-repo.json',
      'src/main.ts'
    ]) {
      expect(pieces(file(path))).toEqual([...file(path).matchAll(SPLIT)].map((m) => m[0]))
    }
  })

  it('never counts fewer tokens than exist, even for 200,000 characters without a space', () => {
    const run = '='.repeat(200_000)
    expect(o200k().count(run)).toBeGreaterThanOrEqual(countTokens('='.repeat(10_000)) * 20)
  })
})
