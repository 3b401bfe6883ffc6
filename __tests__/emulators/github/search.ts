/**
 * `GET /search/issues` for the emulated repository: best-match ranking by BM25 (bm25.ts) of a query parsed by
 * search-query.ts, `search_type=semantic|hybrid` with GitHub's lexical fallbacks, the search rate limits, and an
 * "as of" cutoff (state.search). Choices where GitHub documents no rule, kept generic:
 * - The semantic stand-in knows no meaning: it ranks every issue passing the qualifiers by BM25 of the text terms
 *   with OR (no AND filter), keeping issues that share at least one term. Hybrid fuses that ranking with the
 *   lexical one by reciprocal rank (k = 60); its `score` is the fused value.
 * - Limits: a sliding 60-second window, 30 search requests, and another 10 for requests naming a `search_type`
 *   (fallbacks included). Refusals are 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0` and
 *   `x-ratelimit-reset`; the 10-a-minute refusal describes its own bucket in those headers (resource `search`,
 *   limit 10) and adds `retry-after`, since /rate_limit lists no bucket for it.
 */
import { Bm25Index, tokenize, type Bm25Options } from './bm25.js'
import { Answer, fail, paginate, validationFailed, type Context, type Handler } from './context.js'
import { hasPhrase, invalid, parse, rankingTerms, type Doc, type Node, type Query } from './search-query.js'
import { issueJson } from './shapes.js'
import type { EmulatorState } from './state.js'

/**
 * How search indexes issues; a benchmark builds its reference ranking with the same. The title counts twice: a
 * generic boost, since a title is a short summary of the whole issue.
 */
export const ISSUE_INDEX: Bm25Options = { fields: ['title', 'body'], weights: { title: 2, body: 1 } }

const LIMITS = { search: 30, semantic: 10 }
const WINDOW_MS = 60_000
const MAX_RESULTS = 1000
const RRF_K = 60
const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
/**
 * What search last saw of an issue (an edit to its text re-indexes it; dates are parsed once), and, being the
 * `Doc` qualifiers test, its state in the current request's view. Handlers run one at a time, so the per-request
 * fields are safe to overwrite.
 */
interface Snapshot extends Doc {
  title: string
  body: string | null
  closedAt: string | null
  /** Tokens per field, kept once a phrase query needed them. */
  tokens?: { title: string[]; body: string[] }
  /** The ranking pass this issue is in the pool of. */
  pass: number
}

/** Per emulator: the index with its snapshots (in the issues' order, and by number) and the rate windows. */
interface Runtime {
  index: Bm25Index
  snapshots: Snapshot[]
  byNumber: Map<number, Snapshot>
  passes: number
  windows: { search: number[]; semantic: number[] }
}
const runtimes = new WeakMap<EmulatorState, Runtime>()

/**
 * The emulator's search runtime, brought in step with its issues. Handlers edit issue records in place, so each
 * search walks them beside the snapshots (no hashing: about a millisecond for 16,000) and re-indexes what changed.
 */
function runtime(state: EmulatorState): Runtime {
  let rt = runtimes.get(state)
  if (!rt) {
    const index = new Bm25Index(ISSUE_INDEX)
    const windows = { search: [], semantic: [] }
    runtimes.set(state, (rt = { index, snapshots: [], byNumber: new Map(), passes: 0, windows }))
  }
  let i = 0
  for (const issue of state.issues.values()) {
    let snap = rt.snapshots[i]
    if (snap?.issue !== issue || snap.title !== issue.title || snap.body !== issue.body) {
      // Issues are only ever added; a record replaced under a test's hands re-indexes from here on.
      if (snap && snap.issue !== issue) rt.snapshots.length = i
      rt.index.add(issue.number, { title: issue.title, body: issue.body })
      const createdMs = Date.parse(issue.created_at)
      snap = {
        issue,
        title: issue.title,
        body: issue.body,
        closedAt: null,
        closedMs: null,
        createdMs,
        open: true,
        pass: 0
      }
      rt.snapshots[i] = snap
      rt.byNumber.set(issue.number, snap)
    }
    if (snap.closedAt !== issue.closed_at) {
      snap.closedAt = issue.closed_at
      snap.closedMs = issue.closed_at ? Date.parse(issue.closed_at) : null
    }
    i++
  }
  return rt
}

/**
 * Indexes the seeded issues now, as GitHub's index exists before anyone searches. Otherwise the first
 * search of each emulator pays for it, which is the emulator's cost, not the caller's: a 1 MiB issue
 * took ~150 ms to index, inside a timed run.
 */
export function indexForSearch(state: EmulatorState): void {
  runtime(state)
}

