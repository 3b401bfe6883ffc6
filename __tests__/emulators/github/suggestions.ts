/** Handlers for issue suggestions: list, approve (applies the change), dismiss. */
import { actorId, addLabels, setType } from './changes.js'
import { fail, now, paginate, requireIssue, validationFailed, type Context, type Handler } from './context.js'
import { suggestionJson } from './shapes.js'
import type { IssueRecord, SuggestionRecord } from './state.js'

const ACTIONS: Record<string, SuggestionRecord['kind']> = { add_label: 'label', set_type: 'type' }

/** The endpoints exist only while the feature is on, and only for issues (not pull requests). */
function requireSuggestableIssue(ctx: Context): IssueRecord {
  const issue = requireIssue(ctx)
  if (!ctx.state.suggestionsEnabled || issue.pull_request) fail(ctx, 404, 'Not Found')
  return issue
}

function requirePending(ctx: Context, issue: IssueRecord): SuggestionRecord {
  const id = Number(ctx.params.suggestion_id)
  const suggestion = ctx.state.suggestions.find((s) => s.id === id && s.issue === issue.number)
  if (!suggestion) fail(ctx, 404, 'Not Found')
  if (suggestion.state !== 'pending') {
    validationFailed(ctx, {
      resource: 'IssueSuggestion',
      field: 'state',
      code: 'invalid',
      value: suggestion.state
    })
  }
  return suggestion
}

function resolve(ctx: Context, suggestion: SuggestionRecord, state: 'approved' | 'dismissed'): void {
  suggestion.state = state
  suggestion.resolved_by = actorId(ctx.actor.login)
  suggestion.updated_at = now()
}

/** Handlers keyed by operationId. */
export const suggestionHandlers: Record<string, Handler> = {
  'issues/list-suggestions': (ctx) => {
    const issue = requireSuggestableIssue(ctx)
    const state = (ctx.query.state as string | undefined) ?? 'pending'
    const kind = typeof ctx.query.action === 'string' ? ACTIONS[ctx.query.action] : undefined
    const list = ctx.state.suggestions.filter(
      (s) =>
        s.issue === issue.number &&
        (state === 'all' || s.state === state) &&
        (ctx.query.action === undefined || s.kind === kind)
    )
    return paginate(
      ctx,
      list.map((s) => suggestionJson(ctx.state, s))
    )
  },

  'issues/approve-suggestion': (ctx) => {
    const issue = requireSuggestableIssue(ctx)
    const suggestion = requirePending(ctx, issue)
    if (suggestion.kind === 'label') addLabels(ctx, issue, [{ name: suggestion.value }])
    else setType(ctx, issue, suggestion.value)
    resolve(ctx, suggestion, 'approved')
    // "dismisses any competing pending suggestions for the same change"
    for (const other of ctx.state.suggestions) {
      const competing =
        other !== suggestion &&
        other.issue === issue.number &&
        other.state === 'pending' &&
        other.kind === suggestion.kind &&
        (other.kind === 'type' || other.value.toLowerCase() === suggestion.value.toLowerCase())
      if (competing) resolve(ctx, other, 'dismissed')
    }
    return { status: 200, body: suggestionJson(ctx.state, suggestion) }
  },

  'issues/dismiss-suggestion': (ctx) => {
    const issue = requireSuggestableIssue(ctx)
    const suggestion = requirePending(ctx, issue)
    resolve(ctx, suggestion, 'dismissed')
    return { status: 200, body: suggestionJson(ctx.state, suggestion) }
  }
}
