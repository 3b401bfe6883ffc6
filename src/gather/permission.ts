import type { Octokit } from '../github/octokit.js'
import type { RepoRef } from '../gather/repository.js'

const TRIAGE_ROLES = ['triage', 'write', 'maintain', 'admin']

/** True when `login` can triage issues in the repository (triage role or above). */
export async function canTriage(octokit: Octokit, ref: RepoRef, login: string): Promise<boolean> {
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
      ...ref,
      username: login
    })
    const data = res.data as { permission?: string; role_name?: string }
    return TRIAGE_ROLES.includes(data.role_name ?? '') || TRIAGE_ROLES.includes(data.permission ?? '')
  } catch (error) {
    // Not a collaborator at all.
    if ((error as { status?: number }).status === 404) return false
    throw error
  }
}
