import type { Octokit } from './github/octokit.js'
import { findCandidates, type CandidateSet } from './gather/candidates.js'
import { readIssueContext } from './gather/context.js'
import { fetchIssue, type LabelHistory } from './gather/issue.js'
import { resolveInstructions } from './gather/instructions.js'
import { gatherRepository, type RepoRef, type RepositoryFacts } from './gather/repository.js'
import type { IssueTarget } from './inputs/event.js'
import type { Options } from './inputs/options.js'
import type { ModelProvider } from './providers/types.js'
import { skippedUpFront, triageIssue, type TriageResult } from './triage.js'

/** Reads that do not depend on the options, started before the options are known. */
export interface Prefetch {
  repo: Promise<RepositoryFacts>
  history: Promise<LabelHistory> | undefined
  /** The config file's text (undefined: not on the default branch), when a path was given. */
  config?: Promise<string | undefined>
  /** Duplicate candidates, when the caller started the search early (see searchEarly). */
  candidates?: Promise<CandidateSet> | undefined
}

/**
 * Starts the repository reads (labels, issue types) and one GraphQL read of the config file at
 * `configPath` and the issue's label history. The target already says which issue, and a payload
 * whether it will be skipped, so the history is read alongside the repository rather than after it.
 */
export function prefetch(
  octokit: Octokit,
  ref: RepoRef,
  target: IssueTarget,
  mayHaveTypes = true,
  configPath?: string
): Prefetch {
  const number =
    target.kind === 'number' ? target.number : skippedUpFront(target.issue) ? undefined : target.issue.number
  const context =
    number !== undefined || configPath !== undefined
      ? readIssueContext(octokit, ref, configPath, number)
      : undefined
  const repo = gatherRepository(octokit, ref, mayHaveTypes)
  // Awaited later; without this a failure would surface as an unhandled rejection first.
  repo.catch(() => undefined)
  return { repo, history: context?.history, config: context?.config }
}

/**
 * Starts the duplicate-candidate search for a new issue as soon as the options are known. A new issue
 * has no comments, so no earlier verdict can change the search: it runs alongside the repository reads
 * (and the provider's start) rather than after them. Undefined when the search must wait.
 */
export function searchEarly(
  octokit: Octokit,
  ref: RepoRef,
  target: IssueTarget,
  options: Options
): Promise<CandidateSet> | undefined {
  if (
    target.kind !== 'payload' ||
    !options.dedupe.enabled ||
    target.issue.commentCount > 0 ||
    skippedUpFront(target.issue)
  )
    return undefined
  const search = findCandidates(octokit, ref, target.issue, options.dedupe, { semantic: 'unknown' })
  search.catch(() => undefined)
  return search
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
  const early = started.candidates ?? searchEarly(octokit, ref, target, options)
  const [repo, issue, instructions] = await Promise.all([
    started.repo,
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
