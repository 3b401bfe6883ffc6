/**
 * What a handler gets (a validated request and the state) and gives back (a reply), plus the answers GitHub
 * gives for missing things and refused changes, and pagination with GitHub's `link` header.
 */
import type { Actor, EmulatorState, IssueRecord } from './state.js'

/** What the server sends back. */
export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** A request that passed validation, with the emulator's state. */
export interface Context {
  /** The emulator's URL, e.g. http://127.0.0.1:12345; GitHub's URLs in answers point here. */
  base: string
  state: EmulatorState
  /** Path parameters, decoded and typed (issue_number is a number). */
  params: Record<string, string | number>
  /** Query parameters typed by the description (per_page is a number). */
  query: Record<string, unknown>
  /** The query as sent, to rebuild pagination links. */
  rawQuery: Record<string, string>
  /** The path as sent (percent-encoded). */
  rawPath: string
  /** Request headers, lower-cased names. */
  headers: Record<string, string>
  // Handlers read fields the description already checked, so `any` here avoids a cast at every use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  /** Whom writes are attributed to: the token's identity. */
  actor: Actor
  docsUrl: string
  pageSize: number
}

/** A handler for one operation of the description. */
export type Handler = (ctx: Context) => Reply

/** Thrown by handlers to answer early with an error (caught by the server). */
export class Answer extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`)
  }
}

/** Answers `status` with GitHub's error body. */
export function fail(ctx: Context, status: number, message: string, errors?: unknown[]): never {
  const body: Record<string, unknown> = { message, documentation_url: ctx.docsUrl, status: String(status) }
  if (errors) body.errors = errors
  throw new Answer({ status, body })
}

/** GitHub's 422 "Validation Failed" with its `errors` list. */
export function validationFailed(ctx: Context, error: Record<string, unknown>): never {
  fail(ctx, 422, 'Validation Failed', [error])
}

/** The issue named by the `issue_number` path parameter, or a 404 like GitHub's. */
export function requireIssue(ctx: Context): IssueRecord {
  const issue = ctx.state.issues.get(Number(ctx.params.issue_number))
  if (!issue) fail(ctx, 404, 'Not Found')
  return issue
}

/** The current time as GitHub writes it (no milliseconds). */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * One page of `items` with GitHub's `link` header: `per_page` (default 30, silently capped at 100) and `page`,
 * links in GitHub's order prev, next, last, first, absolute on the emulator's host, other query kept.
 */
export function paginate(ctx: Context, items: unknown[]): Reply {
  const requested = typeof ctx.query.per_page === 'number' ? ctx.query.per_page : ctx.pageSize
  const perPage = Math.min(100, Math.max(1, requested))
  const page = typeof ctx.query.page === 'number' && ctx.query.page > 0 ? ctx.query.page : 1
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const body = items.slice((page - 1) * perPage, page * perPage)
  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(Object.entries(ctx.rawQuery).filter(([k]) => k !== 'page'))
    query.set('page', String(n))
    return `<${ctx.base}${ctx.rawPath}?${query.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) links.push(link(1, 'first'))
  return { status: 200, body, headers: links.length ? { link: links.join(', ') } : {} }
}
