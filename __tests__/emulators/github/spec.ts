/**
 * The request side of the emulator's contract: which operation of GitHub's REST description a request is, and
 * whether the description allows its parameters and body. Anything it does not allow is refused here, before a
 * handler sees it, so a test that passes proves the code under test only sends what GitHub accepts.
 */
import { compiled, describeErrors, openApiDocument, type OpenApiOperation, type Schema } from './openapi.js'

/** An operation of the description, ready to match paths against. */
export interface Operation {
  id: string
  method: string
  template: string
  docsUrl: string
  spec: OpenApiOperation
  segments: { literal?: string; param?: string }[]
  literals: number
}

/** A request that passed validation: its operation and its typed path and query parameters. */
export interface ValidRequest {
  ok: true
  op: Operation
  params: Record<string, string | number>
  query: Record<string, unknown>
}

/** A refused request, answered with `status` and `body` and recorded with `reason`. */
export interface Refusal {
  ok: false
  status: number
  reason: string
  body: { message: string; documentation_url: string; status: string }
}

const REST_DOCS = 'https://docs.github.com/rest'
let operations: Operation[] | undefined

/** Every operation of the fixture, most literal first so `/issues/comments` wins over `/issues/{issue_number}`. */
export function allOperations(): Operation[] {
  if (operations) return operations
  const list: Operation[] = []
  for (const [template, methods] of Object.entries(openApiDocument().paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      if (!spec?.operationId) continue
      const segments = template
        .split('/')
        .slice(1)
        .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }))
      list.push({
        id: spec.operationId,
        method: method.toUpperCase(),
        template,
        docsUrl: spec.externalDocs?.url ?? REST_DOCS,
        spec,
        segments,
        literals: segments.filter((s) => s.literal !== undefined).length
      })
    }
  }
  operations = list.sort((a, b) => b.literals - a.literals)
  return operations
}

/** The operation with this id (e.g. `issues/add-labels`); throws for ids the description does not have. */
export function operation(id: string): Operation {
  const op = allOperations().find((o) => o.id === id)
  if (!op) throw new Error(`no operation ${id} in the description`)
  return op
}

function refuse(status: number, reason: string, message: string, docsUrl = REST_DOCS): Refusal {
  return { ok: false, status, reason, body: { message, documentation_url: docsUrl, status: String(status) } }
}

/**
 * Path parameters as raw (still percent-encoded) strings, or undefined when `op` does not fit. The contents
 * path may hold slashes, so a trailing `{path}` takes the rest of the URL.
 */
function matchSegments(op: Operation, raw: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  const greedy = op.segments.at(-1)?.param === 'path'
  if (greedy ? raw.length < op.segments.length : raw.length !== op.segments.length) return undefined
  for (const [i, segment] of op.segments.entries()) {
    const value = raw[i] ?? ''
    if (segment.literal !== undefined) {
      if (segment.literal !== value) return undefined
    } else if (segment.param) {
      if (value === '') return undefined
      params[segment.param] = greedy && i === op.segments.length - 1 ? raw.slice(i).join('/') : value
    }
  }
  return params
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

function parameterSchema(op: Operation, where: 'path' | 'query'): Schema {
  const params = (op.spec.parameters ?? []).filter((p) => p.in === where)
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required || where === 'path').map((p) => p.name),
    // Unknown query parameters are ignored by GitHub, which is how a misspelt `perpage` goes unnoticed; refuse them.
    additionalProperties: false
  }
}

/**
 * Finds the operation for `method` + `rawPath` (as sent, percent-encoded) and checks its parameters and body.
 * `body` is undefined when the request had none; `bodyError` is set when it was not JSON.
 */
export function validateRequest(
  method: string,
  rawPath: string,
  query: Record<string, string>,
  body: unknown,
  bodyError?: string
): ValidRequest | Refusal {
  const raw = rawPath.split('/').slice(1)
  const candidates = allOperations()
    .map((op) => ({ op, params: matchSegments(op, raw) }))
    .filter((c): c is { op: Operation; params: Record<string, string> } => c.params !== undefined)
  const found = candidates.find((c) => c.op.method === method)
  if (!found) {
    const why = candidates.length
      ? `the description has no ${method} for ${candidates[0]?.op.template}`
      : 'no such path'
    return refuse(404, `${method} ${rawPath}: ${why}`, 'Not Found')
  }
  const { op } = found

  const decoded: Record<string, string> = {}
  for (const [name, value] of Object.entries(found.params)) {
    const text = decode(value)
    if (text === undefined)
      return refuse(404, `${op.id}: path parameter ${name} is not valid percent-encoding`, 'Not Found')
    decoded[name] = text
  }
  const params = { ...decoded } as Record<string, string | number>
  const checkPath = compiled(`${op.id} path`, () => parameterSchema(op, 'path'), true)
  // GitHub routes `/issues/abc` nowhere: a path parameter of the wrong type is a 404, not a 422.
  if (!checkPath(params)) {
    return refuse(404, `${op.id}: ${describeErrors(checkPath.errors, 'path')}`, 'Not Found', op.docsUrl)
  }

  const typedQuery: Record<string, unknown> = { ...query }
  const checkQuery = compiled(`${op.id} query`, () => parameterSchema(op, 'query'), true)
  if (!checkQuery(typedQuery)) {
    const text = describeErrors(checkQuery.errors, 'query')
    return refuse(422, `${op.id}: ${text}`, `Invalid request.\n\n${text}`, op.docsUrl)
  }

  if (bodyError !== undefined) {
    return refuse(400, `${op.id}: body is not JSON (${bodyError})`, 'Problems parsing JSON', op.docsUrl)
  }
  const bodySchema = op.spec.requestBody?.content['application/json']?.schema
  if (!bodySchema) {
    // Nothing in the description takes a body here; an empty object is what clients send for "no parameters".
    const empty =
      body === undefined ||
      (typeof body === 'object' && body !== null && !Array.isArray(body) && !Object.keys(body).length)
    if (!empty)
      return refuse(
        422,
        `${op.id}: the description defines no request body`,
        'Invalid request.\n\nNo body expected.',
        op.docsUrl
      )
  } else if (body === undefined) {
    if (op.spec.requestBody?.required) {
      return refuse(
        422,
        `${op.id}: request body is required`,
        'Invalid request.\n\nA request body is required.',
        op.docsUrl
      )
    }
  } else {
    const checkBody = compiled(`${op.id} body`, () => bodySchema)
    if (!checkBody(body)) {
      const text = describeErrors(checkBody.errors, 'body')
      return refuse(422, `${op.id}: ${text}`, `Invalid request.\n\n${text}`, op.docsUrl)
    }
  }
  return { ok: true, op, params, query: typedQuery }
}

/**
 * Problems with an answer the emulator gave, judged by the description's schema for that operation and status
 * (empty when it fits). Used by the emulator's own tests, and by `checkResponses`, to keep its answers honest.
 */
export function validateResponse(operationId: string, status: number, body: unknown): string[] {
  const op = operation(operationId)
  const response = op.spec.responses[String(status)]
  if (!response) return [`${operationId}: the description has no ${status} response`]
  const content = response.content ?? {}
  const schema = (content['application/json'] ?? Object.values(content)[0])?.schema
  if (!schema) return body === undefined || body === '' ? [] : [`${operationId} ${status}: expected no body`]
  const check = compiled(`${operationId} response ${status}`, () => schema)
  if (check(body)) return []
  return describeErrors(check.errors, 'response').split('\n')
}
