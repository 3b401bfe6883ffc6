/**
 * GitHub allows 10 semantic (hybrid) searches a minute. A run never waits for one: when this minute's are
 * spent, the issue goes without and says so. The last few of each minute are kept for issues whose
 * lexical candidates look weakest, where a search by meaning adds most.
 */

/** GitHub's limit on semantic and hybrid searches. */
export const SEMANTIC_PER_MINUTE = 10
const WINDOW_MS = 60_000
/** Searches of each minute kept for issues the lexical lists found little for. */
const RESERVE = 3

/** A run's semantic searches: when each left, by `now`. */
export interface SemanticBudget {
  spent: number[]
  now: () => number
}

export function semanticBudget(now: () => number = Date.now): SemanticBudget {
  return { spent: [], now }
}

/**
 * Whether an issue may make a semantic search now, recorded as made when it may. `weak` says the
 * lexical candidates look poor: only such issues get the last RESERVE searches of a minute.
 */
export function takeSemantic(budget: SemanticBudget, weak: boolean): boolean {
  const now = budget.now()
  while (budget.spent.length > 0 && budget.spent[0]! <= now - WINDOW_MS) budget.spent.shift()
  const left = SEMANTIC_PER_MINUTE - budget.spent.length
  if (left <= 0 || (left <= RESERVE && !weak)) return false
  budget.spent.push(now)
  return true
}
