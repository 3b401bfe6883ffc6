import { beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base'
import { loadVocabulary, type O200k } from '../../src/text/o200k.js'

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

  it('never counts fewer tokens than exist, even for 200,000 characters without a space', () => {
    const run = '='.repeat(200_000)
    expect(o200k().count(run)).toBeGreaterThanOrEqual(countTokens('='.repeat(10_000)) * 20)
  })
})
