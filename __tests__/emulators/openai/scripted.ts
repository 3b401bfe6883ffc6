import { rankCandidates, type Match } from './keywords.js'
import { messageText } from './tokens.js'
import type { ChatRequest } from './types.js'

type Schema = Record<string, unknown>

interface Context {
  root: Schema
  issue: string
  summary: string
  /** Earlier issues listed in a `<candidates>` block of the prompt, by number. */
  candidates: Map<number, string>
}

/** Where a list of candidates sits in a schema: the node itself is an enum, or one field of an object is. */
type Pick = { values: unknown[]; field?: string }

const maxPicks = 3
const confidenceKey = /confidence|certainty|score/i
const reasonKey = /rationale|reason|explanation|why|evidence/i
const summaryKey = /summary|title|description|overview/i

/**
 * A deterministic stand-in model for tests, benchmarks and demos. It reads the JSON schema in
 * `response_format` and answers JSON valid for it, choosing enum values (labels, issue types) whose
 * names, words or themes appear in the issue: the text between the `<issue>` and `</issue>` lines of
 * the last user message, or that whole message when there are no such lines. At most three picks per
 * list, each with a rationale and a confidence when the schema asks for them.
 */
export function scriptedTriage(req: ChatRequest): string {
  const issue = issueText(req)
  const summary = summarize(issue)
  const schema = req.response_format?.json_schema?.schema
  // Without a schema (json_object mode, or no response_format) there is nothing to conform to; answer
  // in the action's usual shape so the client's own validation gets something plausible to check.
  if (!isSchema(schema)) return JSON.stringify({ labels: [], type: null, summary })
  return JSON.stringify(generate(schema, { root: schema, issue, summary, candidates: candidatesOf(req) }, ''))
}

/** The `#N (state) title` entries (with their preview lines) of a `<candidates>` block. */
function candidatesOf(req: ChatRequest): Map<number, string> {
  const user = [...req.messages].reverse().find((message) => message.role === 'user')
  const block = /^<candidates>\n([\s\S]*?)^<\/candidates>$/m.exec(user === undefined ? '' : messageText(user))
  const found = new Map<number, string>()
  let current: number | undefined
  for (const line of (block?.[1] ?? '').split('\n')) {
    const head = /^#(\d+) /.exec(line)
    if (head) found.set((current = Number(head[1])), line)
    else if (current !== undefined) found.set(current, `${found.get(current)} ${line}`)
  }
  return found
}

const significant = (text: string) =>
  new Set(
    (text.toLowerCase().match(/[a-z0-9_]{4,}/g) ?? []).filter(
      (w) => !/^(open|closed|with|when|that|this|from)$/.test(w)
    )
  )

// A duplicate claim needs most of the candidate's words in the issue: a careful model says "none" often.
function duplicateMatches(values: unknown[], ctx: Context): Match[] {
  const issue = significant(ctx.issue)
  return values
    .filter((v): v is number => typeof v === 'number' && ctx.candidates.has(v))
    .map((v) => {
      const words = significant(ctx.candidates.get(v)!)
      const shared = [...words].filter((w) => issue.has(w)).length
      return { value: v, overlap: words.size === 0 ? 0 : shared / words.size }
    })
    .filter((m) => m.overlap >= 0.5)
    .sort((a, b) => b.overlap - a.overlap)
    .slice(0, 1)
    .map((m) => ({
      value: m.value,
      strength: Math.min(0.95, 0.6 + m.overlap / 2),
      reason: `#${m.value} describes the same failure in the same words.`
    }))
}

/** The issue part of the last user message. */
export function issueText(req: ChatRequest): string {
  const user = [...req.messages].reverse().find((message) => message.role === 'user')
  const text = user === undefined ? '' : messageText(user)
  const block = /^<issue\b[^>\n]*>[ \t]*\r?\n([\s\S]*?)^<\/issue>[ \t]*$/m.exec(text)
  return block?.[1] ?? text
}

