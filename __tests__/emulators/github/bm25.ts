/**
 * Okapi BM25 over small fielded documents (an issue's title and body), with the tokeniser the emulator's issue
 * search uses. Kept free of the emulator so a benchmark can rank with exactly the same code.
 */

// Letters, digits and underscore: `foo_bar` and `E0308` stay whole, while `::`, `.`, `/` and `-` split.
const TOKEN = /[\p{L}\p{N}_]+/gu

/**
 * One token as it is indexed: lower-cased, plurals folded to the singular so "errors" finds "error". A light,
 * generic English rule set (after Harman's S-stemmer): -ies → -y, -es after a sibilant (crashes, boxes, matches)
 * dropped, else a final -s dropped; never on -ss or -us ("class", "status") or words of three letters or fewer.
 */
export function normalizeToken(raw: string): string {
  const t = raw.toLowerCase()
  if (t.length <= 3 || !t.endsWith('s') || t.endsWith('ss') || t.endsWith('us')) return t
  if (/[^ae]ies$/.test(t)) return t.slice(0, -3) + 'y'
  if (/(?:sh|ch|ss|x|z)es$/.test(t)) return t.slice(0, -2)
  return t.slice(0, -1)
}

/** The normalised tokens of `text`, in order (repeats kept). */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return []
  // Lower-casing the whole text once and matching in one call is three times faster than token by token.
  const tokens = text.toLowerCase().match(TOKEN) ?? []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.length > 3 && token.endsWith('s')) tokens[i] = normalizeToken(token)
  }
  return tokens
}

/** How an index weighs fields and saturates term frequency. */
export interface Bm25Options {
  /** Field names, at most three (default `['text']`). */
  fields?: string[]
  /** Per-field weight (BM25F): a term in a field of weight 2 counts as two occurrences. Default 1. */
  weights?: Record<string, number>
  k1?: number
  b?: number
}

/** A ranked document. */
export interface Hit {
  id: number
  score: number
}

/** What to match and score. */
export interface Bm25Query {
  /** Fields that count (default: all). */
  fields?: string[]
  /** `any`: documents holding at least one term (OR); `all`: every term (AND). Default `any`. */
  mode?: 'any' | 'all'
  /** Documents to consider; others are skipped before scoring. */
  filter?: (id: number) => boolean
  /** Keep only the best `limit` hits. */
  limit?: number
}

// Per-field counts of one term in one document share a number, 16 bits each, and documents live in dense
// slots: postings are two parallel arrays sorted by slot, so scoring walks arrays instead of Maps (16k
// issues index in about a second and answer a short OR query in a few milliseconds).
const SHIFT = 65536
const MULTIPLIERS = [1, SHIFT, SHIFT * SHIFT]

interface Postings {
  slots: number[]
  packed: number[]
}

function fieldCount(packed: number, field: number): number {
  return Math.floor(packed / MULTIPLIERS[field]!) % SHIFT
}

