/** What one replayed issue cost, as far as the provider reported it. */
export interface CaseCost {
  tokens?: { prompt: number; completion: number }
  credits?: number
}

export interface CostFigures {
  promptTokens: number | null
  completionTokens: number | null
  credits: number | null
}

export interface CostSummary {
  /** Cases that reported tokens, and cases that reported credits: the means' denominators. */
  casesWithTokens: number
  casesWithCredits: number
  promptTokens: number
  completionTokens: number
  /** Null when no case reported credits (providers other than copilot bill no credits). */
  credits: number | null
  /** Means over the cases that reported each figure; null when none did. */
  perIssue: CostFigures
  issuesPerMonth: number | null
  /** perIssue × issuesPerMonth; null without a rate. */
  perMonth: CostFigures | null
}

// Dates are Gregorian: a month is a twelfth of 365.25 days.
const MONTH_MS = (365.25 / 12) * 24 * 60 * 60 * 1000

/**
 * Issues opened a month, from their creation dates: (n − 1) arrivals over the span from the first to
 * the last (the first only opens the window; n / span would count it too and overstate a small
 * sample). Null with fewer than two distinct instants. Throws on a date it cannot read.
 */
export function issuesPerMonth(createdAt: string[]): number | null {
  const times = createdAt.map((text) => {
    const time = Date.parse(text)
    if (Number.isNaN(time)) throw new Error(`issuesPerMonth: '${text}' is not a date (use ISO 8601)`)
    return time
  })
  if (times.length < 2) return null
  const span = Math.max(...times) - Math.min(...times)
  return span === 0 ? null : (times.length - 1) / (span / MONTH_MS)
}

const mean = (sum: number, n: number) => (n === 0 ? null : sum / n)
const times = (value: number | null, by: number) => (value === null ? null : value * by)

/**
 * Totals and per-issue means of tokens and credits, and what a month would cost at `perMonth`
 * incoming issues. Cases that reported nothing (a failed call, say) are left out of the means.
 */
export function summariseCost(cases: CaseCost[], perMonth: number | null = null): CostSummary {
  const withTokens = cases.filter((c) => c.tokens)
  const withCredits = cases.filter((c) => typeof c.credits === 'number')
  const promptTokens = withTokens.reduce((n, c) => n + (c.tokens?.prompt ?? 0), 0)
  const completionTokens = withTokens.reduce((n, c) => n + (c.tokens?.completion ?? 0), 0)
  const credits = withCredits.length === 0 ? null : withCredits.reduce((n, c) => n + (c.credits ?? 0), 0)
  const perIssue: CostFigures = {
    promptTokens: mean(promptTokens, withTokens.length),
    completionTokens: mean(completionTokens, withTokens.length),
    credits: credits === null ? null : mean(credits, withCredits.length)
  }
  return {
    casesWithTokens: withTokens.length,
    casesWithCredits: withCredits.length,
    promptTokens,
    completionTokens,
    credits,
    perIssue,
    issuesPerMonth: perMonth,
    perMonth:
      perMonth === null
        ? null
        : {
            promptTokens: times(perIssue.promptTokens, perMonth),
            completionTokens: times(perIssue.completionTokens, perMonth),
            credits: times(perIssue.credits, perMonth)
          }
  }
}
