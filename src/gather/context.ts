import { isUnreachable, type Octokit } from '../github/octokit.js'
import * as runner from '../github/runner.js'
import { readRepoText } from './contents.js'
import { historyOf, labelHistory, type IssueEvent, type LabelHistory } from './issue.js'
import type { Label } from '../policy/labels.js'
import { listLabels, type RepoRef } from './repository.js'

/** The reads one GraphQL request answers for a run: labels, the config file, the issue's label history. */
export interface IssueContext {
  /** Every label of the repository, with descriptions (no ids: suggest mode looks those up). */
  labels: Promise<Label[]> | undefined
  /** The config file's text (undefined when it is not on the default branch), when a path was given. */
  config: Promise<string | undefined> | undefined
  /** Present when an issue number was given. */
  history: Promise<LabelHistory> | undefined
}

// One request instead of three REST reads (every page of labels, the contents of the config file,
// every page of the issue's events). The emulator checks every field against GitHub's published
// GraphQL schema.
const QUERY = `query IssueContext($owner: String!, $repo: String!, $file: String!, $number: Int!, $withFile: Boolean!, $withIssue: Boolean!, $withLabels: Boolean!) {
  repository(owner: $owner, name: $repo) {
    labels(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) @include(if: $withLabels) {
      totalCount
      nodes { name description }
    }
    lastLabels: labels(last: 100, orderBy: { field: CREATED_AT, direction: ASC }) @include(if: $withLabels) {
      nodes { name description }
    }
    file: object(expression: $file) @include(if: $withFile) {
      __typename
      ... on Blob { text isBinary isTruncated }
    }
    issueOrPullRequest(number: $number) @include(if: $withIssue) {
      __typename
      ... on Issue {
        timelineItems(itemTypes: [LABELED_EVENT, UNLABELED_EVENT], first: 100) {
          pageInfo { hasNextPage }
          nodes {
            __typename
            ... on LabeledEvent { actor { __typename login } label { name } }
            ... on UnlabeledEvent { actor { __typename login } label { name } }
          }
        }
      }
    }
  }
}`

interface Actor {
  __typename?: string
  login?: string
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
    issueOrPullRequest?: {
      __typename: string
      timelineItems?: {
        pageInfo: { hasNextPage: boolean }
        nodes: ({ __typename: string; actor?: Actor | null; label?: { name?: string } | null } | null)[]
      }
    } | null
  } | null
}

type Timeline = NonNullable<NonNullable<Answer['repository']>['issueOrPullRequest']>['timelineItems']

/** A timeline page's label events in the REST API's terms (an actor GraphQL calls a Bot has type Bot). */
function eventsOf(timeline: NonNullable<Timeline>): IssueEvent[] {
  return timeline.nodes.flatMap((node) => {
    if (!node?.label?.name) return []
    return [
      {
        event: node.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled',
        label: { name: node.label.name },
        actor: node.actor
          ? { login: node.actor.login ?? '', type: node.actor.__typename === 'Bot' ? 'Bot' : 'User' }
          : null
      }
    ]
  })
}

/**
 * Reads the repository's labels (`withLabels`), the config file at `configPath` on the default branch
 * and the label history of issue `issueNumber` (each when given) in one GraphQL request. Whatever that
 * request cannot answer (an error, more than 200 labels, a file too big or binary for GraphQL, more
 * than 100 label events) is read through REST instead, so the results and error messages are the
 * REST reads' own.
 */
export function readIssueContext(
  octokit: Octokit,
  ref: RepoRef,
  configPath: string | undefined,
  issueNumber?: number,
  withLabels = false
): IssueContext {
  const answer = octokit
    .graphql<Answer>(QUERY, {
      owner: ref.owner,
      repo: ref.repo,
      file: `HEAD:${(configPath ?? '').replace(/^\.\//, '')}`,
      withFile: configPath !== undefined,
      number: issueNumber ?? 0,
      withIssue: issueNumber !== undefined,
      withLabels
    })
    .catch((error: unknown) => {
      // REST is the same host: when GitHub cannot be reached, reading through it would only repeat
      // the retries (about 14 s a request) before failing the same way.
      if (isUnreachable(error)) throw error
      runner.debug(`GraphQL read failed, reading through REST instead: ${String(error)}`)
      return undefined
    })

  const config =
    configPath === undefined
      ? undefined
      : answer.then((data) => {
          const file = data?.repository?.file
          if (!data?.repository) return readRepoText(octokit, ref, configPath, 'config')
          if (file === null || file === undefined) return undefined
          // A directory, a binary file or one too big for GraphQL: the REST read says what is wrong.
          if (
            file.__typename !== 'Blob' ||
            file.isBinary ||
            file.isTruncated ||
            typeof file.text !== 'string'
          )
            return readRepoText(octokit, ref, configPath, 'config')
          return file.text
        })
  const history =
    issueNumber === undefined
      ? undefined
      : answer.then((data) => {
          const item = data?.repository?.issueOrPullRequest
          if (!item) return labelHistory(octokit, ref, issueNumber)
          if (item.__typename !== 'Issue') return { removedByPeople: [], addedByPeople: [] }
          const timeline = item.timelineItems
          if (!timeline || timeline.pageInfo.hasNextPage) return labelHistory(octokit, ref, issueNumber)
          return historyOf(eventsOf(timeline))
        })
  // Two ends of 100 cover up to 200 labels in this one request; more are read page by page.
  const labels = !withLabels
    ? undefined
    : answer.then((data) => {
        const first = data?.repository?.labels
        const last = data?.repository?.lastLabels
        if (!first || !last || (first.totalCount ?? Infinity) > 200) return listLabels(octokit, ref)
        const byName = new Map<string, Label>()
        for (const node of [...first.nodes, ...last.nodes]) {
          if (node && !byName.has(node.name))
            byName.set(node.name, { name: node.name, description: (node.description ?? '').trim() })
        }
        return [...byName.values()]
      })
  // Awaited later; without these a failure would surface as an unhandled rejection first.
  labels?.catch(() => undefined)
  config?.catch(() => undefined)
  history?.catch(() => undefined)
  return { labels, config, history }
}
