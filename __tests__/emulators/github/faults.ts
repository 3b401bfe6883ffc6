/**
 * Faults a test injects (an answer of its choosing instead of the real handler's), and GitHub's error body the
 * emulator's own refusals use.
 */
import { STATUS_CODES } from 'node:http'
import type { Reply } from './context.js'

/** Answer `status` instead of the real handler for matching requests, `times` times (default: always). */
export interface Fault {
  method?: string
  /** A RegExp tested on the path as sent, or a string equal to that path or to an operationId (`issues/add-labels`). */
  path: RegExp | string
  status: number
  body?: unknown
  headers?: Record<string, string>
  times?: number
  /** Only GraphQL requests whose query this matches (e.g. one operation of several on `/graphql`). */
  graphql?: RegExp
  /**
   * Run the real handler first, so the write is stored, then answer the fault anyway: GitHub's 502 after it
   * saved a comment, which a client that retries blindly turns into a second comment.
   */
  afterWrite?: boolean
}

/** GitHub's error body. */
export function errorBody(status: number, message: string): Record<string, string> {
  return { message, documentation_url: 'https://docs.github.com/rest', status: String(status) }
}

/** Finds the fault that answers a request; each emulator has its own, so `times` counts per emulator. */
export type FaultMatcher = (
  method: string,
  rawPath: string,
  operationId: string,
  graphqlQuery?: string
) => { reply: Reply; afterWrite: boolean } | undefined

/**
 * The first fault left that matches the request, used up once, as the reply to send instead (after the real
 * handler has run, for an `afterWrite` fault).
 */
export function faultMatcher(list: Fault[]): FaultMatcher {
  const faults = list.map((fault) => ({ fault, left: fault.times ?? Infinity }))
  return (method, rawPath, operationId, graphqlQuery) => {
    const fault = faults.find(
      ({ fault: f, left }) =>
        left > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (typeof f.path === 'string' ? f.path === rawPath || f.path === operationId : f.path.test(rawPath)) &&
        (!f.graphql || f.graphql.test(graphqlQuery ?? ''))
    )
    if (!fault) return undefined
    fault.left--
    const { status, headers: faultHeaders } = fault.fault
    const reply = {
      status,
      body: fault.fault.body ?? errorBody(status, STATUS_CODES[status] ?? 'Error'),
      headers: faultHeaders ?? {}
    }
    return { reply, afterWrite: fault.fault.afterWrite === true }
  }
}
