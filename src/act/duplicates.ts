import type { Octokit } from '../github/octokit.js'
import type { IssueSnapshot, LabelHistory } from '../gather/issue.js'
import type { BotComment, DuplicateMarker } from '../gather/marker.js'
import type { RepoRef } from '../gather/repository.js'
import type { DedupeOptions, Mode } from '../inputs/options.js'
import type { DuplicateChoice } from '../policy/duplicates.js'
import { canonicalLabel, hasLabel, nameKey, type Label } from '../policy/labels.js'
import { renderEnded, renderFound, type CommentWording } from './comment.js'

/** What duplicate detection wrote (or, in dry-run, would write). */
export interface DedupeActResult {
  comment: 'created' | 'updated' | 'unchanged' | 'none'
  commentId?: number
  label: 'added' | 'suggested' | 'removed' | 'present' | 'none'
  warnings: string[]
  dryRun: boolean
}

export interface DedupeActInput {
  verdict: DuplicateChoice[]
  /** Titles of the candidates, by number, for the comment. */
  titles: Map<number, string>
  bot: BotComment | undefined
  /** The content hash for the marker (see contentHash in triage.ts). */
  hash: string
  mode: Mode
  dedupe: DedupeOptions
  repoLabels: Label[]
  history: LabelHistory
  /** The candidates the model was shown: a standing verdict is withdrawn only if its originals were. */
  shown: number[]
  now?: Date
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((n) => b.includes(n))

/** The wording settings of the comment, from the dedupe options. */
export function wordingOf(dedupe: DedupeOptions): CommentWording {
  return {
    intro: dedupe.intro,
    footer: dedupe.footer,
    label: dedupe.label,
    closeAfterDays: dedupe.closeAfterDays
  }
}

/**
 * Writes the verdict: one sticky comment (created, updated only when the verdict changes, or turned
 * into a withdrawal when the verdict disappears) and the duplicate label, which policy applies — the
 * model never chooses it. A label a person removed is not added back; one a person added stays.
 */
export async function actOnDuplicates(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  input: DedupeActInput
): Promise<DedupeActResult> {
  const dryRun = input.mode === 'dry-run'
  const result: DedupeActResult = { comment: 'none', label: 'none', warnings: [], dryRun }
  const { bot, verdict, dedupe } = input
  const numbers = verdict.map((v) => v.number)
  const now = (input.now ?? new Date()).toISOString()
  const wording = wordingOf(dedupe)
  const target = { ...ref, issue_number: issue.number }
  const labelKey = nameKey(dedupe.label)
  const onIssue = hasLabel(issue.labels, dedupe.label)

  // In suggest mode nothing public is written: the likely duplicates go to the job summary and the
  // label is suggested for a maintainer to approve.
  const comments = input.mode !== 'suggest'
  if (numbers.length > 0) {
    const unchanged = bot?.marker.status === 'found' && sameSet(bot.marker.verdict, numbers)
    if (!comments) result.comment = 'none'
    else if (unchanged) result.comment = 'unchanged'
    else {
      const marker: DuplicateMarker = {
        v: 1,
        hash: input.hash,
        verdict: numbers,
        rejected: bot?.marker.rejected ?? [],
        status: 'found',
        // A new verdict restarts the time before a scheduled run may close the issue.
        since: now
      }
      const originals = verdict.map((choice) => ({
        choice,
        title: input.titles.get(choice.number) ?? ''
      }))
      const body = renderFound(marker, originals, wording)
      result.comment = bot ? 'updated' : 'created'
      if (!dryRun) result.commentId = await writeComment(octokit, ref, issue.number, bot, body)
    }
    if (onIssue) result.label = 'present'
    else if (input.history.removedByPeople.includes(labelKey)) {
      result.warnings.push(
        `The ${dedupe.label} label was not added to #${issue.number}: a person removed it from this issue before.`
      )
    } else {
      const exists = await ensureLabel(octokit, ref, dedupe, input.repoLabels, dryRun, result.warnings)
      if (exists) {
        result.label = input.mode === 'suggest' ? 'suggested' : 'added'
        if (!dryRun) {
          const name = canonicalLabel(dedupe.label, input.repoLabels)?.name ?? dedupe.label
          await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
            ...target,
            labels:
              input.mode === 'suggest'
                ? [
                    {
                      name,
                      suggest: true,
                      rationale: `Likely duplicate of ${numbers.map((n) => `#${n}`).join(', ')}`
                    }
                  ]
                : [name]
          })
        }
      }
    }
    return result
  }

  // No verdict now. A standing one is withdrawn in words, and the label it put on goes, but only when
  // the model saw its originals and no longer names them: an original missing from the candidates (a
  // search outage, a rate limit) is no evidence against it.
  const unseen =
    bot?.marker.status === 'found' ? bot.marker.verdict.filter((n) => !input.shown.includes(n)) : []
  if (comments && bot?.marker.status === 'found' && unseen.length > 0) {
    result.warnings.push(
      `The duplicate verdict on #${issue.number} (${bot.marker.verdict.map((n) => `#${n}`).join(', ')}) stands: ${unseen.map((n) => `#${n}`).join(', ')} ${unseen.length === 1 ? 'was' : 'were'} not among the candidates shown to the model this time.`
    )
    return result
  }
  if (comments && bot?.marker.status === 'found') {
    const marker: DuplicateMarker = {
      ...bot.marker,
      hash: input.hash,
      verdict: [],
      status: 'cleared',
      since: now
    }
    const body = renderEnded(marker, { kind: 'cleared', previous: bot.marker.verdict }, wording)
    result.comment = 'updated'
    if (!dryRun) result.commentId = await writeComment(octokit, ref, issue.number, bot, body)
    if (onIssue && !input.history.addedByPeople.includes(labelKey)) {
      result.label = 'removed'
      if (!dryRun) await removeLabel(octokit, ref, issue.number, dedupe.label)
    }
  }
  return result
}