/** Counts the request against the search windows, or answers GitHub's rate-limit refusal. */
function admit(ctx: Context, rt: Runtime, semantic: boolean): Record<string, string> {
  const { state } = ctx
  const now = state.search.clock()
  const headers = (bucket: 'search' | 'semantic'): Record<string, string> => {
    const list = rt.windows[bucket]
    return {
      'x-ratelimit-limit': String(LIMITS[bucket]),
      'x-ratelimit-remaining': String(Math.max(0, LIMITS[bucket] - list.length)),
      'x-ratelimit-used': String(list.length),
      'x-ratelimit-reset': String(Math.ceil(((list[0] ?? now) + WINDOW_MS) / 1000)),
      'x-ratelimit-resource': 'search'
    }
  }
  for (const list of Object.values(rt.windows))
    while (list.length && list[0]! <= now - WINDOW_MS) list.shift()
  if (state.search.limits) {
    for (const bucket of semantic ? (['search', 'semantic'] as const) : (['search'] as const)) {
      if (rt.windows[bucket].length < LIMITS[bucket]) continue
      const out = headers(bucket)
      if (bucket === 'semantic')
        out['retry-after'] = String(Math.max(1, Number(out['x-ratelimit-reset']) - Math.floor(now / 1000)))
      const what =
        bucket === 'semantic'
          ? 'semantic and hybrid search (10 requests per minute)'
          : 'search (30 requests per minute)'
      const message = `API rate limit exceeded for ${ctx.actor.login}: ${what}.`
      throw new Answer({
        status: 403,
        body: { message, documentation_url: RATE_DOCS, status: '403' },
        headers: out
      })
    }
    rt.windows.search.push(now)
    if (semantic) rt.windows.semantic.push(now)
  }
  state.rate.search.used = rt.windows.search.length
  return headers('search')
}

/** Refuses `search_type` the way an Enterprise Server instance without semantic search does. */
function refuseSemantic(ctx: Context): void {
  const mode = ctx.state.search.semantic
  const message = 'Semantic and hybrid search are not available on this GitHub Enterprise Server instance.'
  if (mode === 'forbidden') fail(ctx, 403, message)
  if (mode === 'unprocessable')
    validationFailed(ctx, { resource: 'Search', field: 'search_type', code: 'invalid', message })
}

/** The instant search sees the repository at, for this request (state.search.cutoff), or undefined. */
function cutoff(ctx: Context): number | undefined {
  const { cutoff: setting } = ctx.state.search
  const at = typeof setting === 'function' ? setting(ctx.headers) : setting
  if (at === undefined) return undefined
  const ms = Date.parse(at)
  if (Number.isNaN(ms)) throw new Error(`search cutoff "${at}" is not a date`)
  return ms
}

/** An issue and its score in one ranking. */
interface Ranked {
  doc: Snapshot
  score: number
}

/** Best match first (score, then newest), or by `sort` and `order`; each key is computed once per issue. */
function order(ctx: Context, list: Ranked[]): Ranked[] {
  const sort = ctx.query.sort as string | undefined
  const counts = new Map<number, number>()
  const bump = (n: number) => counts.set(n, (counts.get(n) ?? 0) + 1)
  const reaction = /^reactions-(.+)$/.exec(sort ?? '')?.[1]
  const content = { smile: 'laugh', thinking_face: 'confused', tada: 'hooray' }[reaction ?? ''] ?? reaction
  if (sort === 'comments' || sort === 'interactions') ctx.state.comments.forEach((c) => bump(c.issue))
  for (const r of sort?.startsWith('reactions') || sort === 'interactions' ? ctx.state.reactions : []) {
    if ('issue' in r.subject && (!content || r.content === content)) bump(r.subject.issue)
  }
  const key = (r: Ranked): number =>
    !sort
      ? r.score
      : sort === 'created'
        ? r.doc.createdMs
        : sort === 'updated'
          ? Date.parse(r.doc.issue.updated_at)
          : (counts.get(r.doc.issue.number) ?? 0)
  const sign = sort && ctx.query.order === 'asc' ? 1 : -1
  const keyed = list.map((r) => ({ r, k: key(r) }))
  keyed.sort(
    (a, b) => sign * (a.k - b.k) || b.r.score - a.r.score || b.r.doc.issue.number - a.r.doc.issue.number
  )
  return keyed.map(({ r }) => r)
}

/** Reciprocal rank fusion of two rankings, each best first. */
function fuse(a: Ranked[], b: Ranked[]): Ranked[] {
  const fused = new Map<number, Ranked>()
  for (const list of [a, b])
    list.forEach(({ doc }, rank) => {
      const entry = fused.get(doc.issue.number) ?? { doc, score: 0 }
      entry.score += 1 / (RRF_K + rank + 1)
      fused.set(doc.issue.number, entry)
    })
  return [...fused.values()]
}

/** The reasons GitHub gives for running a semantic or hybrid request as lexical, in the description's order. */
function fallbackReasons(query: Query): string[] {
  const reasons: [boolean, string][] = [
    [!query.text, 'no_text_terms'],
    [query.quoted, 'quoted_text'],
    [query.pullRequests, 'non_issue_target'],
    [query.or, 'or_boolean_not_supported']
  ]
  return reasons.filter(([hit]) => hit).map(([, reason]) => reason)
}

