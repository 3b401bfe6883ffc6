/**
 * GitHub's issue search query language, as the emulator reads it: qualifiers, AND/OR/NOT with parentheses, quoted
 * phrases. Where GitHub documents no rule, the choice is generic:
 * - AND (explicit or a space) binds tighter than OR; parentheses nest up to five levels; more than five
 *   AND/OR/NOT operators is a 422, as the REST search documentation says.
 * - `key:value` with a key GitHub does not know is searched as text (as github.com does); GitHub qualifiers the
 *   emulator has no data for (mentions:, milestone:, linked:, …) match everything. `-word` is text: only
 *   `-qualifier:` and NOT exclude. `repo:`, `org:`, `user:` scope the whole query (spaces between them mean OR).
 * - Dates (`created:`, `updated:`, `closed:`) take `<`, `<=`, `>`, `>=`, a bare value or `A..B` (`*` open), with a
 *   day (YYYY-MM-DD, UTC) or a full ISO timestamp; anything else is a 422.
 */
import { tokenize } from './bm25.js'
import { validationFailed, type Context } from './context.js'
import type { IssueRecord } from './state.js'

/** An issue as search sees it at the cutoff. */
export interface Doc {
  issue: IssueRecord
  /** Open as of the cutoff: never closed, or closed after it. */
  open: boolean
  createdMs: number
  closedMs: number | null
}
type Test = (doc: Doc) => boolean
/** A parsed query: boolean structure over text (terms or a phrase) and qualifier tests. */
export type Node =
  | { k: 'and'; xs: Node[] }
  | { k: 'or'; xs: Node[] }
  | { k: 'not'; x: Node }
  | { k: 'text'; tokens: string[]; phrase: boolean }
  | { k: 'qual'; test: Test }

/** What `q` asks for, plus what decides a semantic search's fallback to lexical. */
export interface Query {
  root: Node | null
  repos: string[]
  fields: ('title' | 'body')[] | undefined
  or: boolean
  quoted: boolean
  text: boolean
  pullRequests: boolean
}

// GitHub's qualifiers for issues that the emulator has no data for; they narrow nothing here.
const UNMODELLED = new Set(
  'mentions commenter involves team milestone project language linked head base status archived draft review reviewed-by review-requested user-review-requested team-review-requested interactions reactions sort parent-issue sub-issue has'.split(
    ' '
  )
)
const SCOPE = new Set(['repo', 'org', 'user'])

/** GitHub's 422 for a query it cannot run. */
export function invalid(ctx: Context, message: string): never {
  validationFailed(ctx, { resource: 'Search', field: 'q', code: 'invalid', message })
}

/** A `created:`-style range: `<X`, `<=X`, `>X`, `>=X`, `X`, `A..B` (`*` open); X a date, a timestamp or a count. */
function range(ctx: Context, raw: string, dates: boolean): (x: number | null) => boolean {
  const span = (text: string): [number, number] => {
    if (!dates && /^\d+$/.test(text)) return [Number(text), Number(text) + 1]
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
    if (!dates || !/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms))
      invalid(ctx, `Invalid value "${raw}".`)
    return [ms, text.length === 10 ? ms + 86_400_000 : ms + 1]
  }
  const cmp = /^(<=|>=|<|>)(.+)$/.exec(raw)
  if (cmp) {
    const [lo, hi] = span(cmp[2]!)
    const op = cmp[1]
    return (x) => x !== null && (op === '<' ? x < lo : op === '<=' ? x < hi : op === '>' ? x >= hi : x >= lo)
  }
  const [from = '', to] = raw.split('..')
  const lo = from === '*' ? -Infinity : span(from)[0]
  const hi = to === undefined ? span(from)[1] : to === '*' ? Infinity : span(to)[1]
  return (x) => x !== null && x >= lo && x < hi
}

function qualifier(ctx: Context, key: string, values: string[]): Test | undefined {
  const lower = values.map((v) => v.toLowerCase())
  const any = (test: (value: string) => Test): Test => {
    const tests = lower.map(test)
    return (doc) => tests.some((t) => t(doc))
  }
  const is = (v: string): Test => {
    if (v === 'issue') return (d) => !d.issue.pull_request
    if (v === 'pr' || v === 'pull-request') return (d) => d.issue.pull_request
    if (v === 'open' || v === 'closed') return (d) => d.open === (v === 'open')
    if (v === 'locked' || v === 'unlocked') return (d) => d.issue.locked === (v === 'locked')
    return () => !['merged', 'draft'].includes(v) // emulated pull requests are never merged or drafts
  }
  const dates = (read: (d: Doc) => number | null) => {
    const tests = values.map((v) => range(ctx, v, true))
    return (d: Doc) => tests.some((t) => t(read(d)))
  }
  switch (key) {
    case 'is':
    case 'state':
      return any(is)
    case 'type':
      return any((v) => (['issue', 'pr'].includes(v) ? is(v) : (d) => d.issue.type?.toLowerCase() === v))
    case 'label':
      return any((v) => (d) => d.issue.labels.some((l) => l.toLowerCase() === v))
    case 'no':
      return any(
        (v) => (d) =>
          v === 'label'
            ? !d.issue.labels.length
            : v === 'assignee'
              ? !d.issue.assignees.length
              : v === 'type'
                ? !d.issue.type
                : true
      )
    case 'author':
      return any((v) => (d) => d.issue.user.login.toLowerCase() === v)
    case 'assignee':
      return any((v) => (d) => d.issue.assignees.some((a) => a.toLowerCase() === v))
    case 'reason':
      return any((v) => (d) => !d.open && d.issue.state_reason === v.replace(/[ -]/g, '_'))
    case 'created':
      return dates((d) => d.createdMs)
    case 'updated':
      return dates((d) => Date.parse(d.issue.updated_at))
    case 'closed':
      return dates((d) => (d.open ? null : d.closedMs))
    case 'comments': {
      const tests = values.map((v) => range(ctx, v, false))
      return (d) => tests.some((t) => t(ctx.state.comments.filter((c) => c.issue === d.issue.number).length))
    }
  }
  return undefined
}

