import type { Usage } from '../decide/decide.js'
import type { Decision } from '../decide/validate.js'
import type { BacktestCase } from './metrics.js'

/**
 * One decided issue as the metrics take it: what people chose (`truth`), and what the decision kept,
 * what policy refused only for low confidence (the threshold sweep counts those), the reasons and the
 * cost. Shared by `mode: backtest` and `issue-triage eval`.
 */
export function decisionCase(
  truth: Pick<BacktestCase, 'issue' | 'expected' | 'expectedType'>,
  decision: Decision,
  usage: Usage | undefined
): BacktestCase {
  const scored = ({ name, confidence }: { name: string; confidence: number }) => ({ name, confidence })
  return {
    ...truth,
    predicted: decision.labels.map(scored),
    belowThreshold: decision.refusedLabels.filter((r) => /below min-confidence/.test(r.reason)).map(scored),
    predictedType: decision.type?.name ?? null,
    rationale: Object.fromEntries(decision.labels.map((l) => [l.name, l.rationale])),
    ...(usage ? { tokens: { prompt: usage.promptTokens, completion: usage.completionTokens } } : {}),
    ...(usage?.aiCredits === undefined ? {} : { credits: usage.aiCredits })
  }
}
