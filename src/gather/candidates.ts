import type { Octokit } from '../github/octokit.js'
import type { DedupeOptions } from '../inputs/options.js'
import { bound, neutralizeForPrompt } from '../text/hygiene.js'
import type { IssueSnapshot } from './issue.js'
import type { RepoRef } from './repository.js'
import { distinctiveTerms, lexicalQuery, qualifiers, semanticQuery, type Term } from './search-terms.js'
import { similarity } from './similarity.js'
import { originalOf, type LinkedIssue } from './duplicate-link.js'
import type { IssueIndex } from './issue-index.js'
import { SEMANTIC_PER_MINUTE, takeSemantic, type SemanticBudget } from './semantic-budget.js'

/** An earlier issue shown to the model as a possible original. */
export interface Candidate {
  number: number
  id: number
  title: string
  state: 'open' | 'closed'
  createdAt: string
  /** Title and first lines, neutralised and bounded: what the prompt shows. */
  preview: string
  score: number
  /** Reached by following an issue closed as a duplicate of it. */
  via?: number
}

/** One search the run made, for the result output and the benchmark. */
export interface SearchRecord {
  kind: 'semantic' | 'lexical'
  query: string
  /**
   * What GitHub says it ran (`hybrid` or `lexical`), or the refusal; `local index` for a lookup in the
   * run's own index, `skipped` for a semantic search the minute's budget had no room for.
   */
  ran: string
  results: number
}

export interface CandidateSet {
  candidates: Candidate[]
  searches: SearchRecord[]
  searchCalls: number
  notes: string[]
}

/** Shared by every issue of a run: once GitHub refuses semantic search, stop asking. */
export interface SearchSession {
  semantic: 'unknown' | 'available' | 'refused'
  /** The run's semantic searches, at most 10 a rolling minute (none when absent: one issue makes one). */
  budget?: SemanticBudget
  /** The repository's issues, read once by a backlog run: lexical lists then cost no GitHub search. */
  index?: IssueIndex
  /**
   * The first semantic search of the run, while GitHub has not yet said whether it offers them: the
   * other issues in flight wait for its answer rather than each asking a GitHub Enterprise Server
   * that refuses them all.
   */
  probe?: Promise<unknown>
}

/** The dedupe settings the search uses, and numbers never to offer again (rejected on appeal). */
export type CandidateOptions = Pick<DedupeOptions, 'maxCandidates' | 'includeClosed'> & { exclude?: number[] }

/** A search result: an issue in the REST shape the duplicate link also returns. */
type Item = LinkedIssue

const PER_PAGE = 50
const MAX_FOLLOWS = 2

/** What the searches of one issue found, before any setting narrows it. */
export interface SearchRun {
  lists: Item[][]
  searches: SearchRecord[]
  searchCalls: number
  notes: string[]
}

/**
 * Makes the searches for an issue's likely originals, at most three at once: one semantic (hybrid)
 * query when GitHub offers it (and the run's budget of 10 a minute has room), and lexical queries of
 * the issue's most distinctive terms joined with OR, or, when the run has read its issue index (a
 * backlog), lexical lookups in that index instead. The queries depend on the issue alone, so a new
 * issue's searches can leave before the config file is read. A failed search leaves fewer results,
 * never a failed run.
 */
