import { act, type ActResult } from './act/act.js'
import { decide, type Usage } from './decide/decide.js'
import type { Decision } from './decide/validate.js'
import type { Octokit } from './github/octokit.js'
import { labelHistory, type IssueSnapshot, type LabelHistory } from './gather/issue.js'
import type { RepositoryFacts } from './gather/repository.js'
import type { Options } from './inputs/options.js'
import { allowedLabels } from './policy/labels.js'
import type { ModelProvider } from './providers/types.js'

/** Everything one issue's triage produced; the `result` output is this, as JSON. */
export interface TriageResult {
  issue: number
  title: string
  mode: Options['mode']
  status: 'triaged' | 'skipped' | 'failed'
  reason?: string
  error?: { kind: string; message: string }
  decision?: Decision
  acted?: ActResult
  usage?: Usage
}

export interface TriageDeps {
  octokit: Octokit
  provider: ModelProvider
}

export type TriageOptions = Pick<
  Options,
  | 'mode'
  | 'labels'
  | 'excludeLabels'
  | 'maxLabels'
  | 'minConfidence'
  | 'maxInputTokens'
  | 'labelGuidance'
  | 'exclusiveGroups'
  | 'aliases'
  | 'typeRules'
  | 'typeGuidance'
> & { instructions: string }

/** True when triageIssue will skip the issue before reading anything else about it. */
export function skippedUpFront(issue: IssueSnapshot): boolean {
  return issue.isPullRequest || issue.authorIsBot
}

/**
 * Triages one issue: gather its history, decide, act. A loop over a backlog calls this per issue
 * with the same repository facts. Model failures come back as a failed result (nothing written);
 * GitHub errors while writing are thrown.
 */
export async function triageIssue(
  deps: TriageDeps,
  options: TriageOptions,
  repo: RepositoryFacts,
  issue: IssueSnapshot,
  /** The issue's label history when the caller already fetched it alongside the repository. */
  knownHistory?: Promise<LabelHistory>
): Promise<TriageResult> {
  const base = { issue: issue.number, title: issue.title, mode: options.mode }
  if (issue.isPullRequest) return { ...base, status: 'skipped', reason: 'pull requests are not triaged' }
  if (issue.authorIsBot) return { ...base, status: 'skipped', reason: `the author ${issue.author} is a bot` }

  const allowed = allowedLabels(repo.labels, options.labels, options.excludeLabels)
  if (allowed.length === 0 && repo.issueTypes.length === 0) {
    return {
      ...base,
      status: 'skipped',
      reason: `none of the repository's ${repo.labels.length} labels is allowed by the labels / exclude-labels inputs, and it has no issue types`
    }
  }
  const history = await (knownHistory ?? labelHistory(deps.octokit, repo.ref, issue.number))
  const outcome = await decide(
    deps.provider,
    {
      repo: repo.ref,
      issue,
      labels: allowed,
      issueTypes: repo.issueTypes,
      instructions: options.instructions,
      maxLabels: options.maxLabels,
      labelGuidance: options.labelGuidance ?? {},
      typeGuidance: options.typeGuidance ?? {}
    },
    {
      repoLabels: repo.labels,
      allowedLabels: allowed,
      issueTypes: repo.issueTypes,
      issue,
      history,
      maxLabels: options.maxLabels,
      minConfidence: options.minConfidence,
      exclusiveGroups: options.exclusiveGroups ?? [],
      aliases: options.aliases ?? {},
      typeRules: options.typeRules ?? []
    },
    options.maxInputTokens
  )
  if (outcome.status === 'failed') {
    const kind = 'kind' in outcome.error ? outcome.error.kind : 'budget'
    return {
      ...base,
      status: 'failed',
      error: { kind, message: outcome.error.message },
      usage: outcome.usage
    }
  }
  const acted = await act(deps.octokit, repo.ref, issue.number, outcome.decision, options.mode, repo.labels)
  return { ...base, status: 'triaged', decision: outcome.decision, acted, usage: outcome.usage }
}
