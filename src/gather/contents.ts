import type { Octokit } from '../github/octokit.js'
import { InputError } from '../errors.js'
import type { RepoRef } from './repository.js'

/**
 * Reads a text file from the default branch through the API (no checkout needed); undefined when
 * it does not exist. `input` names the input that pointed at the file, for the error message.
 */
export async function readRepoText(
  octokit: Octokit,
  ref: RepoRef,
  path: string,
  input: string
): Promise<string | undefined> {
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...ref, path })
    const file = res.data as { type?: string; content?: string; encoding?: string }
    if (file.type !== 'file' || typeof file.content !== 'string') {
      throw new InputError(`Input "${input}": ${path} is not a file.`)
    }
    // From 1 MB on GitHub answers without the content (`encoding: "none"`); a file that large is a mistake.
    if (file.encoding === 'none') {
      throw new InputError(
        `Input "${input}": ${path} is larger than 1 MB, which GitHub's contents API does not return; keep it under 1 MB.`
      )
    }
    return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw error
  }
}
