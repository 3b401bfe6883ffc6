import type { Octokit } from '../github/octokit.js'
import { InputError } from '../errors.js'
import { readRepoText } from './contents.js'
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
  let text: string | undefined
  try {
    text = await readRepoText(octokit, ref, path, 'instructions')
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(
      `Input "instructions" names the file "${path}", but it could not be read: ${(error as Error).message}`
    )
  }
  if (text === undefined) {
    throw new InputError(
      `Input "instructions" names the file "${path}", but it could not be read: it does not exist on the default branch.`
    )
  }
  return text.slice(0, 20_000)
}
