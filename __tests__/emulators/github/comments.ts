/** Handlers for issue comments and for reactions on issues and comments. */
import {
  fail,
  now,
  paginate,
  requireIssue,
  validationFailed,
  type Context,
  type Handler,
  type Reply
} from './context.js'
import { commentJson, reactionJson } from './shapes.js'
import type { CommentRecord, ReactionRecord } from './state.js'

// GitHub refuses comment bodies longer than this many characters.
const MAX_BODY = 65536

function checkBody(ctx: Context, body: string): void {
  if (!body.trim()) validationFailed(ctx, { resource: 'IssueComment', code: 'missing_field', field: 'body' })
  if (body.length > MAX_BODY) {
    validationFailed(ctx, {
      resource: 'IssueComment',
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${MAX_BODY} characters)`
    })
  }
}

function requireComment(ctx: Context): CommentRecord {
  const comment = ctx.state.comments.find((c) => c.id === Number(ctx.params.comment_id))
  if (!comment) fail(ctx, 404, 'Not Found')
  return comment
}

function listReactions(ctx: Context, subject: (r: ReactionRecord) => boolean): Reply {
  const content = ctx.query.content
  const list = ctx.state.reactions.filter(
    (r) => subject(r) && (content === undefined || r.content === content)
  )
  return paginate(
    ctx,
    list.map((r) => reactionJson(ctx.base, r))
  )
}

/** GitHub answers 200 with the existing reaction when the same user already reacted the same way, else 201. */
function react(
  ctx: Context,
  subject: ReactionRecord['subject'],
  matches: (r: ReactionRecord) => boolean
): Reply {
  const content = String(ctx.body.content)
  const existing = ctx.state.reactions.find(
    (r) => matches(r) && r.content === content && r.user.login === ctx.actor.login
  )
  if (existing) return { status: 200, body: reactionJson(ctx.base, existing) }
  const reaction: ReactionRecord = {
    id: ctx.state.nextId(),
    subject,
    content,
    user: ctx.actor,
    created_at: now()
  }
  ctx.state.reactions.push(reaction)
  return { status: 201, body: reactionJson(ctx.base, reaction) }
}

function unreact(ctx: Context, matches: (r: ReactionRecord) => boolean): Reply {
  const id = Number(ctx.params.reaction_id)
  const index = ctx.state.reactions.findIndex((r) => r.id === id && matches(r))
  if (index < 0) fail(ctx, 404, 'Not Found')
  ctx.state.reactions.splice(index, 1)
  return { status: 204 }
}

const onIssue = (n: number) => (r: ReactionRecord) => 'issue' in r.subject && r.subject.issue === n
const onComment = (id: number) => (r: ReactionRecord) => 'comment' in r.subject && r.subject.comment === id

/** Handlers keyed by operationId. */
export const commentHandlers: Record<string, Handler> = {
  'issues/list-comments': (ctx) => {
    const issue = requireIssue(ctx)
    const since = typeof ctx.query.since === 'string' ? Date.parse(ctx.query.since) : NaN
    const list = ctx.state.comments.filter(
      (c) => c.issue === issue.number && (Number.isNaN(since) || Date.parse(c.updated_at) >= since)
    )
    return paginate(
      ctx,
      list.map((c) => commentJson(ctx.base, ctx.state, c))
    )
  },

  'issues/list-comments-for-repo': (ctx) => {
    const list = [...ctx.state.comments]
    if (ctx.query.direction === 'desc') list.reverse()
    return paginate(
      ctx,
      list.map((c) => commentJson(ctx.base, ctx.state, c))
    )
  },

  'issues/create-comment': (ctx) => {
    const issue = requireIssue(ctx)
    const body = String(ctx.body.body)
    checkBody(ctx, body)
    if (issue.locked) fail(ctx, 403, 'Unable to create comment because issue is locked.')
    const at = now()
    const comment: CommentRecord = {
      id: ctx.state.nextId(),
      issue: issue.number,
      body,
      user: ctx.actor,
      created_at: at,
      updated_at: at
    }
    ctx.state.comments.push(comment)
    issue.updated_at = at
    return {
      status: 201,
      body: commentJson(ctx.base, ctx.state, comment),
      headers: {
        location: `${ctx.base}/repos/${ctx.state.owner}/${ctx.state.repo}/issues/comments/${comment.id}`
      }
    }
  },

  'issues/get-comment': (ctx) => ({
    status: 200,
    body: commentJson(ctx.base, ctx.state, requireComment(ctx))
  }),

  'issues/update-comment': (ctx) => {
    const comment = requireComment(ctx)
    const body = String(ctx.body.body)
    checkBody(ctx, body)
    comment.body = body
    comment.updated_at = now()
    return { status: 200, body: commentJson(ctx.base, ctx.state, comment) }
  },

  'issues/delete-comment': (ctx) => {
    const comment = requireComment(ctx)
    ctx.state.comments = ctx.state.comments.filter((c) => c !== comment)
    return { status: 204 }
  },

  'reactions/list-for-issue': (ctx) => listReactions(ctx, onIssue(requireIssue(ctx).number)),
  'reactions/create-for-issue': (ctx) => {
    const n = requireIssue(ctx).number
    return react(ctx, { issue: n }, onIssue(n))
  },
  'reactions/delete-for-issue': (ctx) => unreact(ctx, onIssue(requireIssue(ctx).number)),

  'reactions/list-for-issue-comment': (ctx) => listReactions(ctx, onComment(requireComment(ctx).id)),
  'reactions/create-for-issue-comment': (ctx) => {
    const id = requireComment(ctx).id
    return react(ctx, { comment: id }, onComment(id))
  },
  'reactions/delete-for-issue-comment': (ctx) => unreact(ctx, onComment(requireComment(ctx).id))
}
