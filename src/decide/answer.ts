import { z } from 'zod'

// Kept apart from the JSON schema builder: zod is loaded only to check an answer, while the
// model call is in flight, not at start.

const choice = z.object({
  name: z.string().max(200),
  rationale: z.string().max(4000).default(''),
  confidence: z.number().min(0).max(1)
})

/**
 * The answer's shape as checked in code, whatever the endpoint enforced: names are free strings
 * here (policy matches them against live labels later), numbers must be 0..1.
 */
export const answerShape = z.object({
  labels: z.array(choice).max(200).default([]),
  type: choice.nullable().default(null),
  duplicates: z
    .array(
      z.object({
        number: z.number().int(),
        confidence: z.number().min(0).max(1),
        reason: z.string().max(4000).default('')
      })
    )
    .max(50)
    .default([]),
  summary: z.string().max(4000).default('')
})

type ParsedAnswer = z.infer<typeof answerShape>
/** A parsed answer; `duplicates` may be absent when no candidates were shown. */
export type ModelAnswer = Omit<ParsedAnswer, 'duplicates'> & Partial<Pick<ParsedAnswer, 'duplicates'>>

/** Parses the model's text into an answer, or explains what is wrong in one line. */
export function parseAnswer(text: string): { ok: true; answer: ModelAnswer } | { ok: false; error: string } {
  const json = extractJson(text)
  if (json === undefined) return { ok: false, error: 'the answer is not a JSON object' }
  const parsed = answerShape.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'answer'
    return { ok: false, error: `${where}: ${issue?.message ?? 'does not match the schema'}` }
  }
  return { ok: true, answer: parsed.data }
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