/** First index in the sorted `slots` not below `slot`, looking from `lo` on. */
function lowerBound(slots: number[], slot: number, lo = 0): number {
  let hi = slots.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (slots[mid]! < slot) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** An inverted index with BM25F scoring; documents can be replaced or removed at any time. */
export class Bm25Index {
  private readonly fields: string[]
  private readonly weights: number[]
  private readonly k1: number
  private readonly b: number
  private readonly postings = new Map<string, Postings>()
  private readonly slotOf = new Map<number, number>()
  // Slot-indexed; a removed document's slot keeps id -1 and is never reused, so postings stay sorted.
  private readonly ids: number[] = []
  private readonly lengths: number[][]
  private readonly terms: (string[] | null)[] = []
  private readonly totals: number[]

  constructor(options: Bm25Options = {}) {
    this.fields = options.fields ?? ['text']
    if (this.fields.length > MULTIPLIERS.length) throw new Error('Bm25Index: at most three fields')
    this.weights = this.fields.map((f) => options.weights?.[f] ?? 1)
    this.k1 = options.k1 ?? 1.2
    this.b = options.b ?? 0.75
    this.totals = this.fields.map(() => 0)
    this.lengths = this.fields.map(() => [])
  }

  /** Number of documents indexed. */
  get size(): number {
    return this.slotOf.size
  }

  /** Whether document `id` is indexed. */
  has(id: number): boolean {
    return this.slotOf.has(id)
  }

  /** Indexes (or re-indexes) document `id`; fields not named in the options are ignored. */
  add(id: number, doc: Record<string, string | null | undefined>): void {
    this.remove(id)
    const slot = this.ids.length
    const counts = new Map<string, number>()
    this.fields.forEach((field, i) => {
      const tokens = tokenize(doc[field])
      const unit = MULTIPLIERS[i]!
      for (const token of tokens) {
        const packed = counts.get(token) ?? 0
        if (fieldCount(packed, i) < SHIFT - 1) counts.set(token, packed + unit)
      }
      this.totals[i]! += tokens.length
      this.lengths[i]![slot] = tokens.length
    })
    for (const [term, packed] of counts) {
      let list = this.postings.get(term)
      if (!list) this.postings.set(term, (list = { slots: [], packed: [] }))
      list.slots.push(slot)
      list.packed.push(packed)
    }
    this.ids.push(id)
    this.terms.push([...counts.keys()])
    this.slotOf.set(id, slot)
  }

  /** Drops document `id` (no-op when absent). */
  remove(id: number): void {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    for (const term of this.terms[slot] ?? []) {
      const list = this.postings.get(term)!
      const at = lowerBound(list.slots, slot)
      list.slots.splice(at, 1)
      list.packed.splice(at, 1)
      if (!list.slots.length) this.postings.delete(term)
    }
    this.fields.forEach((_, i) => (this.totals[i]! -= this.lengths[i]![slot]!))
    this.ids[slot] = -1
    this.terms[slot] = null
    this.slotOf.delete(id)
  }

  /** Whether document `id` holds `term` (a normalised token) in any of `fields` (default: all). */
  contains(id: number, term: string, fields?: string[]): boolean {
    const slot = this.slotOf.get(id)
    const list = this.postings.get(term)
    if (slot === undefined || !list) return false
    const at = lowerBound(list.slots, slot)
    if (list.slots[at] !== slot) return false
    const packed = list.packed[at]!
    return this.mask(fields).some((i) => fieldCount(packed, i) > 0)
  }

  /** Ids of the documents holding every one of `terms` (normalised tokens) in any of `fields`; unscored. */
  matching(terms: string[], fields?: string[]): Set<number> {
    const mask = this.mask(fields)
    const every = mask.length === this.fields.length
    const has = (packed: number) => every || mask.some((i) => fieldCount(packed, i) > 0)
    const lists = terms.map((t) => this.postings.get(t) ?? { slots: [], packed: [] })
    lists.sort((a, b) => a.slots.length - b.slots.length)
    const [rarest, ...rest] = lists
    const ids = new Set<number>()
    // Slots ascend in every list, so each other list is searched from where the last hit left it.
    const from = rest.map(() => 0)
    for (let k = 0; k < (rarest?.slots.length ?? 0); k++) {
      const slot = rarest!.slots[k]!
      if (!has(rarest!.packed[k]!)) continue
      let all = true
      for (let j = 0; all && j < rest.length; j++) {
        const list = rest[j]!
        const at = (from[j] = lowerBound(list.slots, slot, from[j]))
        all = list.slots[at] === slot && has(list.packed[at]!)
      }
      if (all) ids.add(this.ids[slot]!)
    }
    return ids
  }

  /**
   * Ranks documents for `query` (text, or tokens already normalised), best first, ties to the higher id. Repeated
   * query terms count once. IDF is Lucene's, ln(1 + (N − df + 0.5) / (df + 0.5)), over the fields asked for.
   */
  search(query: string | string[], options: Bm25Query = {}): Hit[] {
    const terms = [...new Set(typeof query === 'string' ? tokenize(query) : query)]
    const fields = this.mask(options.fields)
    const n = this.slotOf.size
    if (!terms.length || !n || !fields.length) return []
    const weights = fields.map((i) => this.weights[i]!)
    const units = fields.map((i) => MULTIPLIERS[i]!)
    const tf = (packed: number): number => {
      let sum = 0
      for (let j = 0; j < units.length; j++) sum += weights[j]! * (Math.floor(packed / units[j]!) % SHIFT)
      return sum
    }
    let avg = 0
    for (let j = 0; j < fields.length; j++) avg += (weights[j]! * this.totals[fields[j]!]!) / n
    avg ||= 1
    const slots = this.ids.length
    // Per query, per slot: 0 unknown, 1 admitted, 2 refused; and the length norm once per document.
    const admitted = new Uint8Array(slots)
    const norm = new Float64Array(slots)
    const admit = (slot: number): boolean => {
      if (!admitted[slot]) {
        const id = this.ids[slot]!
        admitted[slot] = !options.filter || options.filter(id) ? 1 : 2
        let len = 0
        for (let j = 0; j < fields.length; j++) len += weights[j]! * this.lengths[fields[j]!]![slot]!
        norm[slot] = this.k1 * (1 - this.b + (this.b * len) / avg)
      }
      return admitted[slot] === 1
    }
    const lists = terms.map((term) => {
      const list = this.postings.get(term) ?? { slots: [], packed: [] }
      let df = list.slots.length
      if (fields.length < this.fields.length) df = list.packed.filter((p) => tf(p) > 0).length
      return { list, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) }
    })
    const scores = new Float64Array(slots)
    const touched: number[] = []
    const addScore = (slot: number, f: number, idf: number): void => {
      if (scores[slot] === 0) touched.push(slot)
      scores[slot] = scores[slot]! + (idf * f * (this.k1 + 1)) / (f + norm[slot]!)
    }
    if (options.mode === 'all') {
      // Walk the rarest term's documents and look the others up: AND costs the shortest list.
      const [rarest, ...rest] = [...lists].sort((a, b) => a.list.slots.length - b.list.slots.length)
      rarest!.list.slots.forEach((slot, k) => {
        const f = tf(rarest!.list.packed[k]!)
        if (f <= 0 || !admit(slot)) return
        const others = rest.map(({ list }) => {
          const at = lowerBound(list.slots, slot)
          return list.slots[at] === slot ? tf(list.packed[at]!) : 0
        })
        if (others.some((x) => x <= 0)) return
        addScore(slot, f, rarest!.idf)
        rest.forEach(({ idf }, j) => addScore(slot, others[j]!, idf))
      })
    } else {
      for (const { list, idf } of lists) {
        const { slots: s, packed } = list
        for (let k = 0; k < s.length; k++) {
          const f = tf(packed[k]!)
          if (f > 0 && admit(s[k]!)) addScore(s[k]!, f, idf)
        }
      }
    }
    const hits = touched.map((slot) => ({ id: this.ids[slot]!, score: scores[slot]! }))
    hits.sort((a, b) => b.score - a.score || b.id - a.id)
    return options.limit === undefined ? hits : hits.slice(0, options.limit)
  }

  private mask(fields: string[] | undefined): number[] {
    if (!fields) return this.fields.map((_, i) => i)
    return fields.map((f) => this.fields.indexOf(f)).filter((i) => i >= 0)
  }
}
