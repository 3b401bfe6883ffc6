import { act, emptyActResult } from './act/act.js'
import { actOnDuplicates, emptyDedupeActResult, type DedupeActResult } from './act/duplicates.js'
import type { RunContext } from './context.js'
import { decide, type DecideOutcome } from './decide/decide.js'
import { decideByHistory } from './decide/history.js'
import type { PolicyContext } from './decide/validate.js'
import type { CandidateSet } from './gather/candidates.js'
import { gather, gatherCandidates, type Gathered } from './gather/gather.js'
import { labelHistory, loginKey, type IssueSnapshot, type LabelHistory } from './gather/issue.js'
import type { RepositoryFacts } from './gather/repository.js'
import { ProviderError } from './providers/types.js'
import type { Options } from './inputs/options.js'
import { allowedLabels, type Label } from './policy/labels.js'
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

// The duplicate label belongs to the dedupe policy: the model never picks it as an ordinary label.
export function labelsToOffer(repo: RepositoryFacts, options: Options): Label[] {
  return allowedLabels(repo.labels, options.labels, options.excludeLabels).filter(
    (l) => !options.dedupe.enabled || l.name.toLowerCase() !== options.dedupe.label.toLowerCase()
  )
}

/** A decision, and who made it when it was not the chosen provider's model. */
export type IssueOutcome = DecideOutcome & { decidedBy?: 'history'; fellBack?: string }

// Failures that will not change during the run: once one is seen, later issues fall back at once.
const LASTING = new Set(['retired', 'auth', 'policy', 'not-found', 'quota', 'unavailable'])

/**
 * The decide stage for one issue: the prompt, one model call and the policy checks, against what
 * gather found; or the history classifier (provider history, or fallback-provider history when the
 * provider failed). Writes nothing (a backtest calls it alone).
 */
export async function decideIssue(
  ctx: RunContext,
  repo: RepositoryFacts,
  issue: IssueSnapshot,
  gathered: Gathered,
  found: CandidateSet | undefined
): Promise<IssueOutcome> {
  const { options } = ctx
  const allowed = labelsToOffer(repo, options)
  const policy: PolicyContext = {
    repoLabels: repo.labels,
    allowedLabels: allowed,
    issueTypes: repo.issueTypes,
    issue,
    history: gathered.history,
    maxLabels: options.maxLabels,
    minConfidence: options.minConfidence,
    exclusiveGroups: options.exclusiveGroups,
    aliases: options.aliases,
    typeRules: options.typeRules,
    duplicates: {
      rejected: gathered.bot?.marker.rejected ?? [],
      minConfidence: options.dedupe.minConfidence
    }
  }
  const candidates = found?.candidates.map((c) => c.number) ?? []
  if (options.provider === 'history') return byHistory(ctx, issue, policy, candidates)
  if (options.fallbackProvider && ctx.providerDown) {
    const down = ctx.providerDown
    return fallBack(ctx, issue, policy, candidates, down, undefined)
  }
  let outcome: DecideOutcome
  try {
    outcome = await decide(
      await ctx.model(),
      {
        repo: repo.ref,
        issue,
        labels: allowed,
        issueTypes: repo.issueTypes,
        instructions: options.instructions,
        maxLabels: options.maxLabels,
        labelGuidance: options.labelGuidance,
        typeGuidance: options.typeGuidance,
        candidates: found?.candidates ?? []
      },
      policy,
      options.maxInputTokens
    )
  } catch (error) {
    // A provider that could not even start (no Copilot runtime, say) fails like a refused call.
    if (!(error instanceof ProviderError)) throw error
    outcome = { status: 'failed', error, usage: emptyUsage(options.model) }
  }
  if (outcome.status === 'decided' || !options.fallbackProvider) return outcome
  const kind = 'kind' in outcome.error ? outcome.error.kind : 'budget'
  const reason = `provider ${options.provider} failed (${kind}): ${outcome.error.message}`
  if (LASTING.has(kind)) ctx.providerDown ??= reason
  return fallBack(ctx, issue, policy, candidates, reason, outcome)
}

async function byHistory(
  ctx: RunContext,
  issue: IssueSnapshot,
  policy: PolicyContext,
  candidates: number[],
  note?: string
): Promise<IssueOutcome> {
  const classifier = await ctx.classifier()
  if (classifier.labels.labels.length === 0 && (classifier.types?.labels.length ?? 0) === 0) {
    const { origin } = classifier
    const error = new ProviderError(
      'no-history',
      `The history classifier has nothing to predict: among the ${origin.issues} issues people labelled ` +
        `(of ${origin.examined} read), no allowed label or issue type has 5 examples. Label more issues by hand, ` +
        'or choose a model provider.'
    )
    return { status: 'failed', error, usage: emptyUsage('history'), decidedBy: 'history' }
  }
  return { ...decideByHistory(classifier, issue, policy, candidates, note), decidedBy: 'history' }
}

// The fallback keeps the failed call's usage (its tokens were spent) and says why it was needed. When
// the classifier cannot be had either, the provider's own failure is what the issue reports.
async function fallBack(
  ctx: RunContext,
  issue: IssueSnapshot,
  policy: PolicyContext,
  candidates: number[],
  reason: string,
  failed: DecideOutcome | undefined
): Promise<IssueOutcome> {
  const note = `${reason}; labelled by the history classifier instead (fallback-provider)`
  try {
    const outcome = await byHistory(ctx, issue, policy, candidates, note)
    if (outcome.status === 'failed' && failed) return failed
    if (failed) {
      outcome.usage.modelCalls = failed.usage.modelCalls
      outcome.usage.promptTokens = failed.usage.promptTokens
      outcome.usage.completionTokens = failed.usage.completionTokens
    }
    return { ...outcome, fellBack: reason }
  } catch (error) {
    if (!failed) throw error
    failed.usage.notes.push(`fallback-provider history could not be used: ${String(error).slice(0, 200)}`)
    return failed
  }
}

function emptyUsage(model: string): DecideOutcome['usage'] {
  return {
    modelCalls: 0,
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 0,
    model,
    requestTokens: 0,
    requestTokensExact: false,
    candidatesShown: [],
    candidateTokens: 0,
    notes: []
  }
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
