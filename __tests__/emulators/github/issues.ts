/** Handlers for issues themselves: read, list, update, events, timeline, lock, assignees, field values. */
import { setLabels, setState, setType, suggest, type LabelItem } from './changes.js'
import { now, paginate, requireIssue, validationFailed, type Context, type Handler } from './context.js'
import { eventJson, issueJson, timelineCommentJson } from './shapes.js'
import { labelOrCreate, type IssueRecord } from './state.js'

/** The labels array of an issue update: applied items replace the labels, suggested ones become suggestions. */
function updateLabels(ctx: Context, issue: IssueRecord, raw: unknown[]): void {
  const items = raw.map((item) => {
    if (typeof item === 'string') return { name: item } as LabelItem
    const object = item as LabelItem & { id?: number }
    const byId =
      object.id !== undefined ? [...ctx.state.labels.values()].find((l) => l.id === object.id) : undefined
    if (object.id !== undefined && !byId && object.name === undefined) {
      validationFailed(ctx, { resource: 'Label', field: 'id', code: 'invalid', value: object.id })
    }
    const name = byId?.name ?? object.name
    // The description lets a label object omit both id and name; GitHub cannot apply such a label.
    if (name === undefined) validationFailed(ctx, { resource: 'Label', field: 'name', code: 'missing_field' })
    return { ...object, name }
  })
  const applied = items.filter((i) => !i.suggest)
  // An array of suggestions only proposes changes; it must not wipe the labels people applied.
  if (applied.length || !items.length)
    setLabels(
      ctx,
      issue,
      applied.map((i) => i.name)
    )
  for (const item of items.filter((i) => i.suggest)) {
    if (!ctx.state.suggestionsEnabled || issue.labels.includes(item.name)) continue
    const label = labelOrCreate(ctx.state, item.name)
    suggest(ctx, issue, 'label', label.name, label.id, item)
  }
}

function compareBy(sort: unknown): (a: IssueRecord, b: IssueRecord) => number {
  if (sort === 'updated') return (a, b) => a.updated_at.localeCompare(b.updated_at)
  if (sort === 'comments') return (a, b) => a.number - b.number
  return (a, b) => a.created_at.localeCompare(b.created_at) || a.number - b.number
}

/** Handlers keyed by operationId. */
export const issueHandlers: Record<string, Handler> = {
  'issues/get': (ctx) => ({ status: 200, body: issueJson(ctx.base, ctx.state, requireIssue(ctx)) }),

  'issues/update': (ctx) => {
    const issue = requireIssue(ctx)
    const body = (ctx.body ?? {}) as Record<string, unknown>
    if (body.title !== undefined && body.title !== null) issue.title = String(body.title)
    if (body.body !== undefined) issue.body = body.body as string | null
    if ('type' in body) setType(ctx, issue, body.type as string | null)
    if (Array.isArray(body.labels)) updateLabels(ctx, issue, body.labels)
    if (Array.isArray(body.assignees)) {
      issue.assignees = body.assignees.filter((a): a is string => typeof a === 'string')
    }
    if (body.state !== undefined) {
      setState(
        ctx,
        issue,
        body.state as 'open' | 'closed',
        body.state_reason as string | null,
        body.duplicate_issue_id as number | undefined
      )
    }
    issue.updated_at = now()
    return { status: 200, body: issueJson(ctx.base, ctx.state, issue) }
  },

  'issues/list-for-repo': (ctx) => {
    const q = ctx.query
    const wantedLabels =
      typeof q.labels === 'string' && q.labels ? q.labels.split(',').map((l) => l.trim().toLowerCase()) : []
    const since = typeof q.since === 'string' ? Date.parse(q.since) : NaN
    const list = [...ctx.state.issues.values()]
      .filter((i) => (q.state ?? 'open') === 'all' || i.state === (q.state ?? 'open'))
      .filter((i) => wantedLabels.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .filter((i) => Number.isNaN(since) || Date.parse(i.updated_at) >= since)
      .filter((i) => q.creator === undefined || i.user.login === q.creator)
      .filter(
        (i) =>
          q.type === undefined ||
          (q.type === '*' ? i.type !== null : q.type === 'none' ? i.type === null : i.type === q.type)
      )
      .sort(compareBy(q.sort))
    if ((q.direction ?? 'desc') === 'desc') list.reverse()
    return paginate(
      ctx,
      list.map((i) => issueJson(ctx.base, ctx.state, i))
    )
  },

  'issues/list-events': (ctx) => {
    const issue = requireIssue(ctx)
    const events = ctx.state.events.filter((e) => e.issue === issue.number)
    return paginate(
      ctx,
      events.map((e) => eventJson(ctx.base, ctx.state, e))
    )
  },

  'issues/list-events-for-timeline': (ctx) => {
    const issue = requireIssue(ctx)
    const items = [
      ...ctx.state.events
        .filter((e) => e.issue === issue.number)
        .map((e) => ({ at: e.created_at, json: eventJson(ctx.base, ctx.state, e) })),
      ...ctx.state.comments
        .filter((c) => c.issue === issue.number)
        .map((c) => ({ at: c.created_at, json: timelineCommentJson(ctx.base, ctx.state, c) }))
    ].sort((a, b) => a.at.localeCompare(b.at))
    return paginate(
      ctx,
      items.map((i) => i.json)
    )
  },

  'issues/lock': (ctx) => {
    const issue = requireIssue(ctx)
    issue.locked = true
    issue.lock_reason = (ctx.body?.lock_reason as string | undefined) ?? null
    return { status: 204 }
  },

  'issues/add-assignees': (ctx) => {
    const issue = requireIssue(ctx)
    for (const item of (ctx.body?.assignees as unknown[] | undefined) ?? []) {
      const login = typeof item === 'string' ? item : (item as { login: string }).login
      if (!issue.assignees.includes(login)) issue.assignees.push(login)
    }
    return { status: 201, body: issueJson(ctx.base, ctx.state, issue) }
  },

  'issues/list-issue-field-values-for-issue': (ctx) => {
    requireIssue(ctx)
    return paginate(ctx, [])
  },

  'issues/add-issue-field-values': (ctx) => {
    requireIssue(ctx)
    // The emulated organization defines no issue fields, so any field id is unknown.
    const first = (ctx.body?.issue_field_values as { field_id: number }[] | undefined)?.[0]
    if (first)
      validationFailed(ctx, {
        resource: 'IssueFieldValue',
        field: 'field_id',
        code: 'invalid',
        value: first.field_id
      })
    return { status: 200, body: [] }
  }
}