function summarize(issue: string): string {
  const line = issue
    .split('\n')
    .map((l) => l.replace(/^[#\s]*(title:)?\s*/i, '').trim())
    .find((l) => l !== '')
  if (line === undefined) return 'The issue has no text.'
  return line.length > 100 ? `${line.slice(0, 97)}...` : line
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function resolve(schema: unknown, root: Schema): Schema {
  let node = isSchema(schema) ? schema : {}
  // Local references only (`#/$defs/x`), the kind structured-output schemas use.
  for (let hops = 0; typeof node.$ref === 'string' && hops < 20; hops += 1) {
    const path = node.$ref.replace(/^#\/?/, '').split('/').filter(Boolean)
    let target: unknown = root
    for (const part of path)
      target = isSchema(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
    node = isSchema(target) ? target : {}
  }
  return node
}

function typeOf(schema: Schema): string | undefined {
  const { type } = schema
  if (typeof type === 'string') return type
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0]
  if (isSchema(schema.properties)) return 'object'
  if (schema.items !== undefined) return 'array'
  return undefined
}

function variantsOf(schema: Schema): Schema[] | undefined {
  const variants = schema.anyOf ?? schema.oneOf
  return Array.isArray(variants) ? variants : undefined
}

function allowsNull(schema: Schema): boolean {
  const { type } = schema
  return type === 'null' || (Array.isArray(type) && type.includes('null'))
}

/** The candidate list this node offers, if it is a list of names to choose from. */
function pickOf(schema: Schema, root: Schema): Pick | undefined {
  if (Array.isArray(schema.enum)) return { values: schema.enum.filter((v) => v !== null) }
  if (!isSchema(schema.properties)) return undefined
  const properties = schema.properties
  const keys = Object.keys(properties).filter((key) => !confidenceKey.test(key))
  const preferred = ['name', 'label', 'value', 'id', 'type']
  keys.sort((a, b) => rank(preferred, a) - rank(preferred, b))
  for (const field of keys) {
    const values = resolve(properties[field], root).enum
    if (Array.isArray(values)) return { values: values.filter((v) => v !== null), field }
  }
  return undefined
}

function rank(order: string[], key: string): number {
  const index = order.indexOf(key)
  return index === -1 ? order.length : index
}

function generate(node: unknown, ctx: Context, key: string, match?: Match): unknown {
  const schema = resolve(node, ctx.root)
  if ('const' in schema) return schema.const
  const variants = variantsOf(schema)
  if (variants !== undefined) return generateChoice(variants, ctx, key, match)
  if (Array.isArray(schema.enum)) return generateEnum(schema.enum, ctx, key, match)
  switch (typeOf(schema)) {
    case 'object':
      return generateObject(schema, ctx, match)
    case 'array':
      return generateArray(schema, ctx)
    case 'string':
      return generateString(schema, ctx, key, match)
    case 'number':
    case 'integer':
      return generateNumber(schema, key, match)
    case 'boolean':
      return false
    default:
      return null
  }
}

function generateEnum(values: unknown[], ctx: Context, key: string, match?: Match): unknown {
  if (confidenceKey.test(key)) {
    const level =
      (match?.strength ?? 0.5) >= 0.85 ? 'high' : (match?.strength ?? 0.5) >= 0.65 ? 'medium' : 'low'
    return values.find((v) => String(v).toLowerCase() === level) ?? values[0]
  }
  return rankCandidates(values, ctx.issue)[0]?.value ?? values.find((v) => v !== null) ?? values[0]
}

// A nullable choice (`anyOf: [{type: null}, {…enum…}]`, how strict schemas spell "optional") picks a
// candidate only when the issue points at one; otherwise it answers null when allowed.
function generateChoice(variants: Schema[], ctx: Context, key: string, match?: Match): unknown {
  const resolved = variants.map((variant) => resolve(variant, ctx.root))
  const nullable = resolved.some(allowsNull)
  const concrete = resolved.filter(
    (variant) => typeOf(variant) !== 'null' || variantsOf(variant) !== undefined
  )
  for (const variant of concrete) {
    const pick = pickOf(variant, ctx.root)
    if (pick === undefined) continue
    const best = rankCandidates(pick.values, ctx.issue)[0]
    if (best !== undefined) return fill(variant, pick, best, ctx)
  }
  if (nullable) return null
  const first = concrete[0]
  if (first === undefined) return null
  const pick = pickOf(first, ctx.root)
  if (pick !== undefined && pick.values.length > 0) return fill(first, pick, fallback(pick.values[0]), ctx)
  return generate(first, ctx, key, match)
}

function generateObject(schema: Schema, ctx: Context, match?: Match): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {}
  // Strict schemas list every property as required; a loose one without `required` gets them all.
  const keys = Array.isArray(schema.required) ? schema.required.map(String) : Object.keys(properties)
  const result: Record<string, unknown> = {}
  for (const key of keys) result[key] = generate(properties[key], ctx, key, match)
  return result
}

function generateArray(schema: Schema, ctx: Context): unknown[] {
  const items = resolve(schema.items, ctx.root)
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity
  const pick = pickOf(items, ctx.root)
  if (pick === undefined) return Array.from({ length: min }, () => generate(items, ctx, ''))
  const numeric = pick.values.length > 0 && pick.values.every((v) => typeof v === 'number')
  const chosen = numeric
    ? duplicateMatches(pick.values, ctx)
    : rankCandidates(pick.values, ctx.issue).slice(0, Math.min(maxPicks, max))
  // Pad with unmatched candidates only when the schema insists on more than the issue supports.
  for (const value of pick.values) {
    if (chosen.length >= min) break
    if (!chosen.some((m) => m.value === value)) chosen.push(fallback(value))
  }
  return chosen.map((m) => fill(items, pick, m, ctx))
}

function fallback(value: unknown): Match {
  return {
    value,
    strength: 0.3,
    reason: 'Nothing in the issue points elsewhere; chosen to satisfy the schema.'
  }
}

function fill(schema: Schema, pick: Pick, match: Match, ctx: Context): unknown {
  if (pick.field === undefined) return match.value
  return { ...generateObject(schema, ctx, match), [pick.field]: match.value }
}

function generateString(schema: Schema, ctx: Context, key: string, match?: Match): string {
  let text = reasonKey.test(key)
    ? (match?.reason ?? 'Chosen by the scripted model emulator.')
    : summaryKey.test(key)
      ? ctx.summary
      : 'scripted'
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity
  if (text.length < min) text = text.padEnd(min, '.')
  return text.length > max ? text.slice(0, max) : text
}

function generateNumber(schema: Schema, key: string, match?: Match): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity
  const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity
  let value = confidenceKey.test(key) ? (match?.strength ?? 0.5) : Math.max(min, 0)
  // Some schemas put confidence on a 0-100 scale.
  if (confidenceKey.test(key) && max > 1 && max !== Infinity) value *= 100
  if (schema.type === 'integer') value = Math.round(value)
  return Math.min(max, Math.max(min, value))
}
