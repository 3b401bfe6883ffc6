import { z } from 'zod'

/** The JSON schema the model must answer with; enums hold exactly the choices policy allows. */
export interface AnswerSchema {
  name: string
  schema: Record<string, unknown>
}

const choiceItem = (names: string[], what: string): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'rationale', 'confidence'],
  properties: {
    name: { type: 'string', enum: names, description: `One of the allowed ${what}.` },
    rationale: { type: 'string', description: 'One short sentence citing the issue.' },
    confidence: { type: 'number', description: 'From 0 to 1.' }
  }
})

/**
 * Builds the strict structured-output schema. Fields appear only when there is something to choose
 * (strict mode forbids empty enums), and every property is required, as strict mode demands.
 */
export function buildAnswerSchema(
  labelNames: string[],
  typeNames: string[],
  /** Numbers of the candidate issues shown; the duplicates field exists only when there are some. */
  candidateNumbers: number[] = []
): AnswerSchema {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  if (labelNames.length > 0) {
    properties.labels = { type: 'array', items: choiceItem(labelNames, 'labels') }
    required.push('labels')
  }
  if (typeNames.length > 0) {
    properties.type = { anyOf: [choiceItem(typeNames, 'issue types'), { type: 'null' }] }
    required.push('type')
  }
  if (candidateNumbers.length > 0) {
    properties.duplicates = {
      type: 'array',
      description: 'Candidates this issue duplicates; usually empty.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['number', 'confidence', 'reason'],
        properties: {
          number: { type: 'integer', enum: candidateNumbers, description: 'One of the candidate numbers.' },
          confidence: { type: 'number', description: 'From 0 to 1.' },
          reason: { type: 'string', description: 'One line: would fixing that issue fix this one, and why.' }
        }
      }
    }
    required.push('duplicates')
  }
  properties.summary = { type: 'string', description: 'One sentence: what the issue is about.' }
  required.push('summary')
  return {
    name: 'triage_decision',
    schema: { type: 'object', additionalProperties: false, required, properties }
  }
}

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
