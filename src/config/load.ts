import type { Octokit } from '../github/octokit.js'
import type { RepoRef } from '../gather/repository.js'
import { InputError } from '../inputs/options.js'
import type { TriageConfig } from './schema.js'

export const DEFAULT_CONFIG_PATH = '.github/triage.yml'

/** Reads a text file from the default branch through the API; undefined when it does not exist. */
export async function readRepoText(
  octokit: Octokit,
  ref: RepoRef,
  path: string
): Promise<string | undefined> {
  try {
    const res = await octokit.rest.repos.getContent({ ...ref, path })
    const file = res.data as { type?: string; content?: string; encoding?: string }
    if (file.type !== 'file' || typeof file.content !== 'string')
      throw new InputError(`${path} is not a file.`)
    return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw error
  }
}

/** Reads and parses the `prompt-file` (a GitHub `.prompt.yml`); it must exist when named. */
export async function loadPromptFile(octokit: Octokit, ref: RepoRef, path: string) {
  const text = await readRepoText(octokit, ref, path)
  if (text === undefined)
    throw new InputError(`Input "prompt-file" names ${path}, which is not on the default branch.`)
  const { parsePromptFile } = await import('./prompt-file.js')
  return parsePromptFile(text, path)
}

/**
 * Reads the config file from the default branch through the API (no checkout needed). A missing
 * file is fine unless the path was set explicitly.
 */
export async function loadConfig(
  octokit: Octokit,
  ref: RepoRef,
  path: string,
  explicit: boolean
): Promise<TriageConfig> {
  let text: string
  try {
    const res = await octokit.rest.repos.getContent({ ...ref, path })
    const file = res.data as { type?: string; content?: string; encoding?: string }
    if (file.type !== 'file' || typeof file.content !== 'string')
      throw new InputError(`Input "config": ${path} is not a file.`)
    text = Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      if (explicit) throw new InputError(`Input "config" names ${path}, which is not on the default branch.`)
      return {}
    }
    throw error
  }
  // The YAML parser loads only when a repository has a config file.
  const { parseConfig } = await import('./parse.js')
  return parseConfig(text, path)
}
