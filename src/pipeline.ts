import type { Octokit } from './github/octokit.js'
import { findCandidates, searchIssues, type CandidateSet, type SearchRun } from './gather/candidates.js'
import { readIssueContext } from './gather/context.js'
import { fetchIssue, type LabelHistory } from './gather/issue.js'
import { resolveInstructions } from './gather/instructions.js'
import { gatherRepository, type RepoRef, type RepositoryFacts } from './gather/repository.js'
import type { IssueTarget } from './inputs/event.js'
import type { Options } from './inputs/options.js'
import type { ModelProvider } from './providers/types.js'
import { skippedResult, skippedUpFront, skipReason, triageIssue, type TriageResult } from './triage.js'

/** Reads that do not depend on the options, started before the options are known. */
export interface Prefetch {
  /** The labels and issue types; not read for an issue the payload shows will be skipped. */
  repo: Promise<RepositoryFacts> | undefined
  history: Promise<LabelHistory> | undefined
  /** The config file's text (undefined: not on the default branch), when a path was given. */
  config?: Promise<string | undefined>
  /** A new issue's searches for likely originals, when asked for (see searchEarly). */
  searches?: Promise<SearchRun> | undefined
  /** Duplicate candidates, when the caller started the search early (see searchEarly). */
  candidates?: Promise<CandidateSet> | undefined
}

export interface PrefetchOptions {
  /** False for repositories owned by a personal account: issue types exist only in organizations. */
  mayHaveTypes?: boolean
  /** The config file to read along with the label history. */
  configPath?: string
  /** Start a new issue's duplicate searches now (the options may still turn dedupe off). */
  search?: boolean
}

// A new issue has no comments, so no earlier verdict (and its rejected candidates) can change the search.
function searchesNow(target: IssueTarget): target is Extract<IssueTarget, { kind: 'payload' }> {
  return target.kind === 'payload' && target.issue.commentCount === 0 && !skippedUpFront(target.issue)
}

/**
 * Starts every read that does not depend on the options: one GraphQL read of the labels, the config
 * file and the issue's label history (the options wait for it), a new issue's duplicate searches, and
 * the issue types. The target already says which issue, and a payload whether it will be skipped.
 */
export function prefetch(
  octokit: Octokit,
  ref: RepoRef,
  target: IssueTarget,
  { mayHaveTypes = true, configPath, search = false }: PrefetchOptions = {}
): Prefetch {
  // An issue the payload already shows will be skipped needs nothing but the options.
  const skipped = target.kind === 'payload' && skippedUpFront(target.issue)
  const number = target.kind === 'number' ? target.number : skipped ? undefined : target.issue.number
  const context = readIssueContext(octokit, ref, configPath, number, !skipped)
  const searches =
    search && searchesNow(target)
      ? searchIssues(octokit, ref, target.issue, { semantic: 'unknown' })
      : undefined
  const repo = skipped ? undefined : gatherRepository(octokit, ref, mayHaveTypes, context.labels)
  // Awaited later; without these a failure would surface as an unhandled rejection first.
  repo?.catch(() => undefined)
  searches?.catch(() => undefined)
  return { repo, history: context.history, config: context.config, searches }
}

/**
 * Finds a new issue's duplicate candidates as soon as the options are known, from the searches
 * prefetch started (or starting them now): they run alongside the repository reads and the provider's
 * start rather than after them. Undefined when dedupe is off or the search must wait for the comments.
 */
export function searchEarly(
  octokit: Octokit,
  ref: RepoRef,
  target: IssueTarget,
  options: Options,
  searched?: Promise<SearchRun>
): Promise<CandidateSet> | undefined {
  if (!options.dedupe.enabled || !searchesNow(target)) return undefined
  const found = findCandidates(octokit, ref, target.issue, options.dedupe, { semantic: 'unknown' }, searched)
  found.catch(() => undefined)
  return found
}

/**
 * Gathers what one run needs and triages its issue: the path shared by the action (`main.ts`) and
 * the terminal command (`cli.ts`), so both run exactly the same code.
 */
export async function triageTarget(
  octokit: Octokit,
  provider: ModelProvider,
  options: Options,
  ref: RepoRef,
  target: IssueTarget,
  started: Prefetch = prefetch(octokit, ref, target)
): Promise<TriageResult> {
  if (target.kind === 'payload') {
    const skip = skipReason(target.issue)
    if (skip) return skippedResult(target.issue, options.mode, skip)
  }
  const early = started.candidates ?? searchEarly(octokit, ref, target, options)
  const [repo, issue, instructions] = await Promise.all([
    started.repo ?? gatherRepository(octokit, ref),
    target.kind === 'payload' ? target.issue : fetchIssue(octokit, ref, target.number),
    resolveInstructions(octokit, ref, options.instructions)
  ])
  const guidance = [instructions, options.promptGuidance].filter((text) => text.trim() !== '').join('\n\n')
  return triageIssue(
    { octokit, provider },
    { ...options, instructions: guidance },
    repo,
    issue,
    started.history,
    early
  )
}
