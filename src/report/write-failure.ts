import type { ActResult } from '../act/act.js'
import type { DedupeActResult } from '../act/duplicates.js'
import { UnconfirmedWrite } from '../errors.js'
import { isUnreachable } from '../github/octokit.js'
import { unreachableReason } from '../http/reason.js'
import { forLog } from '../text/hygiene.js'
import { failureMessage, rateLimit } from './failure.js'

const names = (list: string[], verb: string) =>
  list.length === 1 ? `label ${list[0]} was ${verb}` : `labels ${list.join(', ')} were ${verb}`

/** What the act stage wrote, as clauses: "labels bug, area: cli were added", "the type was set to Bug". */
export function writtenClauses(
  acted: ActResult,
  dedupe: DedupeActResult | undefined,
  label: string
): string[] {
  const out: string[] = []
  if (acted.labelsApplied.length > 0) out.push(names(acted.labelsApplied, 'added'))
  if (acted.labelsSuggested.length > 0) out.push(names(acted.labelsSuggested, 'suggested'))
  if (acted.typeSet) out.push(`the type was set to ${acted.typeSet}`)
  if (acted.typeSuggested) out.push(`the type ${acted.typeSuggested} was suggested`)
  if (dedupe && !dedupe.dryRun) {
    if (dedupe.comment === 'created') out.push('the duplicate comment was posted')
    if (dedupe.comment === 'updated') out.push('the duplicate comment was updated')
    if (dedupe.label === 'added' || dedupe.label === 'suggested' || dedupe.label === 'removed')
      out.push(`the ${label} label was ${dedupe.label}`)
  }
  return out
}

/**
 * The one line for a GitHub request of the act stage that failed: what was written before it, which
 * request failed and why, and the fix. With nothing written it is failureMessage's line, as for any
 * request that fails before the act stage.
 */
export function writeFailureMessage(issue: number, written: string[], error: unknown): string {
  const unconfirmed = error instanceof UnconfirmedWrite
  if (written.length === 0 && !unconfirmed) return failureMessage(error)
  const failed = unconfirmed ? error.cause : error
  const last = written.at(-1)
  const before =
    written.length > 1
      ? `${written.slice(0, -1).join(', ')} and ${last}, then `
      : last
        ? `${last}, then `
        : ''
  const doubt = unconfirmed
    ? ', and the comments could not be read again to see whether GitHub stored it'
    : ''
  return `Issue #${issue}: ${before}${requestOf(failed)} failed: ${reason(failed)}${doubt}. Nothing more was written; ${fix(failed)}.`
}

// "POST /repos/o/r/issues/1/comments": the method and path, without the API's host (or GHES's /api/v3).
function requestOf(error: unknown): string {
  const request = (error as { request?: { method?: unknown; url?: unknown } } | null)?.request
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return 'a request to GitHub'
  let path = request.url
  try {
    path = decodeURIComponent(new URL(request.url).pathname)
  } catch {
    // Not a URL Octokit would send; shown as it is.
  }
  const at = path.indexOf('/repos/')
  return `${request.method} ${forLog(at >= 0 ? path.slice(at) : path, 200)}`
}

function reason(error: unknown): string {
  if (isUnreachable(error))
    return `GitHub could not be reached (${forLog(unreachableReason(error as Error), 200)})`
  const status = (error as { status?: number } | null)?.status
  const message = forLog(error instanceof Error ? error.message : String(error), 300).replace(
    / - https:\/\/docs\.github\.com\S*$/,
    ''
  )
  const limit = rateLimit(status, message)
  if (limit)
    return `GitHub's ${limit === 'secondary' ? 'secondary rate limit' : 'API rate limit'} (${status})`
  return status ? `${message} (${status})` : message
}

function fix(error: unknown): string {
  const status = (error as { status?: number } | null)?.status
  if (status === 401) return 'check the "token" input, then re-run the job to finish'
  if (status === 403 && !rateLimit(status, error instanceof Error ? error.message : ''))
    return 'give the job "permissions: issues: write", then re-run it to finish'
  return 're-run the job to finish'
}
