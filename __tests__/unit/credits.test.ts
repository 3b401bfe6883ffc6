import { describe, expect, it } from '@jest/globals'
import { estimateCredits, priceFor } from '../../src/providers/copilot/credits.js'

describe('AI credit estimates', () => {
  it('prices a model by its longest matching id, dated ids included', () => {
    expect(priceFor('gpt-5.4-mini')).toEqual({ inputPerMillion: 0.75, outputPerMillion: 4.5 })
    expect(priceFor('gpt-5.4')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 15 })
    expect(priceFor('gpt-5-mini-2025-08-07')).toEqual({ inputPerMillion: 0.25, outputPerMillion: 2 })
    expect(priceFor('copilot/claude-sonnet-4.5')).toEqual({ inputPerMillion: 3, outputPerMillion: 15 })
    expect(priceFor('claude-sonnet-4')).toEqual({ inputPerMillion: 3, outputPerMillion: 15 })
  })

  it('leaves a model it has no list price for unpriced, rather than guessing', () => {
    expect(priceFor('some-new-model')).toBeUndefined()
    expect(priceFor('gpt-5')).toBeUndefined()
    expect(estimateCredits('some-new-model', { inputTokens: 1000, outputTokens: 100 })).toBeUndefined()
  })

  it('turns tokens into credits at $0.01 a credit', () => {
    // 1M input at $0.25 plus 100k output at $2/M = $0.45 = 45 credits.
    expect(estimateCredits('gpt-5-mini', { inputTokens: 1_000_000, outputTokens: 100_000 })).toBeCloseTo(45)
  })
})
