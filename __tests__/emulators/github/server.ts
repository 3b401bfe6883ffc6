/**
 * A loopback emulator of the GitHub REST API for one repository. Every request is checked against GitHub's
 * official description (spec.ts) before a handler sees it; what the description does not allow is refused and
 * recorded in `rejected`, so tests can assert the code under test only sent requests GitHub accepts.
 * `POST /graphql` is checked the same way against GitHub's published GraphQL schema (graphql.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { commentHandlers } from './comments.js'
import { answerGraphql } from './graphql.js'
import { Answer, type Context, type Handler, type Reply } from './context.js'
import { errorBody, faultMatcher } from './faults.js'
import { issueHandlers } from './issues.js'
import { labelHandlers } from './labels.js'
import { repoHandlers } from './repo.js'
import { indexForSearch, searchHandlers } from './search.js'
import { validateRequest, validateResponse } from './spec.js'
import { createState, TOKEN_ACTOR, type EmulatorState, type RepoSeed, type SearchSettings } from './state.js'
import { suggestionHandlers } from './suggestions.js'
import { viewIssue, type IssueView } from './issue-view.js'
import { writeLimiter, type WriteLimitSetting } from './write-limits.js'
import type { Fault } from './faults.js'

export type { Fault } from './faults.js'

/** How the emulator behaves beyond the seed. */
export interface EmulatorOptions {
  faults?: Fault[]
  /** Page size when a request gives no `per_page` (GitHub: 30). */
  pageSizeDefault?: number
  /** Login that writes are attributed to (default `github-actions[bot]`, a Bot, as with GITHUB_TOKEN). */
  actor?: string
  /** Check every answer against the description's response schema and record mismatches in `responseProblems`. */
  checkResponses?: boolean
  /** `forbidden` (403) or `unprocessable` (422): search refuses `search_type`, as GitHub Enterprise Server does. */
  semanticSearch?: SearchSettings['semantic']
  /** false lifts the search rate limits (30 a minute; semantic and hybrid 10), e.g. for benchmarks. */
  searchLimits?: boolean
  /** Search sees the repository as of this instant (see `SearchSettings.cutoff`); also `state.search.cutoff`. */
  searchCutoff?: SearchSettings['cutoff']
  /**
   * GitHub's secondary limits on writes (write-limits.ts): `true` for 80 a minute and 500 an hour, or other
   * numbers (`{ perMinute: 5, perHour: 8 }`); a write over them is answered 403 with `retry-after` and changes
   * nothing. Off by default. The windows follow `state.clock`.
   */
  writeLimits?: WriteLimitSetting
  /**
   * Called with each request that passed validation, before its fault or handler: a test changes the state as
   * another client would at that moment (an overlapping run posting its comment just before this one).
   */
  onRequest?: (request: RecordedRequest, state: EmulatorState) => void
}

/** One request the emulator received, with the status it answered. `headers` are the request's. */
export interface RecordedRequest {
  method: string
  /** As sent, percent-encoded, without the query. */
  path: string
  query: Record<string, string>
  body: unknown
  status: number
  headers: Record<string, string>
  /** The operation of the description it matched (`graphql` for POST /graphql), or null when refused as unknown. */
  operationId: string | null
  /** When it was received, in milliseconds since the epoch (`state.clock`): pacing is read from these. */
  at: number
}

/** A request refused because GitHub's description does not allow it (or it carried no token). */
export interface Rejection {
  method: string
  path: string
  reason: string
}

/** A running emulator. */
export interface GitHubEmulator {
  /** e.g. http://127.0.0.1:PORT — pass it as GITHUB_API_URL. */
  url: string
  requests: RecordedRequest[]
  rejected: Rejection[]
  /** Answers that do not fit the description's response schemas (only with `checkResponses`). */
  responseProblems: string[]
  state: EmulatorState
  /** The issue's labels, type, state, comments and suggestions; throws for an unknown number. */
  issue(n: number): IssueView
  /** The requests that change something (everything but GET, and GraphQL but its mutations). */
  writes(): RecordedRequest[]
  close(): Promise<void>
}

const handlers: Record<string, Handler> = {
  ...labelHandlers,
  ...issueHandlers,
  ...commentHandlers,
  ...suggestionHandlers,
  ...repoHandlers,
  ...searchHandlers
}

/** The operationIds the emulator implements (all of the description's). */
export const implementedOperations: readonly string[] = Object.keys(handlers)

// A GraphQL request that only reads: anything but a mutation.
function isGraphqlQuery(r: RecordedRequest): boolean {
  const query = (r.body as { query?: unknown } | undefined)?.query
  return r.operationId === 'graphql' && typeof query === 'string' && !/^\s*mutation\b/.test(query)
}

/** A request that changes something: not a GET or HEAD, and not a GraphQL query (a POST that reads). */
export function isWrite(r: RecordedRequest): boolean {
  return r.method !== 'GET' && r.method !== 'HEAD' && !isGraphqlQuery(r)
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; error?: string }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) return { body: undefined }
  try {
    return { body: JSON.parse(text) as unknown }
  } catch (error) {
    return { body: text, error: (error as Error).message }
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])
  )
}

/**
 * Starts an emulator of `seed` on 127.0.0.1 (a free port). The description is loaded once per process and
 * validators are compiled on first use, so starting one is cheap.
 */
