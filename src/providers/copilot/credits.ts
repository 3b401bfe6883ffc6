/** One model's list price in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number
  outputPerMillion: number
}

/** 1 AI credit = $0.01. */
export const USD_PER_CREDIT = 0.01

const price = (inputPerMillion: number, outputPerMillion: number): ModelPrice => ({
  inputPerMillion,
  outputPerMillion
})

/**
 * Copilot's list prices per million tokens (default tier, below any long-context threshold), keyed by
 * model id prefix (dated ids such as gpt-5-mini-2025-08-07 match). From GitHub's published table,
 * github/docs data/tables/copilot/models-and-pricing.yml; a model missing here is reported as unpriced.
 */
export const MODEL_PRICES: Record<string, ModelPrice> = {
  'gpt-5-mini': price(0.25, 2),
  'gpt-5.3-codex': price(1.75, 14),
  'gpt-5.4': price(2.5, 15),
  'gpt-5.4-mini': price(0.75, 4.5),
  'gpt-5.4-nano': price(0.2, 1.25),
  'gpt-5.5': price(5, 30),
  'claude-haiku-4.5': price(1, 5),
  'claude-sonnet-4': price(3, 15),
  'claude-sonnet-4.5': price(3, 15),
  'claude-sonnet-4.6': price(3, 15),
  'claude-sonnet-5': price(2, 10),
  'claude-opus-4.5': price(5, 25),
  'claude-opus-4.6': price(5, 25),
  'claude-opus-4.7': price(5, 25),
  'claude-opus-4.8': price(5, 25),
  'claude-opus-5': price(5, 25),
  'gemini-3.1-pro': price(2, 12),
  'gemini-3.5-flash': price(1.5, 9),
  'grok-4.5': price(2, 6),
  'grok-4.6': price(2, 6),
  'raptor-mini': price(0.25, 2)
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
