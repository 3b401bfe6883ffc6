import { counterFor, type TokenCounter } from '../text/tokens.js'
import { neutralizeForPrompt } from '../text/hygiene.js'
import { condenseBody, precut } from './condense.js'
import { candidateBlock, systemMessage, userMessage, type LabelDetail, type PromptInput } from './prompt.js'
import { buildAnswerSchema, type AnswerSchema } from './schema.js'

/** A request that fits the budget, with how it was made to fit. */
export interface BudgetedPrompt {
  system: string
  user: string
  schema: AnswerSchema
  tokens: number
  exactCount: boolean
  labelDetail: LabelDetail
  bodyCondensed: boolean
  /** The candidate issues the prompt shows (the schema's duplicate enum), and their tokens. */
  candidates: number[]
  candidateTokens: number
  notes: string[]
}

export class BudgetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BudgetError'
  }
}

// Chat framing the endpoint adds around messages and the schema (role markers, response_format).
const FRAMING_TOKENS = 24
// Keep room for counting differences between tokenizers of other model families.
const SAFETY = 0.04
// Below this many tokens for the issue itself the label list gives way first.
const ISSUE_FLOOR = 1500
// Bodies longer than this (in characters) are measured on samples.
const SAMPLED_ABOVE = 40_000
// The candidate block never takes more than this, nor more than a quarter of the request.
const CANDIDATE_CAP = 2500

/**
 * Builds the prompt so the whole request fits `maxTokens`: the label list is compacted (full
 * descriptions → short → names only, never dropped) when the issue needs the room, and a long
 * body is condensed to what remains.
 */
export async function budgetPrompt(input: PromptInput, maxTokens: number): Promise<BudgetedPrompt> {
  const limit = Math.floor(maxTokens * (1 - SAFETY))
  const labelSchema = buildAnswerSchema(
    input.labels.map((l) => l.name),
    input.issueTypes.map((t) => t.name),
    (input.candidates ?? []).map((c) => c.number)
  )
  // Cleaning a megabyte costs more than the whole request is worth: cut by characters first (a token
  // is rarely under two characters), keeping the structure condenseBody works with.
  const body = neutralizeForPrompt(precut(input.issue.body, maxTokens * 12))
  const full = userMessage(input, 'full', body)
  const counter = await counterFor(
    [systemMessage(input), full, JSON.stringify(labelSchema.schema)],
    limit - FRAMING_TOKENS
  )

  const notes: string[] = []
  // Fit the candidates first (lowest ranked go), so the schema's enum names exactly what is shown.
  const candidates = [...(input.candidates ?? [])]
  const cap = Math.min(CANDIDATE_CAP, Math.floor(limit / 4))
  while (candidates.length > 0 && counter.count(candidateBlock(candidates)) > cap) candidates.pop()
  if (candidates.length < (input.candidates?.length ?? 0)) {
    notes.push(
      `${(input.candidates?.length ?? 0) - candidates.length} duplicate candidate(s) left out to keep their block within ${cap} tokens`
    )
  }
  input = { ...input, candidates }
  const candidateTokens = candidates.length > 0 ? counter.count(candidateBlock(candidates)) : 0
  const schema = buildAnswerSchema(
    input.labels.map((l) => l.name),
    input.issueTypes.map((t) => t.name),
    candidates.map((c) => c.number)
  )
  const system = systemMessage(input)
  // Counted once each: the system message and schema are in every total below.
  const framing = counter.count(system) + counter.count(JSON.stringify(schema.schema)) + FRAMING_TOKENS
  const fixedTokens = new Map<LabelDetail, number>()
  const fixed = (detail: LabelDetail): number => {
    const known = fixedTokens.get(detail)
    if (known !== undefined) return known
    const tokens = framing + counter.count(userMessage(input, detail, ''))
    fixedTokens.set(detail, tokens)
    return tokens
  }
  const bodyTokens = measure(counter, body)
  const originalTokens =
    body.length < input.issue.body.length
      ? Math.ceil((bodyTokens / body.length) * input.issue.body.length)
      : bodyTokens

  let detail: LabelDetail = 'full'
  for (const d of ['full', 'short', 'names'] as LabelDetail[]) {
    detail = d
    if (limit - fixed(d) >= Math.min(bodyTokens, ISSUE_FLOOR)) break
  }
  if (detail !== 'full') {
    notes.push(
      `${input.labels.length} labels: descriptions ${detail === 'short' ? 'shortened' : 'left out, names kept'} to fit max-input-tokens`
    )
  }

  const room = limit - fixed(detail)
  if (room < 100) {
    throw new BudgetError(
      `The ${input.labels.length} allowed labels alone fill max-input-tokens (${maxTokens}): ` +
        'narrow the "labels" input or raise "max-input-tokens".'
    )
  }

  let text = body
  let condensed = false
  // A sampled estimate that says the whole body fits is checked: what is sent is never under-counted.
  const sizedTokens = bodyTokens <= room && body.length > SAMPLED_ABOVE ? counter.count(body) : bodyTokens
  if (sizedTokens > room) {
    // Work in characters with the measured tokens-per-character of this body, then verify exactly;
    // a cut that does not fit is scaled by what it measured.
    const ratio = Math.max(sizedTokens / Math.max(body.length, 1), 0.05)
    let chars = Math.floor(room / ratio)
    let textTokens = 0
    for (let attempt = 0; attempt < 8; attempt++) {
      const result = condenseBody(body, chars)
      text = result.text
      condensed = true
      textTokens = counter.count(text)
      if (textTokens <= room) break
      chars = Math.min(Math.floor(chars * 0.85), Math.floor(((text.length * room) / textTokens) * 0.95))
    }
    notes.push(`issue body condensed from about ${originalTokens} to ${textTokens} tokens`)
  }

  const user = userMessage(input, detail, text)
  return {
    system,
    user,
    schema,
    // The whole user message, counted exactly: pieces can join across the body's edges.
    tokens: framing + counter.count(user),
    exactCount: counter.exact,
    labelDetail: detail,
    bodyCondensed: condensed,
    candidates: candidates.map((c) => c.number),
    candidateTokens,
    notes
  }
}

// Counting a megabyte exactly takes seconds; a long text is measured on evenly spread samples. The
// estimate only sizes the first cut (what is kept is counted exactly), so 8,000 characters do: more
// cost ~1 ms per 1,000 characters on a cold start, and a cut word at each edge adds a token or so.
function measure(counter: TokenCounter, text: string): number {
  if (text.length <= SAMPLED_ABOVE) return counter.count(text)
  const slices = 16
  const size = 500
  let sampled = 0
  for (let i = 0; i < slices; i++) {
    const start = Math.floor(((text.length - size) * i) / (slices - 1))
    sampled += counter.count(text.slice(start, start + size))
  }
  return Math.ceil((sampled / (slices * size)) * text.length)
}
