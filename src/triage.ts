import { act, type ActResult } from './act/act.js'
import { actOnDuplicates, type DedupeActResult } from './act/duplicates.js'
import {
  findCandidates,
  type Candidate,
  type CandidateSet,
  type SearchRecord,
  type SearchSession
} from './gather/candidates.js'
import { thumbsDown, withdrawVerdict } from './flows/appeal.js'
import { readComments, type BotComment } from './gather/marker.js'
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
  /** Duplicate detection: what was searched, shown to the model, found and written. */
  dedupe?: DedupeReport
}

/** The dedupe part of the result output (the benchmark reads `candidates`, `searchCalls`, `candidateTokens`). */
export interface DedupeReport {
  candidates: Pick<Candidate, 'number' | 'title' | 'state' | 'score' | 'via'>[]
  searchCalls: number
  searches: SearchRecord[]
  candidateTokens: number
  duplicates: number[]
  acted?: DedupeActResult
  notes: string[]
}

export interface TriageDeps {
  octokit: Octokit
  provider: ModelProvider
  /** Shared by the issues of one run: remembers whether GitHub offers semantic search. */
  search?: SearchSession
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
  | 'dedupe'
  | 'model'
> & { instructions: string }

/**
 * What the verdict depends on: the issue's words and the settings that shape the decision. Equal
 * hashes mean a re-run (or an edit of something else) has nothing new to decide.
 */
export function contentHash(issue: IssueSnapshot, options: TriageOptions): string {
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
  // Loaded here rather than imported: most runs never hash, and node:crypto costs ~12 ms to load.
  const { createHash } = process.getBuiltinModule('node:crypto')
  return createHash('sha256')
    .update(JSON.stringify([issue.title, issue.body, settings]))
    .digest('hex')
    .slice(0, 16)
}

/** Why triageIssue skips the issue before reading anything else about it; undefined when it does not. */
export function skipReason(issue: IssueSnapshot): string | undefined {
  if (issue.isPullRequest) return 'pull requests are not triaged'
  if (issue.authorIsBot) return `the author ${issue.author} is a bot`
  return undefined
}

/** True when triageIssue will skip the issue before reading anything else about it. */
export function skippedUpFront(issue: IssueSnapshot): boolean {
  return skipReason(issue) !== undefined
}

/** The result of an issue skipped up front (see skipReason). */
export function skippedResult(issue: IssueSnapshot, mode: Options['mode'], reason: string): TriageResult {
  return { issue: issue.number, title: issue.title, mode, status: 'skipped', reason }
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
  knownHistory?: Promise<LabelHistory>,
  /** Duplicate candidates the caller started searching for early (only for issues without comments). */
  knownCandidates?: Promise<CandidateSet>
): Promise<TriageResult> {
  const base = { issue: issue.number, title: issue.title, mode: options.mode }
  const skip = skipReason(issue)
  if (skip) return skippedResult(issue, options.mode, skip)

  // The duplicate label belongs to the dedupe policy: the model never picks it as an ordinary label.
  const allowed = allowedLabels(repo.labels, options.labels, options.excludeLabels).filter(
    (l) => !options.dedupe.enabled || l.name.toLowerCase() !== options.dedupe.label.toLowerCase()
  )
  if (allowed.length === 0 && repo.issueTypes.length === 0 && !options.dedupe.enabled) {
    return {
      ...base,
      status: 'skipped',
      reason: `none of the repository's ${repo.labels.length} labels is allowed by the labels / exclude-labels inputs, and it has no issue types`
    }
  }
  const dedupe = options.dedupe
  const [history, comments] = await Promise.all([
    knownHistory ?? labelHistory(deps.octokit, repo.ref, issue.number),
    dedupe.enabled && issue.commentCount > 0
      ? readComments(deps.octokit, repo.ref, issue.number)
      : Promise.resolve({ bot: undefined as BotComment | undefined })
  ])
  let bot = comments.bot
  // A 👎 on the standing verdict is an appeal, whichever run sees it first.
  if (bot?.marker.status === 'found') {
    const objector = await thumbsDown(deps.octokit, repo.ref, bot, issue.author)
    if (objector) {
      bot = await withdrawVerdict(
        deps.octokit,
        repo.ref,
        issue,
        bot,
        objector,
        'reaction',
        dedupe,
        options.mode
      )
    }
  }
  // Only an earlier verdict needs the hash now; a first triage hashes when (if) it writes a comment.
  const hash = bot ? contentHash(issue, options) : undefined
  if (bot && bot.marker.hash === hash) {
    return {
      ...base,
      status: 'skipped',
      reason: 'nothing relevant changed since the last triage (same title, body and settings)'
    }
  }
  const found = dedupe.enabled
    ? await (knownCandidates ??
        findCandidates(
          deps.octokit,
          repo.ref,
          issue,
          { ...dedupe, exclude: bot?.marker.rejected ?? [] },
          deps.search ?? { semantic: 'unknown' }
        ))
    : undefined
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
      typeGuidance: options.typeGuidance ?? {},
      candidates: found?.candidates ?? []
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
      typeRules: options.typeRules ?? [],
      duplicates: { rejected: bot?.marker.rejected ?? [], minConfidence: dedupe.minConfidence }
    },
    options.maxInputTokens
  )
  const report = (acted?: DedupeActResult): DedupeReport | undefined =>
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
      dedupe: report()
    }
  }
  const acted = await act(deps.octokit, repo.ref, issue.number, outcome.decision, options.mode, repo.labels)
  const dedupeActed = found
    ? await actOnDuplicates(deps.octokit, repo.ref, issue, {
        verdict: outcome.decision.duplicates,
        titles: new Map(found.candidates.map((c) => [c.number, c.title])),
        bot,
        hash: () => hash ?? contentHash(issue, options),
        mode: options.mode,
        dedupe,
        repoLabels: repo.labels,
        history
      })
    : undefined
  if (dedupeActed) acted.warnings.push(...dedupeActed.warnings)
  return {
    ...base,
    status: 'triaged',
    decision: outcome.decision,
    acted,
    usage: outcome.usage,
    dedupe: report(dedupeActed)
  }
}
