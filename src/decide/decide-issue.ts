/**
 * The decide stage for one issue, as a run makes it: the chosen provider's model, or the history
 * classifier (provider history, or fallback-provider history once the provider refused).
 */
import type { RunContext } from '../context.js'
import type { CandidateSet } from '../gather/candidates.js'
import type { Gathered } from '../gather/gather.js'
import type { IssueSnapshot } from '../gather/issue.js'
import type { RepositoryFacts } from '../gather/repository.js'
import type { Options } from '../inputs/options.js'
import { allowedLabels, type Label } from '../policy/labels.js'
import { LASTING_KINDS, ProviderError } from '../providers/types.js'
import { decide, type DecideOutcome } from './decide.js'
import { decideByHistory } from './history.js'
import type { PolicyContext } from './validate.js'

// The duplicate label belongs to the dedupe policy: the model never picks it as an ordinary label.
export function labelsToOffer(repo: RepositoryFacts, options: Options): Label[] {
  return allowedLabels(repo.labels, options.labels, options.excludeLabels).filter(
    (l) => !options.dedupe.enabled || l.name.toLowerCase() !== options.dedupe.label.toLowerCase()
  )
}

/** A decision, and who made it when it was not the chosen provider's model. */
export type IssueOutcome = DecideOutcome & { decidedBy?: 'history'; fellBack?: string }

// Once one of these is seen, later issues fall back at once: the lasting refusals, and an endpoint still
// unreachable after the provider's own retries, which every later issue would otherwise wait out again.
const FALL_BACK_AT_ONCE = new Set<string>([...LASTING_KINDS, 'unavailable'])

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
  if (FALL_BACK_AT_ONCE.has(kind)) ctx.providerDown ??= reason
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
