import type { Octokit } from '../github/octokit.js'
import type { Label } from '../policy/labels.js'

export interface RepoRef {
  owner: string
  repo: string
}

export interface IssueType {
  id: number
  name: string
  description: string
}

/** What a run knows about the repository; gathered once and reused for every issue of a run. */
export interface RepositoryFacts {
  ref: RepoRef
  labels: Label[]
  issueTypes: IssueType[]
}

/** Reads every page of the repository's labels (100 per page), with descriptions. */
export async function listLabels(octokit: Octokit, ref: RepoRef): Promise<Label[]> {
  const all = await octokit.paginate('GET /repos/{owner}/{repo}/labels', { ...ref, per_page: 100 })
  return all.map((l) => ({ name: l.name, description: (l.description ?? '').trim(), id: l.id }))
}

/** The repository's issue types; none when the repository (or GitHub Enterprise Server) has none. */
export async function listIssueTypes(octokit: Octokit, ref: RepoRef): Promise<IssueType[]> {
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/issue-types', { ...ref })
    const items = (res.data ?? []) as ({ id: number; name: string; description?: string | null } | null)[]
    return items
      .filter((t): t is { id: number; name: string; description?: string | null } => !!t && !!t.name)
      .map((t) => ({ id: t.id, name: t.name, description: (t.description ?? '').trim() }))
  } catch (error) {
    const status = (error as { status?: number }).status
    if (status === 404 || status === 403 || status === 410) return []
    throw error
  }
}

/** Gathers the repository facts in parallel. */
export async function gatherRepository(
  octokit: Octokit,
  ref: RepoRef,
  /** False for repositories owned by a personal account: issue types exist only in organizations. */
  mayHaveTypes = true,
  /** The labels, when the caller already asked for them (see gather/context.ts). */
  knownLabels?: Promise<Label[]>
): Promise<RepositoryFacts> {
  const [labels, issueTypes] = await Promise.all([
    knownLabels ?? listLabels(octokit, ref),
    mayHaveTypes ? listIssueTypes(octokit, ref) : Promise.resolve([])
  ])
  return { ref, labels, issueTypes }
}
