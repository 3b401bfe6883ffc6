/**
 * Token counting for the request budget. The o200k_base tokenizer is exact for current OpenAI
 * models and a close estimate for others, but it costs ~350 ms to load, so it is only loaded when
 * the cheap bound (a token is at least one UTF-8 byte) says the text might not fit.
 */

type Counter = (text: string) => number
let exact: Counter | undefined

/** Upper bound on tokens for any byte-level BPE: every token covers at least one byte. */
export function tokenUpperBound(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Loads the exact counter once. */
export async function loadTokenizer(): Promise<Counter> {
  if (!exact) {
    const mod = await import('gpt-tokenizer/encoding/o200k_base')
    const count = mod.countTokens
    // BPE is quadratic in the length of one pre-tokenized piece (1 MB of "xxxx" takes minutes), so
    // long runs without whitespace are counted in slices: never fewer tokens than the whole.
    exact = (text: string) => {
      let total = 0
      for (const piece of text.match(/[\s\S]{1,2000}(?=\s|$)|[\s\S]{1,2000}/g) ?? []) {
        total += /\S{200}/.test(piece) ? sliced(count, piece) : count(piece)
      }
      return total
    }
  }
  return exact
}

function sliced(count: Counter, piece: string): number {
  let total = 0
  for (let i = 0; i < piece.length; i += 100) total += count(piece.slice(i, i + 100))
  return total
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
