import type { Octokit } from '../github/octokit.js'
import type { RepoRef, RepositoryFacts } from '../gather/repository.js'
import type { Mode } from '../inputs/options.js'
import type { Choice, Decision } from '../decide/validate.js'
import type { Label } from '../policy/labels.js'
import { bound } from '../text/hygiene.js'

/** What the act stage did, in words a maintainer reads in the summary. */
export interface ActResult {
  labelsApplied: string[]
  labelsSuggested: string[]
  typeSet: string | null
  typeSuggested: string | null
  warnings: string[]
}

/** Nothing written yet: the record `act` fills in as each write succeeds. */
export function emptyActResult(): ActResult {
  return { labelsApplied: [], labelsSuggested: [], typeSet: null, typeSuggested: null, warnings: [] }
}

/** GitHub's suggestion API speaks in three levels. */
export function confidenceLevel(confidence: number): 'low' | 'medium' | 'high' {
  return confidence >= 0.85 ? 'high' : confidence >= 0.6 ? 'medium' : 'low'
}

/**
 * Writes what survived policy: labels added with POST (never replacing people's labels), or sent
 * as native suggestions; the issue type set when the repository has types. Dry-run writes nothing.
 * `result` holds what was written as each write succeeds, so a failed request leaves the record of
 * what came before it.
 */
export async function act(
  octokit: Octokit,
  repo: RepositoryFacts,
  issueNumber: number,
  decision: Decision,
  mode: Mode,
  result: ActResult = emptyActResult()
): Promise<ActResult> {
  const { ref, labels: repoLabels, issueTypes } = repo
  if (mode === 'dry-run') return result
  const issue = { ...ref, issue_number: issueNumber }

  if (decision.labels.length > 0) {
    if (mode === 'apply') {
      const res = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...issue,
        labels: decision.labels.map((l) => l.name)
      })
      const now = new Set(res.data.map((l) => l.name))
      result.labelsApplied = decision.labels.map((l) => l.name).filter((n) => now.has(n))
    } else {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...issue,
        labels: decision.labels.map((l) => suggestion(l))
      })
      // Sent: counted as suggested until GitHub's pending suggestions say which it stored.
      result.labelsSuggested = decision.labels.map((l) => l.name)
      const pending = await pendingSuggestions(octokit, ref, issueNumber, 'add_label')
      const byId = await labelIds(octokit, ref, decision, repoLabels, pending)
      const stored = decision.labels.filter((l) =>
        pending.some((s) => s.value === l.name || (s.targetId !== null && byId.get(s.targetId) === l.name))
      )
      result.labelsSuggested = stored.map((l) => l.name)
      if (stored.length < decision.labels.length) {
        result.warnings.push(
          `GitHub did not store ${decision.labels.length - stored.length} label suggestion(s) (${decision.labels
            .filter((l) => !stored.includes(l))
            .map((l) => l.name)
            .join(
              ', '
            )}): issue suggestions look turned off for this repository. Turn them on in the repository settings, or use mode: apply.`
        )
      }
    }
  }

  if (decision.type) {
    const value =
      mode === 'apply'
        ? decision.type.name
        : { value: decision.type.name, ...suggestionFields(decision.type) }
    const res = await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...issue,
      type: value
    })
    const setTo = (res.data as { type?: { name?: string } | null }).type?.name ?? null
    if (mode === 'apply') {
      if (setTo === decision.type.name) result.typeSet = setTo
      else {
        result.warnings.push(
          `GitHub did not set the issue type ${decision.type.name}: the token needs push access to set types (give the job "issues: write" with a token that can push, or use mode: suggest).`
        )
      }
    } else {
      result.typeSuggested = decision.type.name
      const pending = await pendingSuggestions(octokit, ref, issueNumber, 'set_type')
      const type = decision.type
      const typeId = issueTypes.find((t) => t.name === type.name)?.id
      if (!pending.some((s) => s.value === type.name || (typeId !== undefined && s.targetId === typeId))) {
        result.typeSuggested = null
        result.warnings.push(
          `GitHub did not store the issue type suggestion ${decision.type.name}: issue suggestions look turned off for this repository.`
        )
      }
    }
  }
  return result
}

/**
 * Label names by id, for matching GitHub's pending suggestions, which name a label by its id. Labels
 * read through GraphQL carry none: the suggested ones are looked up, only when a suggestion needs it.
 */
async function labelIds(
  octokit: Octokit,
  ref: RepoRef,
  decision: Decision,
  repoLabels: Label[],
  pending: { value: string | null; targetId: number | null }[]
): Promise<Map<number, string>> {
  const byId = new Map<number, string>()
  for (const l of repoLabels) if (l.id !== undefined) byId.set(l.id, l.name)
  if (!pending.some((s) => s.value === null && s.targetId !== null && !byId.has(s.targetId))) return byId
  for (const { name } of decision.labels) {
    if (repoLabels.some((l) => l.name === name && l.id !== undefined)) continue
    try {
      const res = await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { ...ref, name })
      byId.set(Number(res.data.id), res.data.name)
    } catch {
      // Unmatched, the suggestion is reported as not stored: a warning, never a wrong claim.
    }
  }
  return byId
}

function suggestionFields(choice: Choice) {
  return {
    rationale: bound(choice.rationale, 280),
    suggest: true,
    confidence: confidenceLevel(choice.confidence)
  }
}

function suggestion(choice: Choice) {
  return { name: choice.name, ...suggestionFields(choice) }
}

async function pendingSuggestions(
  octokit: Octokit,
  ref: RepoRef,
  issueNumber: number,
  action: 'add_label' | 'set_type'
) {
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/suggestions', {
      ...ref,
      issue_number: issueNumber,
      per_page: 100
    })
    const items = res.data as {
      action?: string
      state?: string
      target_id?: number | null
      target_value?: unknown
    }[]
    return items
      .filter((s) => s.action === action && s.state === 'pending')
      .map((s) => ({
        value: typeof s.target_value === 'string' ? s.target_value : null,
        targetId: s.target_id ?? null
      }))
  } catch (error) {
    if ((error as { status?: number }).status === 404) return []
    throw error
  }
}
