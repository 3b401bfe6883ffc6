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

export type { ModelAnswer } from './answer.js'
