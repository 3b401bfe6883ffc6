import type { Octokit } from './github/octokit.js'
import { fetchIssue, labelHistory } from './gather/issue.js'
import { resolveInstructions } from './gather/instructions.js'
import { gatherRepository, type RepoRef } from './gather/repository.js'
import type { Target } from './inputs/event.js'
import type { Options } from './inputs/options.js'
import type { ModelProvider } from './providers/types.js'
import { skippedUpFront, triageIssue, type TriageResult } from './triage.js'

/**
 * Gathers what one run needs and triages its issue: the path shared by the action (`main.ts`) and
 * the terminal command (`cli.ts`), so both run exactly the same code.
 */
export async function triageTarget(
  octokit: Octokit,
  provider: ModelProvider,
  options: Options,
  ref: RepoRef,
  target: Exclude<Target, { kind: 'ignore' }>
): Promise<TriageResult> {
  // A payload already says which issue and whether it will be skipped, so its label history is
  // read alongside the repository rather than after it.
  const early =
    target.kind === 'payload' && !skippedUpFront(target.issue)
      ? labelHistory(octokit, ref, target.issue.number)
      : undefined
  early?.catch(() => undefined)
  const [repo, issue, instructions] = await Promise.all([
    gatherRepository(octokit, ref),
    target.kind === 'payload' ? target.issue : fetchIssue(octokit, ref, target.number),
    resolveInstructions(octokit, ref, options.instructions)
  ])
  return triageIssue({ octokit, provider }, { ...options, instructions }, repo, issue, early)
}
