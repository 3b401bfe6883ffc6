import { UnconfirmedWrite } from '../errors.js'
import type { Octokit } from '../github/octokit.js'
import { extraComments, readComments, readMarker, type BotComment } from '../gather/marker.js'
import type { RepoRef } from '../gather/repository.js'
import { redact } from '../text/secrets.js'

const firstLine = (text: string) => text.split('\n', 1)[0]

/**
 * Creates the comment, or edits the action's existing one; returns its id. A create is never retried
 * blindly: GitHub may have stored a comment it answered 5xx for, so the issue's comments are read again
 * and ours, found by its marker line (which names this run's time), counts as created.
 */
export async function writeComment(
  octokit: Octokit,
  ref: RepoRef,
  issueNumber: number,
  bot: BotComment | undefined,
  text: string
): Promise<number> {
  // A secret the run knows never reaches an issue, even if a server or the model echoed it.
  const body = redact(text)
  if (bot) {
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...ref,
      comment_id: bot.id,
      body
    })
    return bot.id
  }
  try {
    const res = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...ref,
      issue_number: issueNumber,
      body,
      // @octokit/plugin-retry's per-request option: each retry of a stored comment would post another.
      request: { retries: 0 }
    })
    return Number(res.data.id)
  } catch (error) {
    // GitHub stores nothing it refuses with a 4xx; after a 5xx, or no answer at all, it may have.
    const status = (error as { status?: number }).status ?? 500
    if (status < 500) throw error
    const line = firstLine(body)
    const { comments } = await readComments(octokit, ref, issueNumber).catch(() => {
      throw new UnconfirmedWrite(error)
    })
    const stored = comments.find((c) => firstLine(c.body ?? '') === line && readMarker(c))
    if (stored) return stored.id
    throw error
  }
}

/**
 * Leaves one comment of the action on the issue, whatever overlapping runs posted: the newest, which is
 * the one every run reads as the action's, stays and the same bot's older ones are deleted (a 404, when
 * another run deleted one first, is fine). Keeping the newest rather than this run's own means two runs
 * tidying at once never delete each other's. Returns the id of the one kept.
 */
export async function removeExtraComments(
  octokit: Octokit,
  ref: RepoRef,
  issueNumber: number
): Promise<number | undefined> {
  const { comments, bot } = await readComments(octokit, ref, issueNumber)
  const kept = comments.find((c) => c.id === bot?.id)
  if (!kept) return undefined
  for (const extra of extraComments(comments, kept)) {
    try {
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...ref,
        comment_id: extra.id
      })
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
    }
  }
  return kept.id
}
