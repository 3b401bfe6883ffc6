import type { Octokit } from '../github/octokit.js'
import { readRepoText } from '../gather/contents.js'
import type { RepoRef } from '../gather/repository.js'
import { InputError } from '../errors.js'
import type { TriageConfig } from './schema.js'

export const DEFAULT_CONFIG_PATH = '.github/triage.yml'

/** Reads and parses the `prompt-file` (a GitHub `.prompt.yml`); it must exist when named. */
export async function loadPromptFile(octokit: Octokit, ref: RepoRef, path: string) {
  const text = await readRepoText(octokit, ref, path, 'prompt-file')
  if (text === undefined)
    throw new InputError(`Input "prompt-file" names ${path}, which is not on the default branch.`)
  const { parsePromptFile } = await import('./prompt-file.js')
  return parsePromptFile(text, path)
}

/**
 * The config file's settings from its text (read from the default branch through the API, so no
 * checkout is needed). A missing file is fine unless the path was set explicitly.
 */
export async function parseConfigText(
  text: string | undefined,
  path: string,
  explicit: boolean
): Promise<TriageConfig> {
  if (text === undefined) {
    if (explicit) throw new InputError(`Input "config" names ${path}, which is not on the default branch.`)
    return {}
  }
  // The YAML parser loads only when a repository has a config file.
  const { parseConfig } = await import('./parse.js')
  return parseConfig(text, path)
}