export async function searchIssues(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  session: SearchSession
): Promise<SearchRun> {
  const out: SearchRun = { lists: [], searches: [], searchCalls: 0, notes: [] }
  const prefix = qualifiers(ref.owner, ref.repo, issue.createdAt, false)

  const search = async (kind: SearchRecord['kind'], q: string): Promise<Item[]> => {
    out.searchCalls++
    try {
      const res = await octokit.request('GET /search/issues', {
        q,
        per_page: PER_PAGE,
        ...(kind === 'semantic' ? { search_type: 'hybrid' as const } : {}),
        // Optional: a failed search leaves fewer candidates (and never withdraws a verdict, see
        // act/duplicates.ts), so it is not retried with waits of seconds.
        request: { retries: 0 }
      })
      const data = res.data as { items: Item[]; search_type?: string; lexical_fallback_reason?: string[] }
      const ran = data.search_type ?? 'lexical'
      if (kind === 'semantic' && ran === 'lexical' && data.lexical_fallback_reason?.length)
        out.notes.push(`semantic search fell back to lexical (${data.lexical_fallback_reason.join(', ')})`)
      out.searches.push({ kind, query: q, ran, results: data.items.length })
      return data.items
    } catch (error) {
      const status = (error as { status?: number }).status
      const message = String((error as Error).message ?? error)
      if (kind === 'semantic' && (status === 403 || status === 422) && !/rate limit/i.test(message)) {
        // GitHub Enterprise Server answers 403 or 422 to search_type; later issues of the run skip it.
        session.semantic = 'refused'
        out.notes.push(`GitHub refused semantic search (${status}); using lexical search only`)
      } else {
        out.notes.push(`an issue search failed (${status ?? 'network'}); fewer candidates were considered`)
      }
      out.searches.push({ kind, query: q, ran: `refused ${status ?? ''}`.trim(), results: 0 })
      return []
    }
  }

  // All searches at once: on GitHub each takes a few hundred milliseconds.
  const terms = distinctiveTerms(issue.title, issue.body)
  let lexical: Promise<Item[]>[]
  let weak = true
  if (session.index) {
    const local = localLists(session.index, issue, terms)
    out.searches.push(...local.searches)
    lexical = local.lists.map((list) => Promise.resolve(list))
    weak = local.weak
  } else {
    lexical = [lexicalQuery(prefix, terms.slice(0, 6)), lexicalQuery(prefix, terms.slice(6, 12))]
      .filter((q): q is string => q !== undefined)
      .map((q) => search('lexical', q))
  }
  let semantic: Promise<Item[]> = Promise.resolve([])
  if (session.semantic === 'unknown' && session.probe) await session.probe
  if (session.semantic !== 'refused') {
    const q = semanticQuery(prefix, issue.title, terms)
    if (!session.budget || takeSemantic(session.budget, weak)) {
      semantic = search('semantic', q).then((items) => {
        if (session.semantic === 'unknown') session.semantic = 'available'
        return items
      })
      if (session.semantic === 'unknown') session.probe ??= semantic
    } else {
      out.searches.push({ kind: 'semantic', query: q, ran: 'skipped', results: 0 })
      out.notes.push(
        `semantic search skipped: this run's ${SEMANTIC_NOTE} were spent; ${session.index ? 'the local index' : 'lexical search'} gave the candidates`
      )
    }
  }
  out.lists = await Promise.all([semantic, ...lexical])
  return out
}

const SEMANTIC_NOTE = `${SEMANTIC_PER_MINUTE} semantic searches a minute (GitHub's limit)`
/** Terms of the local index's main query: it costs nothing, so more than a search query holds. */
const LOCAL_TERMS = 20
/** Lexical candidates look weak when the best holds fewer of the issue's six strongest terms than this. */
const STRONG_MATCH = 3

/**
 * The lexical lists from the run's own index, where GitHub search would make two requests: the issue's
 * distinctive terms, weighted, and its title's words alone. `weak` when they found little.
 */
function localLists(
  index: IssueIndex,
  issue: IssueSnapshot,
  terms: Term[]
): { lists: Item[][]; searches: SearchRecord[]; weak: boolean } {
  const scope = { before: issue.createdAt, self: issue.number, limit: PER_PAGE }
  const title = distinctiveTerms(issue.title, '').map((t) => ({ text: t.text, weight: 1 }))
  const queries = [terms.slice(0, LOCAL_TERMS), title].filter((q) => q.length > 0)
  const found = queries.map((q) => index.search(q, scope))
  const top = new Set(terms.slice(0, 6).map((t) => t.text.toLowerCase()))
  const best = found[0]?.[0]
  const weak = !best || best.terms.filter((t) => top.has(t)).length < Math.min(STRONG_MATCH, top.size)
  return {
    lists: found.map((hits) => hits.map((h) => h.issue)),
    searches: queries.map((q, i) => ({
      kind: 'lexical' as const,
      query: q.map((t) => t.text).join(' '),
      ran: 'local index',
      results: found[i]!.length
    })),
    weak
  }
}

