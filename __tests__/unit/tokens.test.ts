import { beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { counterFor, loadTokenizer, tokenUpperBound } from '../../src/text/tokens.js'

let count: (text: string) => number

// Strings shaped like the encoding's special tokens, which issue text may contain.
const lookalikes = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|fim_prefix|>', '<|endofprompt|>']

describe('token counting', () => {
  beforeAll(async () => {
    count = await loadTokenizer()
  })

  it('counts known o200k strings', () => {
    expect(count('')).toBe(0)
    expect(count('a')).toBe(1)
    expect(count('hello world')).toBe(2)
    // Nine words (each with its leading space) and the full stop.
    expect(count('The quick brown fox jumps over the lazy dog.')).toBe(10)
  })

  it('loads the tokenizer once per process', async () => {
    expect(loadTokenizer()).toBe(loadTokenizer())
    expect(await loadTokenizer()).toBe(count)
    expect((await counterFor(['hello world'], 0)).count).toBe(count)
  })

  it('counts special-token lookalikes in issue text as plain text instead of throwing', () => {
    for (const special of lookalikes) {
      // As a special token it would be one token; as text it is several pieces of punctuation and words.
      expect(count(special)).toBeGreaterThan(1)
      expect(count(special)).toBeLessThanOrEqual(tokenUpperBound(special))
    }
    const text = 'Steps:\n1. paste <|endoftext|> into the title\n2. see <|im_start|>system\n'
    expect(() => count(text)).not.toThrow()
    expect(count(text)).toBeGreaterThan(count('Steps:\n1. paste  into the title\n2. see system\n'))
  })

  it('never counts more tokens than the byte bound, for any text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom(...lookalikes)), {
          maxLength: 20
        })
        .map((parts) => parts.join(''))
    )
    fc.assert(
      fc.property(text, (t) => {
        expect(count(t)).toBeLessThanOrEqual(tokenUpperBound(t))
      }),
      { numRuns: 500 }
    )
  })

  it('bounds by UTF-8 bytes', () => {
    expect(tokenUpperBound('hello world')).toBe(11)
    expect(tokenUpperBound('ñ')).toBe(2)
    expect(tokenUpperBound('世界')).toBe(6)
    expect(tokenUpperBound('🔥')).toBe(4)
  })
})

describe('counterFor', () => {
  it('keeps the cheap byte bound when the texts fit', async () => {
    const counter = await counterFor(['hello', ' world'], 11)
    expect(counter.exact).toBe(false)
    expect(counter.count('hello world')).toBe(11)
  })

  it('counts exactly when the texts might not fit', async () => {
    const counter = await counterFor(['hello', ' world'], 10)
    expect(counter.exact).toBe(true)
    expect(counter.count('hello world')).toBe(2)
    expect(counter.count('<|endoftext|>')).toBeGreaterThan(1)
  })
})
