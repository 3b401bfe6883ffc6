import { thumbsDown, withdrawVerdict } from '../act/appeal.js'
import type { RunContext } from '../context.js'
import { findCandidates, type CandidateSet } from './candidates.js'
import { labelHistory, type IssueSnapshot, type LabelHistory } from './issue.js'
import { readComments, type BotComment } from './marker.js'

/** What triage knows about one issue beyond its own text. */
export interface Gathered {
  /** Labels people added or removed: never re-added, never touched. */
  history: LabelHistory
  /** The action's standing comment on the issue, after any 👎 appeal was honoured. */
  bot: BotComment | undefined
  /** The duplicate candidates, when they could be searched for at once (see gather). */
  found?: CandidateSet | undefined
}

/**
 * The gather stage for one issue: its label history and the action's earlier verdict (a 👎 on it from
 * the author or a maintainer withdraws it, whichever run sees it first). An issue without comments has
 * no verdict to change the search, so its duplicate candidates are searched for alongside. `known`:
 * the label history, when the caller has read it already.
 */
export async function gather(ctx: RunContext, issue: IssueSnapshot, known?: LabelHistory): Promise<Gathered> {
  const { octokit, ref, options } = ctx
  const dedupe = options.dedupe
  const commented = issue.commentCount > 0
  const [history, comments, found] = await Promise.all([
    known ?? labelHistory(octokit, ref, issue.number),
    dedupe.enabled && commented ? readComments(octokit, ref, issue.number) : { bot: undefined },
    commented ? undefined : gatherCandidates(ctx, issue, undefined)
  ])
  let bot = comments.bot
  if (bot?.marker.status === 'found') {
    const objector = await thumbsDown(octokit, ref, bot, issue.author)
    if (objector)
      bot = await withdrawVerdict(octokit, ref, issue, bot, objector, 'reaction', dedupe, options.mode)
  }
  return { history, bot, ...(commented ? {} : { found }) }
}

/**
 * Earlier issues this one may duplicate, leaving out numbers rejected on appeal; undefined when dedupe
 * is off.
 */
export async function gatherCandidates(
  ctx: RunContext,
  issue: IssueSnapshot,
  bot: BotComment | undefined
): Promise<CandidateSet | undefined> {
  const dedupe = ctx.options.dedupe
  if (!dedupe.enabled) return undefined
  return findCandidates(
    ctx.octokit,
    ctx.ref,
    issue,
    { ...dedupe, exclude: bot?.marker.rejected ?? [] },
    ctx.search
  )
}
