import { nameKey } from '../policy/labels.js'
import type { BacktestCase, ScoredLabel } from './metrics.js'

/** A case the decision got wrong, with what a maintainer needs to judge why. */
export interface Mistake {
  issue: number | string
  expected: string[]
  predicted: ScoredLabel[]
  /** Labels written that the truth does not have, with the model's reason. */
  falsePositives: (ScoredLabel & { rationale?: string })[]
  /**
   * Labels in the truth that were not written; `confidence` is what the model gave one it proposed
   * below the threshold, null when it never proposed it.
   */
  misses: { name: string; confidence: number | null; rationale?: string }[]
}

const rationaleFor = (c: BacktestCase, name: string): { rationale?: string } => {
  const entry = Object.entries(c.rationale ?? {}).find(([label]) => nameKey(label) === nameKey(name))
  return entry ? { rationale: entry[1] } : {}
}

function mistakeOf(c: BacktestCase, universe: Set<string>): Mistake {
  const truth = new Set(c.expected.map(nameKey))
  const written = new Set(c.predicted.map((p) => nameKey(p.name)))
  const inUniverse = (name: string) => universe.has(nameKey(name))
  const falsePositives = c.predicted
    .filter((p) => inUniverse(p.name) && !truth.has(nameKey(p.name)))
    .map((p) => ({ name: p.name, confidence: p.confidence, ...rationaleFor(c, p.name) }))
  const misses = c.expected
    .filter((name) => inUniverse(name) && !written.has(nameKey(name)))
    .map((name) => {
      const below = (c.belowThreshold ?? []).find((p) => nameKey(p.name) === nameKey(name))
      return { name, confidence: below?.confidence ?? null, ...(below ? rationaleFor(c, name) : {}) }
    })
  return { issue: c.issue, expected: c.expected, predicted: c.predicted, falsePositives, misses }
}

// A confident wrong label is written to someone's issue, a miss only leaves work undone; so cases
// with a false positive come first, the most confident first, then the cases with the most errors.
const severity = (m: Mistake): [number, number] => [
  m.falsePositives.length > 0 ? Math.max(...m.falsePositives.map((f) => f.confidence)) : -1,
  m.falsePositives.length + m.misses.length
]

/**
 * The `limit` worst cases over the universe's labels: false positives by their highest confidence,
 * then by the number of wrong labels; ties keep the cases' order. Issue types are not ranked.
 */
export function worstMistakes(cases: BacktestCase[], labels: string[], limit = 10): Mistake[] {
  const universe = new Set(labels.map(nameKey))
  return cases
    .map((c) => mistakeOf(c, universe))
    .filter((m) => m.falsePositives.length + m.misses.length > 0)
    .map((m) => ({ m, key: severity(m) }))
    .sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1])
    .slice(0, limit)
    .map(({ m }) => m)
}
