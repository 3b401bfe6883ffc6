import type { Octokit } from '../github/octokit.js'
import { readComments } from './marker.js'
import type { RepoRef } from './repository.js'

/** The fields of an issue candidates are made from. */
export interface LinkedIssue {
  number: number
  id: number
  title: string
  body?: string | null
  state: string
  state_reason?: string | null
  created_at: string
  pull_request?: unknown
  comments?: number
}

// "Duplicate of #123" is the phrase GitHub itself recognises; maintainers write it when closing.
const DUPLICATE_OF = /\bduplicate of #(\d{1,9})\b/i

/**
 * The original an issue closed as a duplicate points to: the latest of this action's verdict and
 * "Duplicate of #N" comments. Reads the issue's comments and the original; undefined when no link
 * is found.
 */
export async function originalOf(
  octokit: Octokit,
  ref: RepoRef,
  number: number,
  commentCount: number
): Promise<LinkedIssue | undefined> {
  if (commentCount === 0) return undefined
  const { comments, bot } = await readComments(octokit, ref, number)
  // The latest link wins: this action's verdict or a person's "Duplicate of #N".
  let target: number | undefined
  for (const c of comments) {
    if (c.id === bot?.id) target = bot.marker.verdict[0] ?? target
    const said = DUPLICATE_OF.exec(c.body ?? '')
    if (said) target = Number(said[1])
  }
  if (target === undefined || target === number) return undefined
  const original = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
    ...ref,
    issue_number: target
  })
  return original.data as LinkedIssue
}

const MARKED_QUERY = `query($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      timelineItems(itemTypes: [MARKED_AS_DUPLICATE_EVENT, UNMARKED_AS_DUPLICATE_EVENT], last: 1) {
        nodes {
          __typename
          ... on MarkedAsDuplicateEvent { isCrossRepository canonical { __typename ... on Issue { number } } }
        }
      }
    }
  }
}`

interface MarkedAnswer {
  repository: {
    issue: {
      timelineItems: {
        nodes: ({
          __typename: string
          isCrossRepository?: boolean
          canonical?: { __typename: string; number?: number } | null
        } | null)[]
      }
    } | null
  } | null
}

/**
 * The original GitHub records for an issue marked as a duplicate ("Close as duplicate", or a
 * "Duplicate of #N" comment GitHub recognised): the canonical issue of its latest marked-as-duplicate
 * event, in one GraphQL read. Undefined when the latest such event was undone (unmarked), when the
 * original is in another repository or is a pull request, or when there is none.
 */
export async function markedOriginal(
  octokit: Octokit,
  ref: RepoRef,
  number: number
): Promise<number | undefined> {
  const data = await octokit.graphql<MarkedAnswer>(MARKED_QUERY, { owner: ref.owner, repo: ref.repo, number })
  const last = data.repository?.issue?.timelineItems.nodes.at(-1)
  if (last?.__typename !== 'MarkedAsDuplicateEvent' || last.isCrossRepository) return undefined
  const target = last.canonical?.__typename === 'Issue' ? last.canonical.number : undefined
  return target === number ? undefined : target
}
