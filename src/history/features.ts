// Features of an issue for the history classifier. Issues are not prose: the title carries most of the
// intent, issue forms put the answer to "what kind of report is this" in `### headings`, and the mere
// presence of a stack trace, a code block or a version line says more than the tokens inside them.

/** The text of an issue the classifier reads. */
export interface IssueText {
  title: string
  body: string
}

/** A bag of named features with their weights, before the vocabulary maps names to columns. */
export type FeatureBag = Map<string, number>

// Title words count more than body words: a title is written to be read at a glance, a body is long
// and repeats boilerplate (templates, logs).
const TITLE_WEIGHT = 2
const MAX_TOKEN = 30
// Long bodies (logs pasted whole) would otherwise drown the title; the first few thousand characters
// hold the description.
const MAX_BODY = 4000

const FENCE = /```[\s\S]*?(?:```|$)/g
const HEADING = /^#{1,6}\s+(.+)$/gm
const TRACE =
  /^\s*(at .+\(.+:\d+(:\d+)?\)|at \S+:\d+|File ".+", line \d+|Traceback \(most recent call|thread '.+' panicked at|stack backtrace:|\s*\d+: 0x[0-9a-f]+)/im
const VERSION = /\b(version|v)?\s*:?\s*\d+\.\d+(\.\d+)?(-[\w.]+)?\b/i
const ERROR_LINE = /^\s*(error|warning)(\[\w+\])?:/im
const STOP = new Set(
  'the a an and or of to in on for is it this that be with as at by are was if not i we you my our from have has but can when'.split(
    ' '
  )
)

/** Lower-cased word tokens; numbers and one-letter words say little about the kind of issue. */
export function words(text: string): string[] {
  const out: string[] = []
  for (const raw of text.toLowerCase().split(/[^a-z0-9_+#'-]+/)) {
    const word = raw.replace(/^['-]+|['-]+$/g, '')
    if (word.length < 2 || word.length > MAX_TOKEN || /^\d+$/.test(word) || STOP.has(word)) continue
    out.push(word)
  }
  return out
}

function add(bag: FeatureBag, name: string, weight: number): void {
  bag.set(name, (bag.get(name) ?? 0) + weight)
}

function addWords(bag: FeatureBag, tokens: string[], weight: number, prefix: string): void {
  tokens.forEach((word, i) => {
    add(bag, `${prefix}${word}`, weight)
    // Bigrams catch "feature request", "doesn't work", "how to" that single words blur.
    const next = tokens[i + 1]
    if (next) add(bag, `${prefix}${word} ${next}`, weight * 0.5)
  })
}

/** How an issue is turned into features; stored with a model so prediction reads issues the same way. */
export interface FeatureOptions {
  /** Shortest and longest character n-gram taken inside words (`[3, 5]`); `null` for none. */
  charGrams: [number, number] | null
  /** Whether body words give character n-grams too, or only title words. */
  bodyCharGrams: boolean
}

/**
 * Character n-grams of a word, with `<` and `>` marking its ends so a prefix (`<cras`) or a suffix
 * (`ing>`) is a feature of its own: "crash", "crashes" and "crashing" then share most of their
 * features, which words alone cannot tell a model trained on a few hundred issues. A word shorter than
 * the smallest n gives its whole marked form.
 */
export function charGrams(word: string, min: number, max: number): string[] {
  const marked = `<${word}>`
  if (marked.length <= min) return [marked]
  const out: string[] = []
  for (let n = min; n <= max; n++)
    for (let i = 0; i + n <= marked.length; i++) out.push(marked.slice(i, i + n))
  return out
}

function addCharGrams(bag: FeatureBag, tokens: string[], weight: number, options: FeatureOptions): void {
  if (!options.charGrams) return
  const [min, max] = options.charGrams
  for (const word of tokens) for (const gram of charGrams(word, min, max)) add(bag, `c:${gram}`, weight)
}

const NO_CHAR_GRAMS: FeatureOptions = { charGrams: null, bodyCharGrams: false }

/**
 * The features of one issue: title words (their own names and, weighted, the shared word names),
 * body words outside code, issue-form headings, and marker tokens for code blocks, stack traces,
 * compiler errors, version lines and questions; with `options.charGrams`, character n-grams of the
 * words under `c:` names.
 */
export function extractFeatures(issue: IssueText, options: FeatureOptions = NO_CHAR_GRAMS): FeatureBag {
  const bag: FeatureBag = new Map()
  const title = issue.title ?? ''
  const body = (issue.body ?? '').slice(0, MAX_BODY)
  const titleWords = words(title)
  addWords(bag, titleWords, TITLE_WEIGHT, 'w:')
  addWords(bag, titleWords, 1, 't:')
  addCharGrams(bag, titleWords, TITLE_WEIGHT, options)
  if (/\?\s*$/.test(title)) add(bag, 'm:title-question', 1)

  const fences = body.match(FENCE) ?? []
  if (fences.length) add(bag, 'm:code', 1)
  const prose = body.replace(FENCE, ' ')
  for (const match of prose.matchAll(HEADING)) add(bag, `h:${words(match[1] ?? '').join(' ')}`, 1)
  const bodyWords = words(prose)
  addWords(bag, bodyWords, 1, 'w:')
  if (options.bodyCharGrams) addCharGrams(bag, bodyWords, 1, options)

  if (TRACE.test(body)) add(bag, 'm:trace', 1)
  if (ERROR_LINE.test(body)) add(bag, 'm:error-line', 1)
  if (VERSION.test(body)) add(bag, 'm:version', 1)
  if (/\?/.test(prose)) add(bag, 'm:question', 1)
  if (/- \[[ x]\]/i.test(body)) add(bag, 'm:checklist', 1)
  if (!body.trim()) add(bag, 'm:empty-body', 1)
  return bag
}
