/**
 * OpenAPI 3.0 schemas turned into JSON Schema that ajv can compile, and the two ajv instances that check them.
 * Kept apart from the routing in spec.ts because this part knows nothing about GitHub.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'

/** The parts of an OpenAPI 3.0 document the emulator reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>
}

/** One operation (method + path) of the description. */
export interface OpenApiOperation {
  operationId: string
  externalDocs?: { url: string }
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }[]
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> }
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>
}

/** A JSON (or OpenAPI) schema object; its keywords are read loosely. */
export type Schema = Record<string, unknown>

const fixture = new URL('../../../__fixtures__/github-rest-openapi-subset.json', import.meta.url)
let loaded: OpenApiDocument | undefined

/** The fixture, parsed once per process: every emulator shares it and nobody mutates it. */
export function openApiDocument(): OpenApiDocument {
  loaded ??= JSON.parse(readFileSync(fixture, 'utf8')) as OpenApiDocument
  return loaded
}

const SCHEMA_MAPS = ['properties', 'patternProperties'] as const
const SCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf'] as const
const SCHEMA_SINGLES = ['items', 'not', 'additionalProperties'] as const

/**
 * Copies an OpenAPI 3.0 schema into JSON Schema. The only keyword that changes meaning is `nullable`: ajv's own
 * support throws when `nullable` sits beside `oneOf` without `type` (the description does that, e.g. the `type`
 * field of an issue update), so null is spelled out as an `anyOf` branch instead.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema
  const source = schema as Schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'discriminator') continue
    if ((SCHEMA_MAPS as readonly string[]).includes(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]))
    } else if ((SCHEMA_LISTS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema)
    } else if ((SCHEMA_SINGLES as readonly string[]).includes(key)) {
      out[key] = toJsonSchema(value)
    } else {
      out[key] = value
    }
  }
  if (source.nullable === true) return { anyOf: [out, { type: 'null' }] }
  return out
}

/** Calls `visit` on each direct subschema of `schema`, with a setter to replace it. */
function eachSubschema(
  schema: Schema,
  visit: (sub: unknown, replace: (next: unknown) => void) => void
): void {
  for (const key of SCHEMA_MAPS) {
    const map = schema[key] as Schema | undefined
    if (map && typeof map === 'object')
      for (const name of Object.keys(map)) visit(map[name], (next) => (map[name] = next))
  }
  for (const key of SCHEMA_LISTS) {
    const list = schema[key]
    if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, (next) => (list[i] = next)))
  }
  for (const key of SCHEMA_SINGLES) {
    if (typeof schema[key] === 'object' && schema[key] !== null)
      visit(schema[key], (next) => (schema[key] = next))
  }
}

/**
 * The description is dereferenced, so one user object is written out hundreds of times (the events list is 340 kB
 * of schema). Ajv compiles each copy separately, which takes seconds; moving large repeated subschemas into
 * `definitions` and pointing at them with `$ref` makes the same check compile in a fraction of that.
 */
export function shareRepeated(root: unknown): unknown {
  if (typeof root !== 'object' || root === null) return root
  const texts = new Map<object, string>()
  const counts = new Map<string, number>()
  const measure = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return
    eachSubschema(node as Schema, (sub) => measure(sub))
    const text = JSON.stringify(node)
    texts.set(node, text)
    if (text.length > 400) counts.set(text, (counts.get(text) ?? 0) + 1)
  }
  measure(root)
  const definitions: Record<string, unknown> = {}
  const names = new Map<string, string>()
  const share = (node: unknown, replace: (next: unknown) => void): void => {
    const text = texts.get(node as object)
    if (text === undefined) return
    if ((counts.get(text) ?? 0) < 2) return eachSubschema(node as Schema, share)
    let name = names.get(text)
    if (!name) {
      name = `s${names.size}`
      names.set(text, name)
      definitions[name] = node
      eachSubschema(node as Schema, share)
    }
    replace({ $ref: `#/definitions/${name}` })
  }
  eachSubschema(root as Schema, share)
  return { ...(root as Schema), definitions }
}

// Formats are not checked: ajv-formats is not installed, and GitHub itself accepts e.g. any `since` it can parse.
const options = { strict: false, allErrors: true, validateFormats: false, inlineRefs: false } as const
let bodyAjv: Ajv | undefined
let paramAjv: Ajv | undefined
const cache = new Map<string, ValidateFunction>()

/**
 * Compiles `schema` (OpenAPI flavour) once per `key`. Parameters arrive as strings, so `coerce` turns "2" into 2
 * where the description says integer; bodies are JSON and must already have the right types.
 */
export function compiled(key: string, schema: () => unknown, coerce = false): ValidateFunction {
  const cacheKey = `${coerce ? 'param' : 'body'} ${key}`
  let validate = cache.get(cacheKey)
  if (!validate) {
    const ajv = coerce
      ? (paramAjv ??= new Ajv({ ...options, coerceTypes: true }))
      : (bodyAjv ??= new Ajv(options))
    validate = ajv.compile(shareRepeated(toJsonSchema(schema())) as Schema)
    cache.set(cacheKey, validate)
  }
  return validate
}

/** ajv's errors as one line each, e.g. `body/labels must NOT have fewer than 1 items`. */
export function describeErrors(errors: ErrorObject[] | null | undefined, dataVar: string): string {
  if (!errors?.length) return ''
  // The `anyOf [schema, null]` that stands for `nullable` adds two lines of noise to every real complaint.
  const noise = (e: ErrorObject): boolean =>
    (e.keyword === 'type' && e.params.type === 'null') || e.keyword === 'anyOf'
  const useful = errors.some((e) => !noise(e)) ? errors.filter((e) => !noise(e)) : errors
  const lines = useful.map((e) => {
    const allowed =
      e.keyword === 'enum'
        ? `: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
        : e.keyword === 'additionalProperties'
          ? `: ${String((e.params as { additionalProperty: string }).additionalProperty)}`
          : ''
    return `${dataVar}${e.instancePath} ${e.message ?? 'is invalid'}${allowed}`
  })
  return [...new Set(lines)].join('\n')
}
