/** The plain view of one issue that tests assert on (names, not label objects). */
import type { EmulatorState } from './state.js'

/** What a test sees of one issue, in plain values. */
export interface IssueView {
  labels: string[]
  type: string | null
  state: string
  state_reason: string | null
  comments: { id: number; body: string; user: string }[]
  suggestions: {
    id: number
    kind: 'label' | 'type'
    value: string
    rationale?: string
    confidence?: string
    state: 'pending' | 'approved' | 'dismissed'
  }[]
}

/** The issue's labels, type, state, comments and suggestions; throws for an unknown number. */
export function viewIssue(state: EmulatorState, n: number): IssueView {
  const issue = state.issues.get(n)
  if (!issue) throw new Error(`no issue #${n} in the emulator`)
  return {
    labels: [...issue.labels],
    type: issue.type,
    state: issue.state,
    state_reason: issue.state_reason,
    comments: state.comments
      .filter((c) => c.issue === n)
      .map((c) => ({ id: c.id, body: c.body, user: c.user.login })),
    suggestions: state.suggestions
      .filter((s) => s.issue === n)
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        value: s.value,
        ...(s.rationale !== undefined ? { rationale: s.rationale } : {}),
        ...(s.confidence !== undefined ? { confidence: s.confidence } : {}),
        state: s.state
      }))
  }
}