/** Search's handlers, keyed by operationId. */
export const searchHandlers: Record<string, Handler> = {
  'search/issues-and-pull-requests': (ctx) => {
    const requested = ctx.query.search_type as 'semantic' | 'hybrid' | undefined
    const rt = runtime(ctx.state)
    // An instance without semantic search has no semantic bucket: its refusals count as searches only.
    const headers = admit(ctx, rt, requested !== undefined && ctx.state.search.semantic === 'available')
    const q = String(ctx.query.q)
    if (q.length > 256) invalid(ctx, 'The search is longer than 256 characters.')
    if (requested) refuseSemantic(ctx)
    const query = parse(ctx, q)
    const reasons = requested ? fallbackReasons(query) : []
    const mode = requested && !reasons.length ? requested : 'lexical'

    const asOf = cutoff(ctx)
    const { owner, repo } = ctx.state
    const here = `${owner}/${repo}`.toLowerCase()
    const inScope = !query.repos.length || query.repos.some((r) => r === here || r === owner.toLowerCase())
    const docs: Snapshot[] = []
    for (const snap of inScope ? rt.snapshots : []) {
      if (asOf !== undefined && snap.createdMs > asOf) continue
      snap.open = snap.closedMs === null || (asOf !== undefined && snap.closedMs > asOf)
      docs.push(snap)
    }
    const fields = query.fields?.length ? query.fields : undefined
    // Each text node's documents come from the index once per request; phrases then check token order.
    const sets = new Map<Node, Set<number>>()
    const holds = (node: Node & { k: 'text' }, n: number): boolean => {
      let set = sets.get(node)
      if (!set) sets.set(node, (set = rt.index.matching(node.tokens, fields)))
      return set.has(n)
    }
    const matches = (doc: Snapshot, node: Node | null, semantic: boolean): boolean => {
      if (!node) return true
      if (node.k === 'qual') return node.test(doc)
      if (node.k === 'not') return !matches(doc, node.x, false)
      if (node.k === 'and') return node.xs.every((x) => matches(doc, x, semantic))
      if (node.k === 'or') return node.xs.some((x) => matches(doc, x, semantic))
      if (semantic) return true
      if (!holds(node, doc.issue.number)) return false
      if (!node.phrase) return true
      const tokens = (doc.tokens ??= {
        title: tokenize(doc.issue.title),
        body: tokenize(doc.issue.body)
      })
      return (fields ?? (['title', 'body'] as const)).some((f) => hasPhrase(tokens[f], node.tokens))
    }
    const terms = rankingTerms(query.root)
    const rank = (semantic: boolean): Ranked[] => {
      const pass = ++rt.passes
      const pool: Snapshot[] = []
      for (const doc of docs) {
        if (!matches(doc, query.root, semantic)) continue
        doc.pass = pass
        pool.push(doc)
      }
      const hits = terms.length
        ? rt.index.search(terms, { fields, filter: (n) => rt.byNumber.get(n)?.pass === pass })
        : []
      const ranked = hits.map((h) => ({ doc: rt.byNumber.get(h.id)!, score: h.score }))
      if (semantic) return ranked
      // Lexical keeps matches no ranking term reaches too (qualifiers only, or text only under NOT).
      for (const { doc } of ranked) doc.pass = 0
      for (const doc of pool) if (doc.pass === pass) ranked.push({ doc, score: 0 })
      return order(ctx, ranked)
    }
    const ranked = order(
      ctx,
      mode === 'hybrid' ? fuse(rank(false), order(ctx, rank(true))) : rank(mode === 'semantic')
    )
    const perPage = Math.min(
      100,
      Math.max(1, typeof ctx.query.per_page === 'number' ? ctx.query.per_page : ctx.pageSize)
    )
    const page = typeof ctx.query.page === 'number' && ctx.query.page > 0 ? ctx.query.page : 1
    if ((page - 1) * perPage >= MAX_RESULTS) invalid(ctx, 'Only the first 1000 search results are available')
    const answer = paginate(ctx, ranked.slice(0, MAX_RESULTS))
    const items = (answer.body as Ranked[]).map(({ doc, score }) => {
      const json = issueJson(ctx.base, ctx.state, doc.issue)
      // Search items carry no closed_by, and the description types body as a string: an empty one is left out.
      delete json.closed_by
      if (json.body === null) delete json.body
      if (doc.open && doc.issue.state === 'closed')
        Object.assign(json, { state: 'open', state_reason: null, closed_at: null })
      return { ...json, score: terms.length ? score : 1 }
    })
    const body: Record<string, unknown> = {
      total_count: ranked.length,
      incomplete_results: false,
      items,
      search_type: mode
    }
    if (requested && reasons.length) body.lexical_fallback_reason = reasons
    return { status: 200, body, headers: { ...headers, ...answer.headers } }
  }
}
