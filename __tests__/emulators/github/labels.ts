/** Handlers for repository labels and the labels on an issue. */
import { addLabels, labelItems, recordEvent, setLabels } from './changes.js'
import { fail, paginate, requireIssue, validationFailed, type Handler } from './context.js'
import { issueLabelsJson, labelJson } from './shapes.js'
import { findLabel } from './state.js'

const HEX = /^[0-9a-fA-F]{6}$/

/** Handlers keyed by operationId. */
export const labelHandlers: Record<string, Handler> = {
  'issues/list-labels-for-repo': (ctx) =>
    paginate(
      ctx,
      [...ctx.state.labels.values()].map((l) => labelJson(ctx.base, ctx.state, l))
    ),

  'issues/create-label': (ctx) => {
    const { name, color, description } = ctx.body as { name: string; color?: string; description?: string }
    if (findLabel(ctx.state, name))
      validationFailed(ctx, { resource: 'Label', code: 'already_exists', field: 'name' })
    // GitHub wants the colour without '#'; a bad one is a 422 there too, though the description does not say so.
    if (color !== undefined && !HEX.test(color))
      validationFailed(ctx, { resource: 'Label', code: 'invalid', field: 'color' })
    const label = {
      id: ctx.state.nextId(),
      name,
      description: description ?? null,
      color: (color ?? 'ededed').toLowerCase(),
      default: false
    }
    ctx.state.labels.set(name.toLowerCase(), label)
    return { status: 201, body: labelJson(ctx.base, ctx.state, label) }
  },

  'issues/get-label': (ctx) => {
    const label = findLabel(ctx.state, String(ctx.params.name))
    if (!label) fail(ctx, 404, 'Not Found')
    return { status: 200, body: labelJson(ctx.base, ctx.state, label) }
  },

  'issues/update-label': (ctx) => {
    const label = findLabel(ctx.state, String(ctx.params.name))
    if (!label) fail(ctx, 404, 'Not Found')
    const { new_name: newName, color, description } = ctx.body ?? {}
    if (color !== undefined && !HEX.test(color))
      validationFailed(ctx, { resource: 'Label', code: 'invalid', field: 'color' })
    if (typeof newName === 'string' && newName.toLowerCase() !== label.name.toLowerCase()) {
      if (findLabel(ctx.state, newName))
        validationFailed(ctx, { resource: 'Label', code: 'already_exists', field: 'name' })
      ctx.state.labels.delete(label.name.toLowerCase())
      for (const issue of ctx.state.issues.values()) {
        issue.labels = issue.labels.map((l) => (l === label.name ? newName : l))
      }
      label.name = newName
      ctx.state.labels.set(newName.toLowerCase(), label)
    } else if (typeof newName === 'string') {
      label.name = newName
    }
    if (color !== undefined) label.color = color.toLowerCase()
    if (description !== undefined) label.description = description
    return { status: 200, body: labelJson(ctx.base, ctx.state, label) }
  },

  'issues/list-labels-on-issue': (ctx) =>
    paginate(ctx, issueLabelsJson(ctx.base, ctx.state, requireIssue(ctx).labels)),

  'issues/add-labels': (ctx) => {
    const issue = requireIssue(ctx)
    addLabels(ctx, issue, labelItems((ctx.body?.labels as unknown[] | undefined) ?? []))
    return { status: 200, body: issueLabelsJson(ctx.base, ctx.state, issue.labels) }
  },

  'issues/set-labels': (ctx) => {
    const issue = requireIssue(ctx)
    const items = (ctx.body?.labels as (string | { name: string })[] | undefined) ?? []
    setLabels(
      ctx,
      issue,
      items.map((i) => (typeof i === 'string' ? i : i.name))
    )
    return { status: 200, body: issueLabelsJson(ctx.base, ctx.state, issue.labels) }
  },

  'issues/remove-label': (ctx) => {
    const issue = requireIssue(ctx)
    const name = String(ctx.params.name).toLowerCase()
    const onIssue = issue.labels.find((l) => l.toLowerCase() === name)
    if (!onIssue) fail(ctx, 404, 'Label does not exist')
    issue.labels = issue.labels.filter((l) => l !== onIssue)
    recordEvent(ctx, issue, { event: 'unlabeled', label: onIssue })
    return { status: 200, body: issueLabelsJson(ctx.base, ctx.state, issue.labels) }
  }
}
