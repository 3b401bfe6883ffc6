import type { IssueSnapshot } from '../gather/issue.js'
import { predict } from '../history/classifier.js'
import type { HistoryClassifier } from '../history/repository-classifier.js'
import type { DecideOutcome, Usage } from './decide.js'
import { applyPolicy, type PolicyContext } from './validate.js'

// Predictions below this are not worth listing among the refusals: every label has some small chance.
const LISTED_FROM = 0.3
// Candidates listed in the summary for a person to look at: the classifier judges no duplicates.
const CANDIDATES_LISTED = 5

const percent = (x: number) => `${Math.round(x * 100)} %`

/**
 * The decide stage with no model: the history classifier's calibrated predictions go through the same
 * policy as a model's answer (allowed labels, labels people removed, min-confidence, max-labels,
 * exclusive groups, type rules). No duplicate verdicts: the likeliest candidates are shown in the
 * summary only, so nothing is written about them.
 */
export function decideByHistory(
  classifier: HistoryClassifier,
  issue: IssueSnapshot,
  policy: PolicyContext,
  candidates: number[],
  note?: string
): DecideOutcome {
  const text = { title: issue.title, body: issue.body }
  const { origin } = classifier
  const learned = `learned from ${origin.issues} issues people labelled`
  const labels = predict(classifier.labels, text, LISTED_FROM).map((p) => ({
    name: p.name,
    confidence: Math.round(p.confidence * 100) / 100,
    rationale: `${percent(p.confidence)} likely, ${learned}`
  }))
  const top = classifier.types ? predict(classifier.types, text)[0] : undefined
  const type =
    top && policy.issueTypes.length > 0
      ? {
          name: top.name,
          confidence: Math.round(top.confidence * 100) / 100,
          rationale: `${percent(top.confidence)} likely, ${learned}`
        }
      : null
  const usage: Usage = {
    modelCalls: 0,
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 0,
    model: 'history',
    requestTokens: 0,
    requestTokensExact: true,
    candidatesShown: candidates.slice(0, CANDIDATES_LISTED),
    candidateTokens: 0,
    notes: [
      ...(note ? [note] : []),
      `labels by the history classifier (${learned}; ${origin.how} ${origin.trainedAt.slice(0, 10)}), no model`
    ]
  }
  const decision = applyPolicy(
    { labels, type, summary: '' },
    { ...policy, duplicates: { rejected: [], minConfidence: 1, shown: [] } }
  )
  return { status: 'decided', decision, usage }
}
