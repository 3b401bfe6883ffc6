/**
 * Local re-ranking of search results against the whole issue. GitHub ranks each query on its own;
 * here every candidate is scored against the full title and body, with word rarity taken
 * from the pool of results itself (the only corpus statistics a run has).
 */

import { words } from './search-terms.js'

const K1 = 1.2
const B = 0.75

// The same word rule as the search queries, lower-cased so both sides of a comparison agree.
const tokens = (text: string): string[] => words(text.toLowerCase())

export interface Doc {
  title: string
  body: string
}

// A document's words, the title counted twice: it is the reporter's own summary.
function bag(doc: Doc): Map<string, number> {
  const counts = new Map<string, number>()
  const add = (w: string, n: number) => counts.set(w, (counts.get(w) ?? 0) + n)
  for (const w of tokens(doc.title)) add(w, 2)
  for (const w of tokens(doc.body.slice(0, 8_000))) add(w, 1)
  return counts
}

/**
 * BM25 scores of each document for the query document, with document frequencies from `docs`
 * (plus the query, so a word only the query has is not infinitely rare).
 */
export function similarity(query: Doc, docs: Doc[]): number[] {
  const bags = docs.map(bag)
  const df = new Map<string, number>()
  for (const b of bags) for (const w of b.keys()) df.set(w, (df.get(w) ?? 0) + 1)
  const n = bags.length + 1
  const lengths = bags.map((b) => [...b.values()].reduce((s, c) => s + c, 0))
  const avg = lengths.reduce((s, l) => s + l, 0) / Math.max(1, lengths.length) || 1
  const queryTerms = [...bag(query).keys()]
  return bags.map((b, i) => {
    let score = 0
    const norm = K1 * (1 - B + (B * lengths[i]!) / avg)
    for (const w of queryTerms) {
      const tf = b.get(w)
      if (!tf) continue
      const d = (df.get(w) ?? 0) + 1
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5))
      score += (idf * (tf * (K1 + 1))) / (tf + norm)
    }
    return score
  })
}
