/**
 * Search queries for duplicate candidates, built from an issue's own words. Issue text is untrusted:
 * nothing from it may become a search qualifier (`repo:other/x`), an operator or a quoted phrase, so
 * every term is reduced to letters, digits and `_` before it goes near a query.
 */

/** GitHub's limit on the whole `q` parameter. */
export const MAX_QUERY = 256
/** GitHub allows at most five AND/OR/NOT operators in one query. */
export const MAX_OR_TERMS = 6

// Words that say nothing about which issue this is: English glue and the vocabulary of every bug report.
const STOP = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can cannot could did do does doing done down during each else even ever every few ' +
    'for from further get gets getting got had has have having he her here hers him his how i if in into is ' +
    'it its itself just let like make makes many may me might more most much must my no nor not now of off ' +
    'on once only or other our out over own same see seems she should so some such than that the their them ' +
    'then there these they this those though through to too under until up upon us use used using very via ' +
    'was we were what when where which while who whom why will with within without would yet you your ' +
    'bug bugs issue issues error errors problem problems fail fails failed failing failure work works ' +
    'working broken wrong crash crashes crashing unable instead expected actual behavior behaviour ' +
    'please thanks thank hi hello help new want need try tried trying version latest current still ' +
    'happen happens happening occur occurs way thing things something anything nothing example code ' +
    'file files run runs running'
  ).split(' ')
)

/** A term and how much it is expected to single out the issue. */
export interface Term {
  text: string
  weight: number
}

// Identifiers carry the most signal in bug reports: snake_case, CamelCase, paths, error codes.
const IDENTIFIER = /[_:]|[a-z][A-Z]|[A-Z]{2,}[a-z]|\d/

/** Splits text into search-safe words: letters, digits and underscores only, 2–40 characters. */
export function words(text: string): string[] {
  return (text.match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => w.length >= 2 && w.length <= 40)
}

function isUseful(word: string): boolean {
  const lower = word.toLowerCase()
  if (STOP.has(lower)) return false
  if (/^\d+$/.test(word)) return word.length >= 4 && word.length <= 8
  return lower.length >= 3 || /\d/.test(lower)
}

// Code spans and error lines name the thing that broke; plain prose names the reporter's mood.
function codeParts(body: string): string {
  const spans = [
    ...body.matchAll(/`([^`\n]{2,120})`/g),
    ...body.matchAll(/^.*\b(?:error|panic|exception|warning|failed)\b.*$/gim)
  ]
  return spans.map((m) => m[1] ?? m[0]).join(' ')
}

/**
 * The distinctive terms, best first: title words weigh most, identifiers and words from code
 * spans or error lines more than prose. `rarity` (term → 0..1, 1 = rare) comes from earlier search
 * results when there are some, so words common to many issues sink.
 */
export function distinctiveTerms(
  title: string,
  body: string,
  rarity: (term: string) => number = () => 1
): Term[] {
  const scores = new Map<string, { text: string; weight: number }>()
  const add = (text: string, weight: number) => {
    if (!isUseful(text)) return
    const key = text.toLowerCase()
    const bonus = IDENTIFIER.test(text) ? 1.5 : 1
    const entry = scores.get(key) ?? { text, weight: 0 }
    entry.weight += weight * bonus
    scores.set(key, entry)
  }
  for (const w of words(title)) add(w, 3)
  const head = body.slice(0, 20_000)
  for (const w of words(codeParts(head))) add(w, 1.2)
  for (const w of words(head)) add(w, 0.25)
  return (
    [...scores.values()]
      .map((t) => ({ text: t.text, weight: Math.min(t.weight, 6) * rarity(t.text.toLowerCase()) }))
      .filter((t) => t.weight > 0)
      // Ties by code unit, not localeCompare: the same order everywhere, and no ~9 ms ICU collator start.
      .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
  )
}

/** The qualifiers every candidate query carries. */
export function qualifiers(owner: string, repo: string, createdBefore: string, openOnly: boolean): string {
  const parts = [`repo:${owner}/${repo}`, 'is:issue']
  if (openOnly) parts.push('is:open')
  // Only issues older than this one can be its original; GitHub takes full ISO 8601 times.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(createdBefore)) parts.push(`created:<${createdBefore}`)
  return parts.join(' ')
}

/**
 * A query for semantic/hybrid search: the title's words, then the strongest other terms, no operators
 * (hybrid search falls back to lexical on OR and on quotes).
 */
export function semanticQuery(prefix: string, title: string, terms: Term[]): string {
  const seen = new Set<string>()
  let q = prefix
  const push = (w: string) => {
    const key = w.toLowerCase()
    if (seen.has(key) || STOP.has(key) || key === 'or' || key === 'and' || key === 'not') return
    if (q.length + 1 + w.length > MAX_QUERY) return
    seen.add(key)
    q += ` ${w}`
  }
  for (const w of words(title)) push(w)
  for (const t of terms) push(t.text)
  return q
}

/**
 * A lexical query: up to six terms joined with OR, so no single missing word hides the original. The
 * terms are grouped in parentheses: AND (a space) binds tighter than OR, so without them the
 * qualifiers would hold for the first term only, and the other terms would also match pull requests,
 * newer issues and this issue itself.
 */
export function lexicalQuery(prefix: string, terms: Term[]): string | undefined {
  const query = (words: string[]) => `${prefix} (${words.join(' OR ')})`
  const picked: string[] = []
  for (const t of terms) {
    if (picked.length >= MAX_OR_TERMS) break
    if (query([...picked, t.text]).length > MAX_QUERY) break
    picked.push(t.text)
  }
  return picked.length === 0 ? undefined : query(picked)
}