export async function startGitHubEmulator(
  seed: RepoSeed,
  options: EmulatorOptions = {}
): Promise<GitHubEmulator> {
  const state = createState(seed)
  state.search.semantic = options.semanticSearch ?? 'available'
  state.search.limits = options.searchLimits ?? true
  state.search.cutoff = options.searchCutoff
  indexForSearch(state)
  const actor = options.actor
    ? { login: options.actor, type: options.actor.endsWith('[bot]') ? ('Bot' as const) : ('User' as const) }
    : TOKEN_ACTOR
  const faultFor = faultMatcher(options.faults ?? [])
  const limitWrites = writeLimiter(options.writeLimits)
  const requests: RecordedRequest[] = []
  const rejected: Rejection[] = []
  const responseProblems: string[] = []
  let base = ''
  let requestCount = 0

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = state.clock()
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', base)
    const rawPath = url.pathname
    const query = Object.fromEntries(url.searchParams)
    const headers = flatHeaders(req)
    const { body, error: bodyError } = await readBody(req)
    const record: RecordedRequest = {
      method,
      path: rawPath,
      query,
      body,
      status: 0,
      headers,
      operationId: null,
      at
    }
    requests.push(record)

    const send = (reply: Reply): void => {
      record.status = reply.status
      const resource = rawPath.startsWith('/search/') ? 'search' : 'core'
      const bucket = state.rate[resource]
      const out: Record<string, string> = {
        'x-github-request-id': `EMU:${(++requestCount).toString(16).padStart(6, '0')}`,
        'x-github-api-version-selected': headers['x-github-api-version'] ?? '2022-11-28',
        'x-ratelimit-limit': String(bucket.limit),
        'x-ratelimit-remaining': String(Math.max(0, bucket.limit - bucket.used)),
        'x-ratelimit-reset': String(state.rate.reset),
        'x-ratelimit-used': String(bucket.used),
        'x-ratelimit-resource': resource,
        ...reply.headers
      }
      if (reply.body === undefined || reply.status === 204) {
        res.writeHead(reply.status, out).end()
      } else if (typeof reply.body === 'string' && out['content-type']) {
        res.writeHead(reply.status, out).end(reply.body)
      } else {
        res
          .writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...out })
          .end(JSON.stringify(reply.body))
      }
    }
    const refuse = (status: number, reason: string, replyBody: unknown): void => {
      rejected.push({ method, path: rawPath, reason })
      send({ status, body: replyBody })
    }

    if (!/^(token|bearer) \S+/i.test(headers.authorization ?? '')) {
      return refuse(
        401,
        'no authorization header (token X or Bearer X)',
        errorBody(401, 'Requires authentication')
      )
    }
    // GraphQL: checked against GitHub's published GraphQL schema rather than the REST description.
    if (rawPath === '/graphql' && method === 'POST') {
      record.operationId = 'graphql'
      options.onRequest?.(record, state)
      const limited = isWrite(record) ? limitWrites?.(state.clock()) : undefined
      if (limited) return send(limited)
      const graphqlQuery = (body as { query?: unknown } | undefined)?.query
      const fault = faultFor(method, rawPath, 'graphql', typeof graphqlQuery === 'string' ? graphqlQuery : '')
      if (fault && !fault.afterWrite) return send(fault.reply)
      const answer = await answerGraphql(state, body, actor)
      if (answer.refused) rejected.push({ method, path: rawPath, reason: answer.refused })
      return send(fault?.reply ?? answer.reply)
    }
    const checked = validateRequest(method, rawPath, query, body, bodyError)
    if (!checked.ok) return refuse(checked.status, checked.reason, checked.body)
    const { op } = checked
    record.operationId = op.id
    if (op.id !== 'rate-limit/get') state.rate[rawPath.startsWith('/search/') ? 'search' : 'core'].used++

    const { owner, repo } = checked.params
    const sameRepo =
      (owner === undefined || String(owner).toLowerCase() === state.owner.toLowerCase()) &&
      (repo === undefined || String(repo).toLowerCase() === state.repo.toLowerCase())
    if (!sameRepo) return send({ status: 404, body: errorBody(404, 'Not Found') })

    options.onRequest?.(record, state)
    const limited = isWrite(record) ? limitWrites?.(state.clock()) : undefined
    if (limited) return send(limited)
    const fault = faultFor(method, rawPath, op.id)
    if (fault && !fault.afterWrite) return send(fault.reply)

    const ctx: Context = {
      base,
      state,
      params: checked.params,
      query: checked.query,
      rawQuery: query,
      rawPath,
      headers,
      body,
      actor,
      docsUrl: op.docsUrl,
      pageSize: options.pageSizeDefault ?? 30
    }
    const handler = handlers[op.id]
    let reply: Reply
    try {
      reply = handler ? handler(ctx) : { status: 501, body: errorBody(501, `emulator lacks ${op.id}`) }
    } catch (error) {
      if (!(error instanceof Answer)) throw error
      reply = error.reply
    }
    if (options.checkResponses && typeof reply.body !== 'string') {
      for (const problem of validateResponse(op.id, reply.status, reply.body))
        responseProblems.push(`${method} ${rawPath}: ${problem}`)
    }
    send(fault?.reply ?? reply)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the emulator must fail the test loudly, not look like a GitHub outage.
      rejected.push({
        method: req.method ?? '?',
        path: req.url ?? '?',
        reason: `emulator crashed: ${String(error)}`
      })
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify(errorBody(500, `emulator crashed: ${String(error)}`)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    requests,
    rejected,
    responseProblems,
    state,
    issue: (n) => viewIssue(state, n),
    writes: () => requests.filter(isWrite),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections()
      })
  }
}
