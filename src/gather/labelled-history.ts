/**
 * What the history classifier learns from: the repository's most recent issues that people labelled,
 * read in GraphQL pages of 100 (each issue's label events in the same page), newest first. 3,000 issues
 * take about 30 requests, where reading each issue's events would take 3,000: a workflow token has
 * 1,000 an hour.
 */
import type { Octokit } from '../github/octokit.js'
import { nameKey, type Label } from '../policy/labels.js'
import { historyOf, loginKey, type IssueEvent } from './issue.js'
import type { RepoRef } from './repository.js'

/** An issue people labelled, as the classifier sees it. */
export interface LabelledIssue {
  number: number
  title: string
  body: string
  createdAt: string
  /** Labels people applied and kept, among those the action may apply (their repository spelling). */
  labels: string[]
  /** The issue's type now, when the repository has types and the issue one. */
  type: string | null
}

/** What was read, for the summary. */
export interface LabelledHistory {
  issues: LabelledIssue[]
  /** Issues read to find them. */
  examined: number
  /** GitHub requests the read took. */
  requests: number
}

/** Body characters kept per issue: the classifier reads the first 4,000. */
const BODY_CHARS = 4_000
const PAGE = 100
// Label events per issue read in the page; an issue relabelled more often than this is rare, and its
// first events are the ones that decided it.
const EVENTS = 40
/** Issues read at most, however few were labelled by people: about 100 requests. */
export const EXAMINE_CAP = 10_000

const QUERY = `query LabelledHistory($owner: String!, $repo: String!, $first: Int!, $events: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issues(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }, states: [OPEN, CLOSED]) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        title
        body
        createdAt
        author { __typename login }
        timelineItems(first: $events, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) {
          nodes {
            __typename
            ... on LabeledEvent { createdAt actor { __typename login } label { name } }
            ... on UnlabeledEvent { createdAt actor { __typename login } label { name } }
          }
        }
      }
    }
  }
}`

interface Actor {
  __typename: string
  login: string
}

interface TimelineNode {
  __typename: string
  createdAt?: string
  actor?: Actor | null
  label?: { name: string } | null
}

interface Node {
  number: number
  title: string
  body: string
  createdAt: string
  author: Actor | null
  timelineItems: { nodes: (TimelineNode | null)[] }
}

interface Page {
  repository: {
    issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (Node | null)[] }
  } | null
}

/** GraphQL's timeline items in the REST events' shape, so historyOf reads both alike. */
export function asEvents(nodes: (TimelineNode | null)[]): IssueEvent[] {
  return nodes.flatMap((node): IssueEvent[] => {
    if (!node?.label || !node.actor) return []
    const event = node.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled'
    const bot = node.actor.__typename === 'Bot'
    return [
      {
        event,
        label: { name: node.label.name },
        actor: { login: bot ? `${node.actor.login}[bot]` : node.actor.login, type: bot ? 'Bot' : 'User' },
        ...(node.createdAt ? { created_at: node.createdAt } : {})
      }
    ]
  })
}

/**
 * The labels people applied to an issue and kept, among `allowed`: added by someone who is not a bot
 * and not `identity` (a personal token's owner running this action), and not taken off again by a
 * person.
 */
export function keptByPeople(events: IssueEvent[], identity: string, allowed: Map<string, string>): string[] {
  const theirs = events.filter((e) => loginKey(e.actor?.login ?? '') !== identity)
  return historyOf(theirs)
    .addedByPeople.map((key) => allowed.get(key))
    .filter((name): name is string => name !== undefined)
}

/**
 * Reads the most recent issues people labelled (at most `limit`, examining at most EXAMINE_CAP),
 * newest first. Pull requests are not in GraphQL's `issues`; issues opened by bots are left out, as
 * triage skips them. `types` reads each issue's current type from REST's list (GraphQL's schema lacks it
 * on GitHub Enterprise Server) for repositories that have types.
 */
export async function readLabelledHistory(
  octokit: Octokit,
  ref: RepoRef,
  opts: { limit: number; identity: string; allowed: Label[]; types: boolean }
): Promise<LabelledHistory> {
  const allowed = new Map(opts.allowed.map((l) => [nameKey(l.name), l.name]))
  const issues: LabelledIssue[] = []
  let examined = 0
  let requests = 0
  let after: string | null = null
  while (issues.length < opts.limit && examined < EXAMINE_CAP) {
    const data: Page = await octokit.graphql<Page>(QUERY, {
      owner: ref.owner,
      repo: ref.repo,
      first: PAGE,
      events: EVENTS,
      after
    })
    requests++
    const connection = data.repository?.issues
    if (!connection)
      throw new Error(`GitHub found no repository ${ref.owner}/${ref.repo} to read issues from`)
    for (const node of connection.nodes) {
      if (!node) continue
      examined++
      if (node.author?.__typename === 'Bot' || issues.length >= opts.limit) continue
      const labels = keptByPeople(asEvents(node.timelineItems.nodes), opts.identity, allowed)
      if (labels.length === 0) continue
      issues.push({
        number: node.number,
        title: node.title,
        body: node.body.slice(0, BODY_CHARS),
        createdAt: node.createdAt,
        labels,
        type: null
      })
    }
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break
    after = connection.pageInfo.endCursor
  }
  if (opts.types && issues.length > 0) requests += await readTypes(octokit, ref, issues)
  return { issues, examined, requests }
}

// REST lists issues (and pull requests) newest first with their type: pages are read until the oldest
// labelled issue is passed. Returns the requests made.
async function readTypes(octokit: Octokit, ref: RepoRef, issues: LabelledIssue[]): Promise<number> {
  const byNumber = new Map(issues.map((i) => [i.number, i]))
  const oldest = Math.min(...byNumber.keys())
  let requests = 0
  for (let page = 1; page <= EXAMINE_CAP / PAGE; page++) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
      ...ref,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: PAGE,
      page
    })
    requests++
    for (const raw of data as { number: number; type?: { name?: string } | null }[]) {
      const issue = byNumber.get(raw.number)
      if (issue && raw.type?.name) issue.type = raw.type.name
    }
    if (data.length < PAGE || data.some((raw) => raw.number <= oldest)) break
  }
  return requests
}