/**
 * Finds earlier issues this one may duplicate: the search results (searchIssues, or `searched` when
 * the caller started them) merged, filtered (this issue, pull requests, newer issues, rejected numbers,
 * closed ones unless allowed), issues closed as duplicates followed to their original, and the pool
 * re-ranked against the whole issue.
 */
export async function findCandidates(
  octokit: Octokit,
  ref: RepoRef,
  issue: IssueSnapshot,
  options: CandidateOptions,
  session: SearchSession,
  searched?: Promise<SearchRun>
): Promise<CandidateSet> {
  const { lists, searches, searchCalls, notes } = await (searched ??
    searchIssues(octokit, ref, issue, session))
  const out: CandidateSet = { candidates: [], searches, searchCalls, notes: [...notes] }

  // Fuse the lists by rank, then drop what can never be an original of this issue.
  const pool = new Map<number, { item: Item; fused: number }>()
  for (const list of lists) {
    list.forEach((item, rank) => {
      const entry = pool.get(item.number) ?? { item, fused: 0 }
      entry.fused += 1 / (20 + rank)
      pool.set(item.number, entry)
    })
  }
  const excluded = new Set([issue.number, ...(options.exclude ?? [])])
  const older = (item: Item) => !issue.createdAt || item.created_at < issue.createdAt
  for (const [n, { item }] of pool) {
    if (excluded.has(n) || item.pull_request || !older(item)) pool.delete(n)
  }

  // An issue closed as a duplicate stands for its original: follow the best-placed few.
  const byFused = [...pool.values()].sort((a, b) => b.fused - a.fused)
  let follows = 0
  const via = new Map<number, number>()
  for (const entry of byFused.slice(0, options.maxCandidates * 2)) {
    const { item } = entry
    if (item.state !== 'closed' || item.state_reason !== 'duplicate' || follows >= MAX_FOLLOWS) continue
    follows++
    const original = await originalOf(octokit, ref, item.number, item.comments ?? 0).catch(() => undefined)
    pool.delete(item.number)
    if (!original || excluded.has(original.number) || !older(original)) continue
    const known = pool.get(original.number)
    if (known) known.fused += entry.fused
    else pool.set(original.number, { item: original, fused: entry.fused })
    via.set(original.number, item.number)
  }
  for (const [n, { item }] of pool) {
    if (!options.includeClosed && item.state !== 'open') pool.delete(n)
  }

  const entries = [...pool.values()]
  const sims = similarity(
    { title: issue.title, body: issue.body },
    entries.map((e) => ({ title: e.item.title, body: e.item.body ?? '' }))
  )
  const maxSim = Math.max(...sims, 1e-9)
  const maxFused = Math.max(...entries.map((e) => e.fused), 1e-9)
  out.candidates = entries
    .map((e, i) => ({ e, score: 0.7 * (sims[i]! / maxSim) + 0.3 * (e.fused / maxFused) }))
    .sort((a, b) => b.score - a.score || b.e.item.number - a.e.item.number)
    .slice(0, options.maxCandidates)
    .map(({ e, score }) => toCandidate(e.item, score, via.get(e.item.number)))
  return out
}

function toCandidate(item: Item, score: number, via?: number): Candidate {
  const title = bound(neutralizeForPrompt(item.title).replace(/\s+/g, ' '), 160)
  const text = neutralizeForPrompt(item.body ?? '')
    .replace(/```[a-z]*\n?/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return {
    number: item.number,
    id: item.id,
    title,
    state: item.state === 'closed' ? 'closed' : 'open',
    createdAt: item.created_at,
    preview: bound(text, 260),
    score: Math.round(score * 1000) / 1000,
    ...(via !== undefined ? { via } : {})
  }
}
