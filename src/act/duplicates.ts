import type { Octokit } from '../github/octokit.js'
import type { IssueSnapshot, LabelHistory } from '../gather/issue.js'
import { readComments, type BotComment, type DuplicateMarker } from '../gather/marker.js'
import type { RepoRef } from '../gather/repository.js'
import type { DedupeOptions, Mode } from '../inputs/options.js'
import type { DuplicateChoice } from '../policy/duplicates.js'
import { canonicalLabel, hasLabel, nameKey, type Label } from '../policy/labels.js'
import { renderEnded, renderFound, type CommentWording } from './comment.js'
import { removeExtraComments, writeComment } from './sticky-comment.js'

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

/** Nothing written yet: the record `actOnDuplicates` fills in as each write succeeds. */
export function emptyDedupeActResult(mode: Mode): DedupeActResult {
  return { comment: 'none', label: 'none', warnings: [], dryRun: mode === 'dry-run' }
}

/**
 * Writes the verdict: one sticky comment (created, updated only when the verdict changes, or turned
 * into a withdrawal when the verdict disappears) and the duplicate label, which policy applies — the
 * model never chooses it. A label a person removed is not added back; one a person added stays.
 * `result` holds what was written as each write succeeds.
 */
export async function actOnDuplicates(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  input: DedupeActInput,
  result: DedupeActResult = emptyDedupeActResult(input.mode)
): Promise<DedupeActResult> {
  const { dryRun } = result
  const { verdict, dedupe } = input
  let bot = input.bot
  const numbers = verdict.map((v) => v.number)
  const now = (input.now ?? new Date()).toISOString()
  const wording = wordingOf(dedupe)
  const labelKey = nameKey(dedupe.label)
  const onIssue = hasLabel(issue.labels, dedupe.label)
  const write = (body: string) => writeOrSkip(octokit, ref, issue, bot, body, dedupe.label, result)

  // In suggest mode nothing public is written: the likely duplicates go to the job summary and the
  // label is suggested for a maintainer to approve.
  const comments = input.mode !== 'suggest'
  if (numbers.length > 0) {
    // Just before posting, look again: a run that overlapped this one may have posted meanwhile, and
    // then its comment is the one to update.
    if (comments && !bot && !dryRun && !issue.locked)
      bot = (await readComments(octokit, ref, issue.number)).bot
    if (comments && bot?.marker.status === 'found' && sameSet(bot.marker.verdict, numbers)) {
      result.comment = 'unchanged'
    } else if (comments) {
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
      if (!(await write(renderFound(marker, originals, wording)))) return result
    }
    if (comments) await tidy(octokit, ref, issue, bot, result)
    if (onIssue) result.label = 'present'
    else if (input.history.removedByPeople.includes(labelKey)) {
      result.warnings.push(
        `The ${dedupe.label} label was not added to #${issue.number}: a person removed it from this issue before.`
      )
    } else if (await ensureLabel(octokit, ref, dedupe, input.repoLabels, dryRun, result.warnings)) {
      if (!dryRun) {
        const name = canonicalLabel(dedupe.label, input.repoLabels)?.name ?? dedupe.label
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
          ...ref,
          issue_number: issue.number,
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
      result.label = input.mode === 'suggest' ? 'suggested' : 'added'
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
    const previous = bot.marker.verdict
    if (!(await write(renderEnded(marker, { kind: 'cleared', previous }, wording)))) return result
    await tidy(octokit, ref, issue, bot, result)
    if (onIssue && !input.history.addedByPeople.includes(labelKey)) {
      if (!dryRun) await removeLabel(octokit, ref, issue.number, dedupe.label)
      result.label = 'removed'
    }
  }
  return result
}

// Writes the comment, unless the issue is locked (GitHub refuses the workflow token's comments there):
// then nothing of the verdict is written, since the label is explained, and appealed, only through it.
// False when skipped.
async function writeOrSkip(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  bot: BotComment | undefined,
  body: string,
  label: string,
  result: DedupeActResult
): Promise<boolean> {
  const skip = () => {
    result.warnings.push(
      `Issue #${issue.number} is locked, so its duplicate comment and the ${label} label were left as they are; the verdict is in the job summary. Unlock the issue and re-run the job to write them.`
    )
    return false
  }
  if (issue.locked) return skip()
  if (!result.dryRun) {
    try {
      result.commentId = await writeComment(octokit, ref, issue.number, bot, body)
    } catch (error) {
      // Locked after the event was sent: GitHub's 403 says so.
      const { status, message } = error as { status?: number; message?: string }
      if (status === 403 && /\blocked\b/i.test(message ?? '')) return skip()
      throw error
    }
  }
  result.comment = bot ? 'updated' : 'created'
  return true
}

// After a write, or when the issue already had several: one comment of the action stays (see
// removeExtraComments). Overlapping runs each end here, so any overlap ends with one comment.
async function tidy(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  bot: BotComment | undefined,
  result: DedupeActResult
): Promise<void> {
  const wrote = result.comment === 'created' || result.comment === 'updated'
  if (result.dryRun || issue.locked || !(wrote || (bot?.extras.length ?? 0) > 0)) return
  const kept = await removeExtraComments(octokit, ref, issue.number)
  if (wrote && kept !== undefined) result.commentId = kept
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
