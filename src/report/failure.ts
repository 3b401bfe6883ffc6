import { isUnreachable } from '../github/octokit.js'
import { hostOf, unreachableReason } from '../http/reason.js'
import { InputError } from '../errors.js'
import { forLog } from '../text/hygiene.js'

/** Which of GitHub's rate limits refused a request, if one did. */
export function rateLimit(status: number | undefined, message: string): 'primary' | 'secondary' | undefined {
  if ((status !== 403 && status !== 429) || !/rate limit/i.test(message)) return undefined
  return /secondary rate limit/i.test(message) ? 'secondary' : 'primary'
}

/**
 * The one line a run that stopped early prints. GitHub's answers say which permission is missing, and
 * the common ones are turned into a fix; a GitHub that never answered is said to be unreachable.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof InputError) return error.message
  const status = (error as { status?: number }).status
  const message = forLog(error instanceof Error ? error.message : String(error), 400)
  if (isUnreachable(error)) {
    const url = (error as { request?: { url?: unknown } }).request?.url
    const where = typeof url === 'string' ? ` at ${hostOf(url)}` : ''
    const reason = forLog(unreachableReason(error as Error), 400)
    return `Could not reach GitHub's API${where}: ${reason}. Nothing was written; check the runner's network and proxy settings, then re-run.`
  }
  // Said without "nothing was written": a flow may have written before the request that was refused.
  const limit = rateLimit(status, message)
  if (limit === 'secondary') {
    return `GitHub's secondary rate limit was reached (${status}): too many writes in a short time. Re-run later, and keep the workflow's concurrency line so runs do not pile up. ${message}`
  }
  if (limit === 'primary') {
    return `GitHub's API rate limit was reached (${status}). Re-run later, or spread runs out (a GITHUB_TOKEN gets 1,000 requests per hour per repository). ${message}`
  }
  if (status === 401) return `GitHub rejected the token (401): check the "token" input. ${message}`
  if (status === 403) {
    return `GitHub refused a request (403): the workflow needs "permissions: issues: write" (and contents: read). ${message}`
  }
  if (status === 404)
    return `GitHub answered 404: the issue or repository was not found, or the token cannot see it. ${message}`
  return message
}
