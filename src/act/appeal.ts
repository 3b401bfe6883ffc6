import { renderEnded } from './comment.js'
import { removeLabel, wordingOf } from './duplicates.js'
import { writeComment } from './sticky-comment.js'
import type { Octokit } from '../github/octokit.js'
import { isBot, type IssueSnapshot } from '../gather/issue.js'
import { readComments, type BotComment, type DuplicateMarker } from '../gather/marker.js'
import type { RepoRef } from '../gather/repository.js'
import { hasLabel } from '../policy/labels.js'
import type { DedupeOptions, Mode } from '../inputs/options.js'
import { canTriage } from '../gather/permission.js'

/** What an appeal did, for the result output and the log. */
export interface AppealResult {
  issue: number
  status: 'withdrawn' | 'refused' | 'nothing-to-appeal'
  reason: string
  rejected: number[]
  dryRun: boolean
}

/**
 * Withdraws the duplicate verdict on an issue: the label goes, the comment says who objected, and
 * the rejected numbers are kept in its marker so they are never suggested for this issue again.
 * Returns the comment as it now stands (in dry-run, as it would).
 */
export async function withdrawVerdict(
  octokit: Octokit,
  ref: RepoRef,
  issue: { number: number; labels: string[] },
  bot: BotComment,
  by: 'author' | 'maintainer',
  how: 'comment' | 'reaction',
  dedupe: DedupeOptions,
  mode: Mode
): Promise<BotComment> {
  const previous = bot.marker.verdict
  const marker: DuplicateMarker = {
    ...bot.marker,
    verdict: [],
    rejected: [...new Set([...bot.marker.rejected, ...previous])],
    status: 'appealed',
    since: new Date().toISOString()
  }
  if (mode === 'dry-run') return { ...bot, marker }
  await writeComment(
    octokit,
    ref,
    issue.number,
    bot,
    renderEnded(marker, { kind: 'appealed', previous, by, how }, wordingOf(dedupe))
  )
  if (hasLabel(issue.labels, dedupe.label)) await removeLabel(octokit, ref, issue.number, dedupe.label)
  return { ...bot, marker }
}

/**
 * Handles a `/not-duplicate` comment. Only the issue's author or someone with triage rights may
 * appeal; anyone else is refused quietly (a notice in the log, nothing on the issue).
 */
export async function appeal(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  by: { login: string; isBot: boolean },
  dedupe: DedupeOptions,
  mode: Mode
): Promise<AppealResult> {
  const base = { issue: issue.number, rejected: [] as number[], dryRun: mode === 'dry-run' }
  if (by.isBot) return { ...base, status: 'refused', reason: `${by.login} is a bot` }
  const role =
    by.login.toLowerCase() === issue.author.toLowerCase()
      ? 'author'
      : (await canTriage(octokit, ref, by.login))
        ? 'maintainer'
        : undefined
  if (!role)
    return {
      ...base,
      status: 'refused',
      reason: `${by.login} is neither the issue's author nor has triage rights`
    }
  const { bot } = await readComments(octokit, ref, issue.number)
  if (!bot || bot.marker.status !== 'found')
    return { ...base, status: 'nothing-to-appeal', reason: 'the issue has no standing duplicate verdict' }
  await withdrawVerdict(octokit, ref, issue, bot, role, 'comment', dedupe, mode)
  const rejected = bot.marker.verdict
  return {
    ...base,
    status: 'withdrawn',
    reason: `appealed by the issue's ${role === 'author' ? 'author' : 'maintainers'}`,
    rejected
  }
}

// Each reactor who is not the author costs a permission read.
const MAX_PERMISSION_CHECKS = 3

/** Who objected with 👎 on the action's comment: the author, or someone with triage rights (the first few checked). */
export async function thumbsDown(
  octokit: Octokit,
  ref: RepoRef,
  bot: BotComment,
  author: string
): Promise<'author' | 'maintainer' | undefined> {
  const reactions = await octokit.paginate(
    'GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    {
      ...ref,
      comment_id: bot.id,
      content: '-1',
      per_page: 100
    }
  )
  const people = reactions.flatMap((r) => (r.user && !isBot(r.user) ? [r.user.login] : []))
  if (people.some((login) => login.toLowerCase() === author.toLowerCase())) return 'author'
  for (const login of people.slice(0, MAX_PERMISSION_CHECKS)) {
    if (await canTriage(octokit, ref, login)) return 'maintainer'
  }
  return undefined
}
