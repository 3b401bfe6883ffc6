import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import OpenAI from 'openai'
import { scriptedTriage } from './openai/scripted.js'
import { startModelEmulator, type ChatRequest, type ModelEmulator } from './openai/server.js'

/** The lead's triage schema as of writing; scriptedTriage must not depend on its exact shape. */
function triageSchema(labels: string[], types: string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['labels', 'type', 'summary'],
    properties: {
      labels: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'rationale', 'confidence'],
          properties: {
            name: { type: 'string', enum: labels },
            rationale: { type: 'string' },
            confidence: { type: 'number' }
          }
        }
      },
      type: {
        anyOf: [
          { type: 'null' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'rationale', 'confidence'],
            properties: {
              name: { type: 'string', enum: types },
              rationale: { type: 'string' },
              confidence: { type: 'number' }
            }
          }
        ]
      },
      summary: { type: 'string' }
    }
  }
}

const labels = ['bug', 'documentation', 'enhancement', 'question', 'area: cli', 'good first issue']
const types = ['Bug', 'Feature', 'Task']

function request(issue: string, schema: object = triageSchema(labels, types), preamble = ''): ChatRequest {
  return {
    model: 'test-model',
    messages: [
      { role: 'system', content: 'Label the issue. Possible words: crash, docs, feature, question?' },
      { role: 'user', content: `${preamble}<issue>\n${issue}\n</issue>\nAnswer in JSON.` }
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'triage', strict: true, schema } }
  }
}

interface Answer {
  labels: { name: string; rationale: string; confidence: number }[]
  type: { name: string } | null
  summary: string
}

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true })

function answer(req: ChatRequest): Answer {
  const parsed: unknown = JSON.parse(scriptedTriage(req))
  const validate = ajv.compile(req.response_format?.json_schema?.schema as object)
  const valid = validate(parsed)
  expect(valid ? [] : validate.errors).toEqual([])
  return parsed as Answer
}

describe('scriptedTriage', () => {
  it.each([
    ['Title: App crashes on start\n\nIt panics with an error.', ['bug'], 'Bug'],
    ['Docs are wrong\n\nThe documentation for setup has a typo.', ['documentation'], null],
    ['Add support for YAML\n\nIt would be nice to have this feature.', ['enhancement'], 'Feature'],
    ['How do I configure the cli?', ['question', 'area: cli'], null],
    ['Nothing in particular here.', [], null]
  ])('labels %j as %j with type %j', (issue, expected, type) => {
    const result = answer(request(issue))
    expect(result.labels.map((l) => l.name).sort()).toEqual([...expected].sort())
    expect(result.type?.name ?? null).toBe(type)
    for (const label of result.labels) {
      expect(label.rationale).not.toBe('')
      expect(label.confidence).toBeGreaterThan(0)
      expect(label.confidence).toBeLessThanOrEqual(1)
    }
  })

  it('summarises from the first line of the issue', () => {
    expect(answer(request('# App crashes on start\nmore')).summary).toBe('App crashes on start')
  })

  it('reads only the text between the issue lines', () => {
    const result = answer(request('Just saying hi.', undefined, 'Earlier issues mention a crash and docs.\n'))
    expect(result.labels).toEqual([])
    expect(result.type).toBeNull()
  })

  it('reads the whole last user message when there are no issue lines', () => {
    const req = request('')
    req.messages[1] = { role: 'user', content: 'The build is broken.' }
    expect(answer(req).labels.map((l) => l.name)).toEqual(['bug'])
  })

  it('picks at most three labels from a 180-label enum', () => {
    const many = Array.from({ length: 174 }, (_, i) => `area: component-${i}`)
    many.push('kind/bug', 'type: docs', 'feature request', 'P1 🔥', 'question', 'regression')
    const issue = 'It crashes with an error since 2.0 (a regression?). The docs say it should work. Feature?'
    const result = answer(request(issue, triageSchema(many, types)))
    expect(result.labels).toHaveLength(3)
    expect(result.labels.every((l) => many.includes(l.name))).toBe(true)
    expect(result.labels.map((l) => l.name)).toContain('regression')
  })

  it('is deterministic', () => {
    const req = request('The app crashes. How do I fix it?')
    expect(scriptedTriage(req)).toBe(scriptedTriage(req))
  })

  it('answers other schema shapes generically', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['labels', 'priority', 'confidence', 'duplicates', 'comment'],
      $defs: { level: { type: 'string', enum: ['low', 'medium', 'high'] } },
      properties: {
        labels: {
          type: 'array',
          minItems: 1,
          maxItems: 2,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['label', 'confidence', 'suggest'],
            properties: {
              label: { enum: ['bug', 'wontfix'] },
              confidence: { $ref: '#/$defs/level' },
              suggest: { type: 'boolean' }
            }
          }
        },
        priority: { type: ['string', 'null'], enum: ['p1', 'p2', null] },
        confidence: { type: 'integer', minimum: 0, maximum: 100 },
        duplicates: { type: 'array', items: { type: 'integer' } },
        comment: { type: 'string', minLength: 20, maxLength: 40 }
      }
    }
    const result = answer(request('Totally unrelated text.', schema)) as unknown as Record<string, unknown>
    expect(result.labels).toEqual([{ label: 'bug', confidence: 'low', suggest: false }])
    expect(result.duplicates).toEqual([])
  })

  it('answers valid JSON for any issue text', () => {
    const schema = triageSchema(labels, types)
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (issue) => {
        answer(request(issue, schema))
      }),
      { numRuns: 200 }
    )
  })
})

describe('scriptedTriage behind the emulator', () => {
  let emulator: ModelEmulator
  beforeAll(async () => {
    emulator = await startModelEmulator()
  })
  afterAll(() => emulator.close())

  it('is the default responder, reachable through the OpenAI SDK', async () => {
    const openai = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0 })
    const req = request('Segfault when opening a file: it crashes every time.')
    const completion = await openai.chat.completions.create({
      model: req.model,
      messages: [
        { role: 'system', content: 'Label the issue.' },
        { role: 'user', content: String(req.messages[1]?.content) }
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'triage', strict: true, schema: triageSchema(labels, types) }
      }
    })
    const parsed = JSON.parse(completion.choices[0]?.message.content ?? '') as Answer
    expect(parsed.labels.map((l) => l.name)).toEqual(['bug'])
    expect(parsed.type?.name).toBe('Bug')
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(100)
  })
})
