import * as z from 'zod/mini'

// Kept apart from the JSON schema builder: zod is loaded only to check an answer, while the model
// call is in flight, not at start. zod/mini (the same checks, built from functions) loads in about
// 17 ms where the classic API takes 43: the model's answer often arrives before classic zod is ready.

const text = (max: number) => z.string().check(z.maxLength(max))
const unit = z.number().check(z.gte(0), z.lte(1))
const choice = z.object({ name: text(200), rationale: z._default(text(4000), ''), confidence: unit })

/**
 * The answer's shape as checked in code, whatever the endpoint enforced: names are free strings
 * here (policy matches them against live labels later), numbers must be 0..1.
 */
export const answerShape = z.object({
  // Required, even when empty: an answer without them ({}, a refusal) is no decision.
  labels: z.array(choice).check(z.maxLength(200)),
  type: z.nullable(choice),
  duplicates: z._default(
    z
      .array(z.object({ number: z.int(), confidence: unit, reason: z._default(text(4000), '') }))
      .check(z.maxLength(50)),
    []
  ),
  summary: z._default(text(4000), '')
})

type ParsedAnswer = z.infer<typeof answerShape>
/** A parsed answer; `duplicates` may be absent when no candidates were shown. */
export type ModelAnswer = Omit<ParsedAnswer, 'duplicates'> & Partial<Pick<ParsedAnswer, 'duplicates'>>

/**
 * Parses the model's text into an answer, or explains what is wrong in one line. A refusal (`refusal`
 * in place of the answer, as OpenAI-compatible endpoints report one) is said to be one.
 */
export function parseAnswer(
  text: string,
  /** The fields the request's schema asked for: one it did not offer (no issue types, no labels) may be absent. */
  asked: readonly string[] = ['labels', 'type']
): { ok: true; answer: ModelAnswer } | { ok: false; error: string; refusal?: string } {
  const json = extractJson(text)
  if (json === undefined) return { ok: false, error: 'the answer is not a JSON object' }
  const { refusal, labels } = json as { refusal?: unknown; labels?: unknown }
  if (typeof refusal === 'string' && labels === undefined)
    return { ok: false, error: 'the model refused to answer', refusal }
  // A strict endpoint cannot answer a field the schema did not have; an answer with nothing that was
  // asked for ({}) is still no decision.
  const answer = json as Record<string, unknown>
  const offered = ['labels', 'type'].filter((field) => asked.includes(field))
  if (offered.length > 0 && offered.every((field) => answer[field] === undefined))
    return { ok: false, error: `${offered[0]}: expected ${offered[0] === 'labels' ? 'array' : 'object'}` }
  if (!asked.includes('labels')) answer.labels ??= []
  if (!asked.includes('type')) answer.type ??= null
  const parsed = answerShape.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'answer'
    return { ok: false, error: `${where}: ${issue ? problem(issue) : 'does not match the schema'}` }
  }
  return { ok: true, answer: parsed.data }
}

// zod/mini leaves messages generic ("Invalid input"); the model's second try needs to know what to fix.
function problem(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`
    case 'too_big':
      return issue.origin === 'number'
        ? `must be at most ${String(issue.maximum)}`
        : `must have at most ${String(issue.maximum)} items or characters`
    case 'too_small':
      return issue.origin === 'number'
        ? `must be at least ${String(issue.minimum)}`
        : `must have at least ${String(issue.minimum)} items or characters`
    default:
      return issue.message
  }
}

// Endpoints without schema support may wrap JSON in a code fence or add prose around it.
function extractJson(text: string): unknown {
  const trimmed = text.trim()
  const candidates = [trimmed]
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(trimmed)
  if (fenced?.[1]) candidates.push(fenced[1].trim())
  const first = trimmed.indexOf('{')
  const last = trimmed.lastIndexOf('}')
  if (first >= 0 && last > first) candidates.push(trimmed.slice(first, last + 1))
  for (const c of candidates) {
    try {
      const value: unknown = JSON.parse(c)
      if (value && typeof value === 'object' && !Array.isArray(value)) return value
    } catch {
      // try the next candidate
    }
  }
  return undefined
}
