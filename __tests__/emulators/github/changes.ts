/**
 * Changes to an issue that several endpoints make the same way (add labels, set labels, set the type, store a
 * suggestion), each recording the events GitHub would record.
 */
import { validationFailed, now, type Context } from './context.js'
import { stableId } from './shapes.js'
import { labelOrCreate, type EventRecord, type IssueRecord } from './state.js'

/** A label item as the add-labels and update-issue bodies allow it: a name, or an object with intent. */
export interface LabelItem {
  name: string
  rationale?: string
  suggest?: boolean
  confidence?: string
}

/** Normalises the string-or-object items of a labels array. */
export function labelItems(items: unknown[]): LabelItem[] {
  return items.map((item) => (typeof item === 'string' ? { name: item } : (item as LabelItem)))
}

/** Records an event on the issue, attributed to the token's actor. */
export function recordEvent(
  ctx: Context,
  issue: IssueRecord,
  event: Omit<EventRecord, 'id' | 'issue' | 'actor' | 'created_at'>
): void {
  ctx.state.events.push({
    id: ctx.state.nextId(),
    issue: issue.number,
    actor: ctx.actor,
    created_at: now(),
    ...event
  })
  issue.updated_at = now()
}

function intentOf(item: LabelItem): EventRecord['intent'] {
  if (item.rationale === undefined && item.confidence === undefined) return undefined
  return { rationale: item.rationale ?? null, confidence: item.confidence?.toUpperCase() ?? null }
}

/**
 * Stores a pending suggestion, or drops it silently when the repository's suggestions feature is off (GitHub
 * answers 200 either way, which is why callers must read the suggestions back to know).
 */
export function suggest(
  ctx: Context,
  issue: IssueRecord,
  kind: 'label' | 'type',
  value: string,
  targetId: number | null,
  item: LabelItem | TypeItem
): void {
  if (!ctx.state.suggestionsEnabled) return
  const same = ctx.state.suggestions.find(
    (s) =>
      s.issue === issue.number &&
      s.state === 'pending' &&
      s.kind === kind &&
      s.value.toLowerCase() === value.toLowerCase()
  )
  if (same) return
  const at = now()
  ctx.state.suggestions.push({
    id: ctx.state.nextId(),
    issue: issue.number,
    kind,
    value,
    target_id: targetId,
    ...(item.rationale !== undefined ? { rationale: item.rationale } : {}),
    ...(item.confidence !== undefined ? { confidence: item.confidence } : {}),
    state: 'pending',
    actor: ctx.actor,
    created_at: at,
    updated_at: at,
    resolved_by: null
  })
}

/**
 * Appends labels, creating unknown names as GitHub does (ededed, no description) and recording `labeled`
 * events (with the item's intent) for labels the issue did not have. Items with `suggest: true` become
 * suggestions instead.
 */
export function addLabels(ctx: Context, issue: IssueRecord, items: LabelItem[]): void {
  for (const item of items) {
    const applied = issue.labels.some((l) => l.toLowerCase() === item.name.toLowerCase())
    if (item.suggest) {
      if (!applied && ctx.state.suggestionsEnabled) {
        const label = labelOrCreate(ctx.state, item.name)
        suggest(ctx, issue, 'label', label.name, label.id, item)
      }
      continue
    }
    const label = labelOrCreate(ctx.state, item.name)
    if (applied) continue
    issue.labels.push(label.name)
    const intent = intentOf(item)
    recordEvent(ctx, issue, { event: 'labeled', label: label.name, ...(intent ? { intent } : {}) })
  }
}

/** Replaces the issue's labels, recording `unlabeled` and `labeled` events for the difference. */
export function setLabels(ctx: Context, issue: IssueRecord, names: string[]): void {
  const wanted: string[] = []
  for (const name of names) {
    const label = labelOrCreate(ctx.state, name)
    if (!wanted.some((w) => w.toLowerCase() === label.name.toLowerCase())) wanted.push(label.name)
  }
  const lower = new Set(wanted.map((w) => w.toLowerCase()))
  for (const gone of issue.labels.filter((l) => !lower.has(l.toLowerCase()))) {
    recordEvent(ctx, issue, { event: 'unlabeled', label: gone })
  }
  const had = new Set(issue.labels.map((l) => l.toLowerCase()))
  for (const added of wanted.filter((w) => !had.has(w.toLowerCase()))) {
    recordEvent(ctx, issue, { event: 'labeled', label: added })
  }
  issue.labels = wanted
}

/** The `type` field of an issue update: a name, null, or an object that may carry a suggestion. */
export interface TypeItem {
  value?: string | null
  rationale?: string
  suggest?: boolean
  confidence?: string
}

/** Sets (or clears, or suggests) the issue type; an unknown name is a 422 as on GitHub. */
export function setType(ctx: Context, issue: IssueRecord, type: string | TypeItem | null): void {
  const item: TypeItem = typeof type === 'string' || type === null ? { value: type } : type
  const name = item.value ?? null
  if (name === null) {
    if (!item.suggest) issue.type = null
    return
  }
  const known = ctx.state.issueTypes?.find((t) => t.name.toLowerCase() === name.toLowerCase())
  if (!known) validationFailed(ctx, { resource: 'Issue', field: 'type', code: 'invalid', value: name })
  if (item.suggest) return suggest(ctx, issue, 'type', known.name, known.id, item)
  issue.type = known.name
  issue.updated_at = now()
}

/** Opens or closes the issue; closing as a duplicate needs the original's id (not its number) to exist. */
export function setState(
  ctx: Context,
  issue: IssueRecord,
  state: 'open' | 'closed',
  reason: string | null | undefined,
  duplicateId?: number
): void {
  if (state === 'closed') {
    const stateReason = reason ?? 'completed'
    if (stateReason === 'duplicate' && duplicateId !== undefined) {
      const original = [...ctx.state.issues.values()].find((i) => i.id === duplicateId)
      if (!original || original.number === issue.number) {
        validationFailed(ctx, {
          resource: 'Issue',
          field: 'duplicate_issue_id',
          code: 'invalid',
          value: duplicateId
        })
      }
      issue.duplicate_of = original.number
    }
    const changed = issue.state !== 'closed'
    issue.state = 'closed'
    issue.state_reason = stateReason
    if (changed) {
      issue.closed_at = now()
      recordEvent(ctx, issue, { event: 'closed', state_reason: stateReason })
    }
  } else if (issue.state !== 'open') {
    issue.state = 'open'
    issue.state_reason = 'reopened'
    issue.closed_at = null
    issue.duplicate_of = null
    recordEvent(ctx, issue, { event: 'reopened', state_reason: 'reopened' })
  }
}

/** The numeric id GitHub shows for a login (used for suggestion resolvers). */
export function actorId(login: string): number {
  return login === 'github-actions[bot]' ? 41898282 : stableId(login)
}
