import { act, emptyActResult } from './act/act.js'
import { actOnDuplicates, emptyDedupeActResult, type DedupeActResult } from './act/duplicates.js'
import type { RunContext } from './context.js'
import { decideIssue, labelsToOffer, type IssueOutcome } from './decide/decide-issue.js'
import { gather, gatherCandidates, type Gathered } from './gather/gather.js'
import { labelHistory, loginKey, type IssueSnapshot, type LabelHistory } from './gather/issue.js'
import type { Options } from './inputs/options.js'
import { logResult } from './report/log.js'
import { writeFailureMessage, writtenClauses } from './report/write-failure.js'
import type { DedupeReport, TriageResult } from './result.js'

export type { DedupeReport, TriageResult } from './result.js'

/**
 * What the verdict depends on: the issue's words and the settings that shape the decision. Equal
 * hashes mean a re-run (or an edit of something else) has nothing new to decide.
 */
export async function contentHash(issue: IssueSnapshot, options: Options): Promise<string> {
  const { dedupe } = options
  const settings = [
    options.model,
    options.labels,
    options.excludeLabels,
    options.maxLabels,
    options.minConfidence,
    dedupe.label,
    dedupe.maxCandidates,
    dedupe.includeClosed,
    dedupe.minConfidence
  ]
  const { createHash } = await import('node:crypto')
  return createHash('sha256')
    .update(JSON.stringify([issue.title, issue.body, settings]))
    .digest('hex')
    .slice(0, 16)
}

/** Why an issue is skipped before anything else about it is read; undefined when it is not. */
export function skipReason(issue: IssueSnapshot): string | undefined {
  if (issue.isPullRequest) return 'pull requests are not triaged'
  if (issue.authorIsBot) return `the author ${issue.author} is a bot`
  return undefined
}

/** How a flow wants one issue triaged. */
export interface TriageOptions {
  /**
   * A backlog's issue: skipped when this action already labelled it and nothing changed since (so a
   * second run resumes instead of asking the model again), and logged by the flow, not here.
   */
  backlog?: boolean
  /**
   * A backtest's issue: gathered as it was when opened (no label history, no comments: they would
   * give the answer away) and decided, never acted on. Logged by the flow.
   */
  backtest?: boolean
}

const NO_HISTORY: LabelHistory = { removedByPeople: [], addedByPeople: [] }

// Our comment follows our labels by a moment (and moves the issue's updated_at with it); anything a
// person does later moves it further.
const SETTLE_MS = 10_000

/**
 * True when the token's identity added a label to the issue and the issue has not changed since
 * (its updated_at is that label's moment, give or take our own comment).
 */
export function labelledByUsSince(issue: IssueSnapshot, history: LabelHistory, identity: string): boolean {
  const at = Object.entries(history.labeledAt ?? {}).find(([login]) => loginKey(login) === identity)?.[1]
  if (!at || !issue.updatedAt) return false
  return Date.parse(issue.updatedAt) <= Date.parse(at) + SETTLE_MS
}

/**
 * Triages one issue: gather → decide → act → report. Every flow (an event, a number, a backlog) calls
 * this per issue with the run's context. A model failure comes back as a failed result with nothing
 * written; a GitHub error while writing, as a failed result with what was written before it. A GitHub
 * error while reading is thrown.
 */
export async function triageIssue(
  ctx: RunContext,
  issue: IssueSnapshot,
  how: TriageOptions = {}
): Promise<TriageResult> {
  const result = await triage(ctx, issue, how)
  if (!how.backlog && !how.backtest) logResult(result)
  return result
}

