import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import type { BacklogOptions } from '../inputs/backlog.js'
import { forLog } from '../text/hygiene.js'
import { redact } from '../text/secrets.js'
import { INDEX_FROM_ISSUES } from './issue-index.js'
import { snapshotIssue, type IssueSnapshot } from './issue.js'

/** One issue of a backlog: its number, and the issue itself when the selection already read it. */
export interface BacklogItem {
  number: number
  issue?: IssueSnapshot
}

/** The issues a backlog run works through, oldest first, and how many matched before `max-issues`. */
export interface BacklogSelection {
  items: BacklogItem[]
  matched: number
}

/** True when an API's issue URL (`repository_url`) is this repository's: a search's OR can reach others. */
export function inRepository(url: string, ref: { owner: string; repo: string }): boolean {
  return url.toLowerCase().endsWith(`/repos/${ref.owner}/${ref.repo}`.toLowerCase())
}

// GitHub's search serves the first 1,000 results of a query, 100 a page.
const PAGE = 100
const SEARCH_LIMIT = 1000

/**
 * Selects a backlog: `issue-numbers` in ascending order (oldest first; each is read when its turn
 * comes), or the issues `query` finds in this repository, oldest first, pull requests dropped. At most
 * `max-issues`.
 */
export async function selectBacklog(ctx: RunContext, backlog: BacklogOptions): Promise<BacklogSelection> {
  if (backlog.numbers) {
    const sorted = [...backlog.numbers].sort((a, b) => a - b)
    return { items: sorted.slice(0, backlog.maxIssues).map((number) => ({ number })), matched: sorted.length }
  }
  const q = `${backlog.query ?? ''} repo:${ctx.ref.owner}/${ctx.ref.repo} is:issue`.trim()
  const items: BacklogItem[] = []
  let matched = 0
  for (let page = 1; items.length < backlog.maxIssues && (page - 1) * PAGE < SEARCH_LIMIT; page++) {
    const res = await ctx.octokit.request('GET /search/issues', {
      q,
      sort: 'created',
      order: 'asc',
      per_page: PAGE,
      page
    })
    matched = res.data.total_count
    for (const raw of res.data.items) {
      // However GitHub groups a query's OR, an issue of another repository is never triaged here (its
      // number would name a different issue of this one).
      if (raw.pull_request || !inRepository(raw.repository_url, ctx.ref)) continue
      if (items.length < backlog.maxIssues)
        items.push({ number: raw.number, issue: snapshotIssue(raw as Parameters<typeof snapshotIssue>[0]) })
    }
    if (res.data.items.length < PAGE) break
  }
  return { items, matched: Math.max(matched, items.length) }
}

/** How the backlog's local issue index was read, or why it was not. */
export type IndexRead =
  { issues: number; total: number; capped: boolean; requests: number; seconds: number } | { error: string }

/**
 * Reads the repository's issues into the run's local index when dedupe is on and the backlog has more
 * than INDEX_FROM_ISSUES issues; undefined for smaller backlogs, which search GitHub as one issue does.
 * A failed read leaves GitHub search in place: it is reported, never fatal.
 */
export async function indexForBacklog(ctx: RunContext, count: number): Promise<IndexRead | undefined> {
  if (!ctx.options.dedupe.enabled || count <= INDEX_FROM_ISSUES) return undefined
  const started = Date.now()
  try {
    const index = await ctx.issueIndex()
    const seconds = Math.round((Date.now() - started) / 100) / 10
    const { size, total, capped, requests } = index
    const of = capped
      ? `the newest ${size.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`
      : `${size}`
    core.info(
      `Duplicate candidates: indexed ${of} issues in ${seconds} s (${requests} GraphQL requests); lexical candidates come from this index, not GitHub search.`
    )
    return { issues: size, total, capped, requests, seconds }
  } catch (error) {
    const status = (error as { status?: number }).status
    const why = forLog(redact(error instanceof Error ? error.message : String(error)), 200)
    core.warning(
      `The repository's issues could not be read for a local duplicate index (${status ? `${status}: ` : ''}${why}); candidates come from GitHub search (30 searches a minute).`
    )
    return { error: `${status ? `${status}: ` : ''}${why}` }
  }
}
