import type { Octokit } from '../github/octokit.js'
import { InputError } from '../inputs/options.js'
import type { RepoRef } from './repository.js'

/** True when the `instructions` input names a file rather than holding the guidance itself. */
export function looksLikePath(value: string): boolean {
  return !/\s/.test(value) && /^[\w./-]+\.(md|txt|markdown|prompt\.md)$/i.test(value)
}

/**
 * Resolves the `instructions` input: inline text as is, or a file read through the API from the
 * default branch, so no checkout step is needed.
 */
export async function resolveInstructions(octokit: Octokit, ref: RepoRef, value: string): Promise<string> {
  if (!value || !looksLikePath(value)) return value
  const path = value.replace(/^\.?\//, '')
  try {
    const res = await octokit.rest.repos.getContent({ ...ref, path })
    const file = res.data as { type?: string; content?: string; encoding?: string }
    if (file.type !== 'file' || typeof file.content !== 'string') {
      throw new Error(`"${path}" is not a file`)
    }
    return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8')
      .toString('utf8')
      .slice(0, 20_000)
  } catch (error) {
    const status = (error as { status?: number }).status
    const why = status === 404 ? 'it does not exist on the default branch' : (error as Error).message
    throw new InputError(`Input "instructions" names the file "${path}", but it could not be read: ${why}.`)
  }
}