/** Creates the comment, or edits the action's existing one. */
export async function writeComment(
  octokit: Octokit,
  ref: RepoRef,
  issueNumber: number,
  bot: BotComment | undefined,
  body: string
): Promise<number> {
  if (bot) {
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...ref,
      comment_id: bot.id,
      body
    })
    return bot.id
  }
  const res = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...ref,
    issue_number: issueNumber,
    body
  })
  return Number(res.data.id)
}

/** Removes a label; already gone is fine (GitHub answers 404). */
export async function removeLabel(octokit: Octokit, ref: RepoRef, issueNumber: number, name: string) {
  try {
    await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
      ...ref,
      issue_number: issueNumber,
      name
    })
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
  }
}

// The duplicate label must exist before it is applied: adding an unknown name would make GitHub create
// a bare one. It is created (once, with a description) only when the workflow allows it.
async function ensureLabel(
  octokit: Octokit,
  ref: RepoRef,
  dedupe: DedupeOptions,
  repoLabels: Label[],
  dryRun: boolean,
  warnings: string[]
): Promise<boolean> {
  if (canonicalLabel(dedupe.label, repoLabels)) return true
  if (!dedupe.createLabels) {
    warnings.push(
      `The label "${dedupe.label}" does not exist, so likely duplicates were not labelled. Create it (gh label create "${dedupe.label}" --description "Likely duplicate of an earlier issue"), or set create-labels: true.`
    )
    return false
  }
  if (dryRun) return true
  try {
    const res = await octokit.request('POST /repos/{owner}/{repo}/labels', {
      ...ref,
      name: dedupe.label,
      color: 'cfd3d7',
      description: 'Likely duplicate of an earlier issue (set by issue triage)'
    })
    repoLabels.push({ name: res.data.name, description: res.data.description ?? '', id: Number(res.data.id) })
  } catch (error) {
    // Another run created it a moment ago.
    if ((error as { status?: number }).status !== 422) throw error
    repoLabels.push({ name: dedupe.label, description: '', id: 0 })
  }
  return true
}
