/** One model's list price in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number
  outputPerMillion: number
}

/** 1 AI credit = $0.01. */
export const USD_PER_CREDIT = 0.01

/**
 * Prices of the models we know, keyed by id prefix (dated ids such as gpt-5-mini-2025-08-07 match).
 * Only list prices we have checked belong here: a model missing from the table is reported as unpriced.
 */
export const MODEL_PRICES: Record<string, ModelPrice> = {
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 }
}

/** Token counts of one or more calls, as the runtime's usage events report them. */
export interface TokenUsage {
  inputTokens: number
  outputTokens: number
}

/** The price entry for a model id, longest matching prefix first; undefined when unknown. */
export function priceFor(
  model: string,
  prices: Record<string, ModelPrice> = MODEL_PRICES
): ModelPrice | undefined {
  const id = model.toLowerCase().replace(/^[^/]+\//, '')
  const key = Object.keys(prices)
    .filter((k) => id === k || id.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0]
  return key === undefined ? undefined : prices[key]
}

/**
 * AI credits a call cost, estimated from its tokens at list price. Cached input is priced as fresh
 * input, so the estimate errs high, which is the safe side for a budget. Undefined for unknown models.
 */
export function estimateCredits(
  model: string,
  usage: TokenUsage,
  prices: Record<string, ModelPrice> = MODEL_PRICES
): number | undefined {
  const price = priceFor(model, prices)
  if (!price) return undefined
  const usd = (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1e6
  return usd / USD_PER_CREDIT
}
