import { renderEnded } from './comment.js'
import { wordingOf } from './duplicates.js'
import { writeComment } from './sticky-comment.js'
import type { Octokit } from '../github/octokit.js'
import { fetchIssue, isBot, listIssueEvents, snapshotIssue, type IssueSnapshot } from '../gather/issue.js'
import { readComments, type BotComment, type RawComment } from '../gather/marker.js'
import { hasLabel } from '../policy/labels.js'
import type { RepoRef } from '../gather/repository.js'
import type { DedupeOptions, Mode } from '../inputs/options.js'
import { thumbsDown, withdrawVerdict } from './appeal.js'

/** What the scheduled run did with one labelled issue. */
export interface SweepEntry {
  issue: number
  outcome: 'closed' | 'would-close' | 'appealed' | 'kept'
  reason: string
  original?: number
}

const DAY = 86_400_000
/** A scheduled run looks at this many labelled issues at most; the next run continues. */
export const SWEEP_LIMIT = 100

/**
 * The scheduled pass over issues carrying the duplicate label: a 👎 on the action's comment from the
 * author or a maintainer withdraws the verdict; with `close-duplicates-after`, an issue whose verdict
 * stood unchallenged that long is closed as a duplicate of its original — never locked, and only when
 * the original is open and older, nobody vetoed, and the original is not itself marked a duplicate.
 */
export async function sweep(
  octokit: Octokit,
  ref: RepoRef,
  dedupe: DedupeOptions,
  mode: Mode,
  now = new Date(),
  limit = SWEEP_LIMIT
): Promise<SweepEntry[]> {
  // Oldest first, page after page: the oldest verdicts are the ones due to close. At most `limit`
  // issues a run; the next scheduled run continues with the rest.
  const entries: SweepEntry[] = []
  const pages = octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues', {
    ...ref,
    state: 'open',
    labels: dedupe.label,
    sort: 'created',
    direction: 'asc',
    per_page: 100
  })
  for await (const page of pages) {
    for (const raw of page.data) {
      const issue = snapshotIssue(raw as Parameters<typeof snapshotIssue>[0])
      if (issue.isPullRequest) continue
      if (entries.length >= limit) return entries
      entries.push(await sweepOne(octokit, ref, issue, dedupe, mode, now))
    }
  }
  return entries
}

async function sweepOne(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  dedupe: DedupeOptions,
  mode: Mode,
  now: Date
): Promise<SweepEntry> {
  const keep = (reason: string): SweepEntry => ({ issue: issue.number, outcome: 'kept', reason })
  const { comments, bot } = await readComments(octokit, ref, issue.number)
  if (!bot || bot.marker.status !== 'found') return keep('no standing verdict from this action')
  const author = issue.author

  const objector = await thumbsDown(octokit, ref, bot, author)
  if (objector) {
    await withdrawVerdict(octokit, ref, issue, bot, objector, 'reaction', dedupe, mode)
    return { issue: issue.number, outcome: 'appealed', reason: `👎 from the ${objector}` }
  }
  if (dedupe.closeAfterDays === undefined) return keep('close-duplicates-after is off')
  const age = (now.getTime() - Date.parse(bot.marker.since)) / DAY
  if (!(age >= dedupe.closeAfterDays))
    return keep(`verdict is ${Math.floor(age)} of ${dedupe.closeAfterDays} days old`)

  const veto = await vetoed(octokit, ref, issue.number, comments, author, bot, dedupe.label)
  if (veto) return keep(veto)
  const originalNumber = bot.marker.verdict[0]!
  const original = await fetchIssue(octokit, ref, originalNumber).catch((error: unknown) => {
    // Transferred (404) or deleted (410): this issue is left for a person; the sweep goes on.
    const status = (error as { status?: unknown }).status
    if (status === 404 || status === 410) return status
    throw error
  })
  if (typeof original === 'number') return keep(`the original #${originalNumber} is gone (${original})`)
  if (original.state !== 'open') return keep(`the original #${originalNumber} is closed`)
  if (original.isPullRequest) return keep(`#${originalNumber} is a pull request`)
  if (!(original.createdAt < issue.createdAt)) return keep(`the original #${originalNumber} is not older`)
  if (hasLabel(original.labels, dedupe.label))
    return keep(`the original #${originalNumber} is itself marked a likely duplicate`)

  const days = dedupe.closeAfterDays
  if (mode === 'dry-run')
    return {
      issue: issue.number,
      outcome: 'would-close',
      reason: `unchallenged for ${days} days`,
      original: originalNumber
    }
  await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
    ...ref,
    issue_number: issue.number,
    state: 'closed',
    state_reason: 'duplicate',
    duplicate_issue_id: original.id
  })
  const marker = { ...bot.marker, status: 'closed' as const, since: now.toISOString() }
  await writeComment(
    octokit,
    ref,
    issue.number,
    bot,
    renderEnded(marker, { kind: 'closed', original: originalNumber, days }, wordingOf(dedupe))
  )
  return {
    issue: issue.number,
    outcome: 'closed',
    reason: `unchallenged for ${days} days`,
    original: originalNumber
  }
}

// People's signals against closing: the author spoke after the verdict, someone reopened the issue, or
// a person took the label off (and someone put it back).
async function vetoed(
  octokit: Octokit,
  ref: RepoRef,
  number: number,
  comments: RawComment[],
  author: string,
  bot: BotComment,
  label: string
): Promise<string | undefined> {
  const since = bot.marker.since
  if (comments.some((c) => c.user?.login?.toLowerCase() === author.toLowerCase() && c.created_at > since))
    return 'the author commented after the verdict'
  for (const e of await listIssueEvents(octokit, ref, number)) {
    if (e.event === 'reopened') return 'the issue was reopened before'
    if (e.event === 'unlabeled' && !isBot(e.actor) && hasLabel([e.label?.name ?? ''], label))
      return `a person removed the ${label} label before`
  }
  return undefined
}
