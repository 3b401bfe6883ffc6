import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import type { Label } from '../policy/labels.js'
import { nameKey } from '../policy/labels.js'
import { inRepository, type BacklogItem } from './backlog.js'
import { keptByPeople } from './labelled-history.js'
import { markedOriginal, originalOf } from './duplicate-link.js'
import { listIssueEvents, snapshotIssue, type IssueSnapshot, type RawIssue } from './issue.js'

/** One issue a backtest replays, with what people decided about it. */
export interface BacktestCase extends BacklogItem {
  issue: IssueSnapshot
  /** Labels people applied (not bots, not this action), among those the action may apply. */
  truth: string[]
  /** The issue's type now, when the repository has types (people set it, or accepted it). */
  truthType: string | null
  /** For an issue closed as a duplicate: the original it was closed for, when the link says. */
  duplicateOf?: number
}

/** The issues a backtest replays, and how many were looked at to find them. */
export interface BacktestSelection {
  cases: BacktestCase[]
  /** Issues read before `limit` cases were found (labelled ones without a person's label are left out). */
  examined: number
  query?: string
}

// An issue as the list and search endpoints return it: with its closing reason and repository.
interface RawListed extends RawIssue {
  state_reason?: string | null
  repository_url?: string
}

const PAGE = 100
// Most pages read to find `limit` issues people labelled: a repository that rarely labels ends early.
const MAX_PAGES = 10

/**
 * The most recent issues, open or closed, that people labelled (or those `query` finds, newest
 * first), at most `limit`; each with its ground truth read from its events, and the original of one
 * closed as a duplicate. Pull requests and issues without a person's label among `allowed` are left
 * out.
 */
export async function selectBacktest(
  ctx: RunContext,
  allowed: Label[],
  limit: number,
  query: string | undefined
): Promise<BacktestSelection> {
  const identity = await ctx.identity()
  const byKey = new Map(allowed.map((l) => [nameKey(l.name), l.name]))
  const hasTypes = (await ctx.repository()).issueTypes.length > 0
  const cases: BacktestCase[] = []
  let examined = 0
  for (let page = 1; cases.length < limit && page <= MAX_PAGES; page++) {
    const listed = query
      ? (
          await ctx.octokit.request('GET /search/issues', {
            q: `${query} repo:${ctx.ref.owner}/${ctx.ref.repo} is:issue`,
            sort: 'created',
            order: 'desc',
            per_page: PAGE,
            page
          })
        ).data.items
      : (
          await ctx.octokit.request('GET /repos/{owner}/{repo}/issues', {
            ...ctx.ref,
            state: 'all',
            sort: 'created',
            direction: 'desc',
            per_page: PAGE,
            page
          })
        ).data
    const candidates = (listed as RawListed[]).filter(
      (raw) =>
        !raw.pull_request &&
        (raw.labels?.length ?? 0) > 0 &&
        raw.user?.type !== 'Bot' &&
        (raw.repository_url === undefined || inRepository(raw.repository_url, ctx.ref))
    )
    examined += listed.length
    // The events of ten issues are read at a time; a case keeps its place, newest first.
    const found: (BacktestCase | undefined)[] = []
    const kept = () => cases.length + found.filter((c) => c !== undefined).length
    for (let i = 0; i < candidates.length && kept() < limit; i += 10) {
      found.push(...(await Promise.all(candidates.slice(i, i + 10).map(caseOf))))
    }
    for (const c of found) if (c && cases.length < limit) cases.push(c)
    if (listed.length < PAGE) break
  }
  return { cases, examined, ...(query ? { query } : {}) }

  async function caseOf(raw: RawListed): Promise<BacktestCase | undefined> {
    const events = await listIssueEvents(ctx.octokit, ctx.ref, raw.number)
    const truth = keptByPeople(events, identity, byKey)
    if (truth.length === 0) return undefined
    const original = raw.state_reason === 'duplicate' ? await duplicateOf(raw) : undefined
    const issue = snapshotIssue(raw)
    const item: BacktestCase = {
      number: raw.number,
      issue,
      truth,
      truthType: hasTypes ? issue.type : null,
      ...(original ? { duplicateOf: original } : {})
    }
    return item
  }

  // A comment's link first ("Duplicate of #N" or this action's verdict, read as before); GitHub's
  // marked-as-duplicate event only when no comment names the original, as when a maintainer used
  // "Close as duplicate" without writing one. Both usually agree: GitHub records the event for the
  // comment too. A link that cannot be read leaves the issue out of the duplicate figures.
  async function duplicateOf(raw: RawListed): Promise<number | undefined> {
    const said = await originalOf(ctx.octokit, ctx.ref, raw.number, raw.comments ?? 0).catch(() => undefined)
    if (said) return said.number
    return markedOriginal(ctx.octokit, ctx.ref, raw.number).catch((error: unknown) => {
      core.debug(`#${raw.number}: its marked-as-duplicate event could not be read: ${String(error)}`)
      return undefined
    })
  }
}

/**
 * The issue as it was when it was opened: no labels, no type, open, no comments read, nothing
 * changed since. What people later decided (its labels and their events, its closing reason, the
 * comments after triage) would give the answer away.
 */
export function asOpened(issue: IssueSnapshot): IssueSnapshot {
  return { ...issue, labels: [], type: null, state: 'open', commentCount: 0, updatedAt: issue.createdAt }
}
