/**
 * A backlog run's own lexical index of the repository's issues: read once through GraphQL, newest first,
 * so that each issue's lexical candidate lists cost no GitHub search (30 a minute would otherwise bind a
 * backlog at ten issues a minute).
 */
import MiniSearch from 'minisearch'
import type { Octokit } from '../github/octokit.js'
import type { LinkedIssue } from './duplicate-link.js'
import type { RepoRef } from './repository.js'
import { words, type Term } from './search-terms.js'

/** Most issues one run reads: about 100 GraphQL requests, and memory a runner has to spare. */
export const INDEX_CAP = 10_000
/**
 * Backlogs of more issues than this read the index; smaller ones search GitHub as single issues do (ten
 * issues are what GitHub's 30 searches a minute serve at three searches each).
 */
export const INDEX_FROM_ISSUES = 10
/** Body characters kept per issue: the re-ranking reads 8,000 at most, the prompt a few hundred. */
export const BODY_CHARS = 4_000

const PAGE = 100
// The fields GitHub's ranking would weigh: a title is its issue's own summary.
const BOOST = { title: 2, body: 1 }

// stateReason needs enableDuplicate: without it GitHub reports a duplicate as NOT_PLANNED. The comment
// count (a connection needs first or last) says whether following a duplicate to its original can work.
const QUERY = `query IssueIndex($owner: String!, $repo: String!, $first: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issues(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }, states: [OPEN, CLOSED]) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        fullDatabaseId
        title
        body
        state
        stateReason(enableDuplicate: true)
        createdAt
        comments(first: 1) { totalCount }
      }
    }
  }
}`

interface Node {
  number: number
  fullDatabaseId: string | number | null
  title: string
  body: string
  state: 'OPEN' | 'CLOSED'
  stateReason: string | null
  createdAt: string
  comments: { totalCount: number }
}

interface Page {
  repository: {
    issues: {
      totalCount: number
      pageInfo: { hasNextPage: boolean; endCursor: string | null }
      nodes: (Node | null)[]
    }
  } | null
}

/** Where an earlier issue may be looked for: issues created before `before` (any when empty), never `self`. */
export interface IndexScope {
  before: string
  self: number
  limit: number
}

/** An indexed issue that matched, with the query terms it holds. */
export interface IndexHit {
  issue: LinkedIssue
  terms: string[]
}

/** The repository's issues, searchable locally. */
export interface IssueIndex {
  /** Issues indexed. */
  size: number
  /** Issues the repository has (GitHub's count when the index was read). */
  total: number
  /** Fewer issues indexed than the repository has: only the newest INDEX_CAP were read. */
  capped: boolean
  /** GraphQL requests the read took. */
  requests: number
  /** Best match first (BM25, each term weighted by its `weight`), in `scope` only. */
  search(terms: Term[], scope: IndexScope): IndexHit[]
}

// The same word rule as the search queries and the re-ranking, so every side counts the same words.
const tokenize = (text: string): string[] => words(text.toLowerCase())

/** Builds the index over `issues`; `meta` says how they were read. */
export function buildIssueIndex(
  issues: LinkedIssue[],
  meta: { total?: number; requests?: number } = {}
): IssueIndex {
  const byNumber = new Map<number, LinkedIssue>()
  const docs: { number: number; title: string; body: string }[] = []
  for (const issue of issues) {
    if (byNumber.has(issue.number)) continue
    const body = (issue.body ?? '').slice(0, BODY_CHARS)
    byNumber.set(issue.number, { ...issue, body })
    docs.push({ number: issue.number, title: issue.title, body })
  }
  const mini = new MiniSearch<{ number: number; title: string; body: string }>({
    idField: 'number',
    fields: ['title', 'body'],
    tokenize,
    processTerm: (term) => term
  })
  mini.addAll(docs)
  const total = Math.max(meta.total ?? byNumber.size, byNumber.size)
  return {
    size: byNumber.size,
    total,
    capped: total > byNumber.size,
    requests: meta.requests ?? 0,
    search(terms, scope) {
      const weight = new Map<string, number>()
      for (const t of terms) {
        const key = t.text.toLowerCase()
        weight.set(key, Math.max(weight.get(key) ?? 0, t.weight))
      }
      if (weight.size === 0) return []
      const hits = mini.search([...weight.keys()].join(' '), {
        boost: BOOST,
        combineWith: 'OR',
        boostTerm: (term) => weight.get(term) ?? 1,
        filter: (hit) => {
          const issue = byNumber.get(hit.id as number)
          if (issue === undefined || issue.number === scope.self) return false
          return !scope.before || issue.created_at < scope.before
        }
      })
      return hits
        .slice(0, scope.limit)
        .map((hit) => ({ issue: byNumber.get(hit.id as number)!, terms: hit.queryTerms }))
    }
  }
}

function linked(node: Node): LinkedIssue {
  return {
    number: node.number,
    id: Number(node.fullDatabaseId ?? 0),
    title: node.title,
    body: node.body.slice(0, BODY_CHARS),
    state: node.state === 'OPEN' ? 'open' : 'closed',
    state_reason: node.stateReason?.toLowerCase() ?? null,
    created_at: node.createdAt,
    comments: node.comments.totalCount
  }
}

/**
 * Reads the repository's issues, newest first and at most `cap`, in GraphQL pages of 100, and indexes
 * them. Bodies are cut to BODY_CHARS as each page arrives, so memory stays bounded. Throws what the first
 * failed request throws.
 */
export async function readIssueIndex(octokit: Octokit, ref: RepoRef, cap = INDEX_CAP): Promise<IssueIndex> {
  const issues: LinkedIssue[] = []
  let after: string | null = null
  let total = 0
  let requests = 0
  while (issues.length < cap) {
    const data: Page = await octokit.graphql<Page>(QUERY, {
      owner: ref.owner,
      repo: ref.repo,
      first: Math.min(PAGE, cap - issues.length),
      after
    })
    requests++
    const connection = data.repository?.issues
    if (!connection)
      throw new Error(`GitHub found no repository ${ref.owner}/${ref.repo} to read issues from`)
    total = connection.totalCount
    for (const node of connection.nodes) if (node) issues.push(linked(node))
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break
    after = connection.pageInfo.endCursor
  }
  return buildIssueIndex(issues, { total, requests })
}