async function triage(ctx: RunContext, issue: IssueSnapshot, how: TriageOptions): Promise<TriageResult> {
  const { options } = ctx
  const base = { issue: issue.number, title: issue.title, mode: options.mode }
  const by = (o: IssueOutcome) => ({
    ...(o.decidedBy ? { decidedBy: o.decidedBy } : {}),
    ...(o.fellBack ? { fellBack: o.fellBack } : {})
  })
  const skip = skipReason(issue)
  if (skip) return { ...base, status: 'skipped', reason: skip }

  // A backlog reads the label events first: an issue it already labelled needs nothing more.
  let known: LabelHistory | undefined
  if (how.backlog) {
    const [history, identity] = await Promise.all([
      labelHistory(ctx.octokit, ctx.ref, issue.number),
      ctx.identity()
    ])
    if (labelledByUsSince(issue, history, identity))
      return {
        ...base,
        status: 'skipped',
        alreadyDone: true,
        reason: 'already labelled by this action, and unchanged since'
      }
    known = history
  }

  // The provider starts (its SDK loads), or the classifier is restored, while the reads are answered.
  if (options.provider === 'history') ctx.classifier().catch(() => undefined)
  else ctx.model().catch(() => undefined)
  const [repo, gathered] = await Promise.all([
    ctx.repository(),
    how.backtest
      ? gatherCandidates(ctx, issue, undefined).then((found): Gathered => ({
          history: NO_HISTORY,
          bot: undefined,
          found
        }))
      : gather(ctx, issue, known)
  ])
  if (labelsToOffer(repo, options).length === 0 && repo.issueTypes.length === 0 && !options.dedupe.enabled) {
    return {
      ...base,
      status: 'skipped',
      reason: `none of the repository's ${repo.labels.length} labels is allowed by the labels / exclude-labels inputs, and it has no issue types`
    }
  }
  const { bot, history } = gathered
  // Only an earlier verdict needs the hash now; a first triage hashes when (if) it writes a comment.
  const hash = bot ? await contentHash(issue, options) : undefined
  if (bot && bot.marker.hash === hash) {
    return {
      ...base,
      status: 'skipped',
      alreadyDone: true,
      reason: 'nothing relevant changed since the last triage (same title, body and settings)'
    }
  }
  const found = 'found' in gathered ? gathered.found : await gatherCandidates(ctx, issue, bot)
  const outcome = await decideIssue(ctx, repo, issue, gathered, found)
  const dedupeReport = (acted?: DedupeActResult): DedupeReport | undefined =>
    found && {
      candidates: found.candidates
        .filter((c) => outcome.usage.candidatesShown.includes(c.number))
        .map(({ number, title, state, score, via }) => ({
          number,
          title,
          state,
          score,
          ...(via ? { via } : {})
        })),
      searchCalls: found.searchCalls,
      searches: found.searches,
      candidateTokens: outcome.usage.candidateTokens,
      duplicates: outcome.status === 'decided' ? outcome.decision.duplicates.map((d) => d.number) : [],
      ...(outcome.decidedBy === 'history' ? { unjudged: true } : {}),
      ...(acted ? { acted } : {}),
      notes: found.notes
    }
  if (outcome.status === 'failed') {
    const kind = 'kind' in outcome.error ? outcome.error.kind : 'budget'
    return {
      ...base,
      status: 'failed',
      error: { kind, message: outcome.error.message },
      usage: outcome.usage,
      ...by(outcome),
      dedupe: dedupeReport()
    }
  }
  // A backtest stops at the decision: nothing is acted on.
  if (how.backtest)
    return {
      ...base,
      status: 'triaged',
      decision: outcome.decision,
      usage: outcome.usage,
      ...by(outcome),
      dedupe: dedupeReport()
    }

  // Each stage fills in what it wrote as it goes: a failed request leaves the record of what came before.
  const acted = emptyActResult()
  // The history classifier judges no duplicates: its candidates are listed, and nothing is written.
  const dedupeActed = found && !outcome.decidedBy ? emptyDedupeActResult(options.mode) : undefined
  const result = { ...base, decision: outcome.decision, acted, usage: outcome.usage, ...by(outcome) }
  try {
    await act(ctx.octokit, repo, issue.number, outcome.decision, options.mode, acted)
    if (found && dedupeActed) {
      const input = {
        verdict: outcome.decision.duplicates,
        titles: new Map(found.candidates.map((c) => [c.number, c.title])),
        bot,
        hash: hash ?? (await contentHash(issue, options)),
        mode: options.mode,
        dedupe: options.dedupe,
        repoLabels: repo.labels,
        history,
        shown: outcome.usage.candidatesShown
      }
      await actOnDuplicates(ctx.octokit, repo.ref, issue, input, dedupeActed)
    }
  } catch (error) {
    if (dedupeActed) acted.warnings.push(...dedupeActed.warnings)
    const written = writtenClauses(acted, dedupeActed, options.dedupe.label)
    const message = writeFailureMessage(issue.number, written, error)
    return {
      ...result,
      status: 'failed',
      error: { kind: 'github', message },
      dedupe: dedupeReport(dedupeActed)
    }
  }
  if (dedupeActed) acted.warnings.push(...dedupeActed.warnings)
  return { ...result, status: 'triaged', dedupe: dedupeReport(dedupeActed) }
}