/** Splits `q` into words, quoted phrases, operators and parentheses; quotes inside a word stay in it. */
function lex(q: string): { kind: 'word' | 'phrase' | 'op' | 'open' | 'close'; text: string }[] {
  const out: ReturnType<typeof lex> = []
  let depth = 0
  const closing = (at: number): number => {
    const end = q.indexOf('"', at + 1)
    return end < 0 ? q.length : end
  }
  for (let i = 0; i < q.length;) {
    const c = q[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === '(' || (c === ')' && depth > 0)) {
      depth += c === '(' ? 1 : -1
      out.push({ kind: c === '(' ? 'open' : 'close', text: c })
      i++
    } else if (c === '"') {
      out.push({ kind: 'phrase', text: q.slice(i + 1, closing(i)) })
      i = closing(i) + 1
    } else {
      let j = i
      while (j < q.length && !/\s/.test(q[j]!) && !(q[j] === ')' && depth > 0))
        j = q[j] === '"' ? closing(j) + 1 : j + 1
      const text = q.slice(i, j)
      out.push({ kind: ['AND', 'OR', 'NOT'].includes(text) ? 'op' : 'word', text })
      i = j
    }
  }
  return out
}

/** Parses `q` the way GitHub's issue search reads it (see the file's comment for the choices). */
export function parse(ctx: Context, q: string): Query {
  const lexemes = lex(q)
  const query: Query = {
    root: null,
    repos: [],
    fields: undefined,
    or: false,
    quoted: false,
    text: false,
    pullRequests: false
  }
  if (lexemes.filter((l) => l.kind === 'op').length > 5)
    invalid(ctx, 'The search contains more than 5 AND, OR or NOT operators.')
  let at = 0
  let depth = 0
  const peek = () => lexemes[at]
  const text = (tokens: string[], phrase: boolean): Node | null => {
    if (!tokens.length) return null
    query.text = true
    query.quoted ||= phrase
    return { k: 'text', tokens, phrase }
  }
  const isOp = (text: string): boolean => peek()?.kind === 'op' && peek()?.text === text
  const word = (raw: string): Node | null => {
    const m = /^(-?)([a-z][a-z-]*):(.+)$/is.exec(raw)
    const key = m?.[2]!.toLowerCase() ?? ''
    const values = (m?.[3]!.match(/"[^"]*"?|[^,]+/g) ?? []).map((v) => v.replace(/"/g, '')).filter(Boolean)
    if (SCOPE.has(key)) {
      query.repos.push(...values.map((v) => v.toLowerCase()))
      return null
    }
    if (key === 'in') {
      const fields = values
        .flatMap((v) => v.toLowerCase().split(','))
        .filter((f) => f === 'title' || f === 'body')
      query.fields = [...new Set([...(query.fields ?? []), ...fields])] as Query['fields']
      return null
    }
    const test = m ? qualifier(ctx, key, values) : undefined
    if (test) {
      if (!m![1] && ['is', 'type'].includes(key) && values.some((v) => /^(pr|pull-request)$/i.test(v)))
        query.pullRequests = true
      const node: Node = { k: 'qual', test }
      return m![1] ? { k: 'not', x: node } : node
    }
    if (UNMODELLED.has(key)) return null
    return text(tokenize(raw), false)
  }
  const unary = (): Node | null => {
    const l = lexemes[at++]!
    if (l.kind === 'op' && l.text === 'NOT') {
      const x = at < lexemes.length ? unary() : null
      return x && { k: 'not', x }
    }
    if (l.kind === 'open') {
      if (++depth > 5) invalid(ctx, 'The search nests parentheses more than 5 levels deep.')
      const x = or()
      if (peek()?.kind === 'close') at++
      depth--
      return x
    }
    if (l.kind === 'phrase') return text(tokenize(l.text), true)
    return l.kind === 'word' ? word(l.text) : null
  }
  const and = (): Node | null => {
    const xs: Node[] = []
    while (at < lexemes.length && peek()!.kind !== 'close' && !isOp('OR')) {
      if (isOp('AND')) at++
      else {
        const x = unary()
        if (x) xs.push(x)
      }
    }
    return xs.length > 1 ? { k: 'and', xs } : (xs[0] ?? null)
  }
  const or = (): Node | null => {
    const xs: Node[] = []
    for (;;) {
      const x = and()
      if (x) xs.push(x)
      if (!isOp('OR')) break
      query.or = true
      at++
    }
    return xs.length > 1 ? { k: 'or', xs } : (xs[0] ?? null)
  }
  while (at < lexemes.length) {
    const x = or()
    if (x) query.root = query.root ? { k: 'and', xs: [query.root, x] } : x
    if (peek()?.kind === 'close') at++
  }
  return query
}

/** The positive text of the query, for ranking (terms under NOT only filter). */
export function rankingTerms(node: Node | null): string[] {
  if (!node || node.k === 'not' || node.k === 'qual') return []
  return node.k === 'text' ? node.tokens : node.xs.flatMap(rankingTerms)
}

/** Whether `needle` occurs as consecutive tokens of `haystack`. */
export function hasPhrase(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}
