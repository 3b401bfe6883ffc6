/**
 * Token counting for the request budget. The o200k_base count (gpt-tokenizer) is exact for current
 * OpenAI models and a close estimate for others (the budget keeps a margin for them). The vocabulary
 * is a large module, so it is only imported when the cheap bound (a token is at least one UTF-8 byte)
 * says the text might not fit, and then once per process.
 */

type Counter = (text: string) => number

/** Upper bound on tokens for any byte-level BPE: every token covers at least one byte. */
export function tokenUpperBound(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

// Issue text is untrusted and may contain special-token lookalikes such as `<|endoftext|>`. With an
// empty disallowed set (and nothing allowed) gpt-tokenizer counts them as plain text, as the model
// endpoints do, instead of throwing.
const asPlainText = { disallowedSpecial: new Set<string>() }

async function importTokenizer(): Promise<Counter> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base')
  return (text) => countTokens(text, asPlainText)
}

let tokenizer: Promise<Counter> | undefined

/** The exact counter, loaded on first use and shared by every later call. */
export function loadTokenizer(): Promise<Counter> {
  tokenizer ??= importTokenizer().catch((error: unknown) => {
    tokenizer = undefined // a failed load is not kept: a later call tries again
    throw error
  })
  return tokenizer
}

/** A counter for budgeting: exact when loaded, else the byte bound (never under-counts). */
export interface TokenCounter {
  count(text: string): number
  exact: boolean
}

/** Returns an exact counter if any of the texts might exceed `limit`, else the cheap bound. */
export async function counterFor(texts: string[], limit: number): Promise<TokenCounter> {
  const bound = texts.reduce((sum, t) => sum + tokenUpperBound(t), 0)
  if (bound <= limit) return { count: tokenUpperBound, exact: false }
  const count = await loadTokenizer()
  return { count, exact: true }
}
