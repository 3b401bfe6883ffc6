import { loadVocabulary } from './o200k.js'

/**
 * Token counting for the request budget. The o200k_base count is exact for current OpenAI models
 * and a close estimate for others (the budget keeps a margin for them). Even mapped, the vocabulary
 * is only read when the cheap bound (a token is at least one UTF-8 byte) says the text might not fit.
 */

type Counter = (text: string) => number

/** Upper bound on tokens for any byte-level BPE: every token covers at least one byte. */
export function tokenUpperBound(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The exact counter. */
export async function loadTokenizer(): Promise<Counter> {
  const vocabulary = await loadVocabulary()
  return (text) => vocabulary.count(text)
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
