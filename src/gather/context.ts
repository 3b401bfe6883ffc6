import { isUnreachable, type Octokit } from '../github/octokit.js'
import * as core from '@actions/core'
import { readRepoText } from './contents.js'
import type { Label } from '../policy/labels.js'
import { listLabels, type RepoRef } from './repository.js'

// One request instead of two REST reads (every page of labels, the contents of the config file). The
// emulator checks every field against GitHub's published GraphQL schema.
const QUERY = `query RunContext($owner: String!, $repo: String!, $file: String!, $withLabels: Boolean!) {
  repository(owner: $owner, name: $repo) {
    labels(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) @include(if: $withLabels) {
      totalCount
      nodes { name description }
    }
    lastLabels: labels(last: 100, orderBy: { field: CREATED_AT, direction: ASC }) @include(if: $withLabels) {
      nodes { name description }
    }
    file: object(expression: $file) {
      __typename
      ... on Blob { text isBinary isTruncated }
    }
  }
}`

/** What a run reads about the repository before its first issue. */
export interface RunRead {
  /** The config file's text; undefined when it is not on the default branch. */
  config: string | undefined
  /** Every label of the repository, with descriptions (no ids: suggest mode looks those up). */
  labels: Label[] | undefined
}

interface LabelPage {
  totalCount?: number
  nodes: ({ name: string; description?: string | null } | null)[]
}

interface Answer {
  repository: {
    labels?: LabelPage
    lastLabels?: LabelPage
    file: { __typename: string; text?: string | null; isBinary?: boolean; isTruncated?: boolean } | null
  } | null
}

/**
 * Reads the config file at `configPath` on the default branch and, with `withLabels`, the repository's
 * labels, in one GraphQL request. Whatever that request cannot answer (an error, more than 200 labels,
 * a file too big or binary for GraphQL) is read through REST instead, so the results and error
 * messages are the REST reads' own.
 */
export async function readRunContext(
  octokit: Octokit,
  ref: RepoRef,
  configPath: string,
  withLabels: boolean
): Promise<RunRead> {
  const data = await octokit
    .graphql<Answer>(QUERY, {
      owner: ref.owner,
      repo: ref.repo,
      file: `HEAD:${configPath.replace(/^\.\//, '')}`,
      withLabels
    })
    .catch((error: unknown) => {
      // REST is the same host: when GitHub cannot be reached, reading through it would only repeat
      // the retries before failing the same way.
      if (isUnreachable(error)) throw error
      core.debug(`GraphQL read failed, reading through REST instead: ${String(error)}`)
      return undefined
    })
  const [config, labels] = await Promise.all([
    configOf(octokit, ref, configPath, data),
    withLabels ? labelsOf(octokit, ref, data) : undefined
  ])
  return { config, labels }
}

async function configOf(
  octokit: Octokit,
  ref: RepoRef,
  path: string,
  data: Answer | undefined
): Promise<string | undefined> {
  if (!data?.repository) return readRepoText(octokit, ref, path, 'config')
  const file = data.repository.file
  if (file === null || file === undefined) return undefined
  // A directory, a binary file or one too big for GraphQL: the REST read says what is wrong.
  if (file.__typename !== 'Blob' || file.isBinary || file.isTruncated || typeof file.text !== 'string')
    return readRepoText(octokit, ref, path, 'config')
  return file.text
}

// Two ends of 100 cover up to 200 labels in the one request; more are read page by page.
async function labelsOf(octokit: Octokit, ref: RepoRef, data: Answer | undefined): Promise<Label[]> {
  const first = data?.repository?.labels
  const last = data?.repository?.lastLabels
  if (!first || !last || (first.totalCount ?? Infinity) > 200) return listLabels(octokit, ref)
  const byName = new Map<string, Label>()
  for (const node of [...first.nodes, ...last.nodes]) {
    if (node && !byName.has(node.name))
      byName.set(node.name, { name: node.name, description: (node.description ?? '').trim() })
  }
  return [...byName.values()]
}
