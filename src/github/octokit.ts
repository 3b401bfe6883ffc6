import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'
import { fetchFor } from '../http/fetch.js'
import { RollingWindow, SLACK_MS } from '../pacing/rolling-window.js'

/** The REST API version every request names (GitHub answers the oldest supported one otherwise). */
export const API_VERSION = '2022-11-28'

export type Octokit = ReturnType<typeof getOctokit>

/** How long one attempt of a GitHub request may go unanswered before it is abandoned (and retried). */
export const REQUEST_TIMEOUT_MS = 30_000

// The toolkit's fetch (undici, through the runner's proxy) with a deadline on each attempt: a request
// GitHub never answers would otherwise hold the job for undici's 300 s idle timeout, on every retry.
function withDeadline(fetch: typeof globalThis.fetch, ms: number): typeof globalThis.fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms)
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline
    return fetch(input, { ...init, signal })
  }
}

// The plugin spaces writes a second apart and searches two seconds apart, which makes one issue's three
// candidate searches cost four seconds. A reservoir per minute keeps to GitHub's 30 searches a minute
// (a window GitHub resets whole, see x-ratelimit-reset) without delaying a single issue.
function perMinute(limit: number, maxConcurrent: number): Bottleneck.Group {
  return new Bottleneck.Group({
    maxConcurrent,
    minTime: 0,
    reservoir: limit,
    reservoirRefreshAmount: limit,
    reservoirRefreshInterval: 60_000
  })
}

/** GitHub's secondary limits on content-creating requests, counted over rolling windows. */
export const WRITE_LIMITS = { perMinute: 80, perHour: 500 }

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

// Every write waits for room in both windows, so a backlog writes at GitHub's limits and is never refused
// for going past them; a run of one issue never waits. Queries to /graphql are reads.
function paceWrites(octokit: Octokit): void {
  const minute = new RollingWindow(WRITE_LIMITS.perMinute, 60_000 + SLACK_MS)
  const hour = new RollingWindow(WRITE_LIMITS.perHour, 3_600_000 + SLACK_MS)
  const say = (per: string, limit: number) => (ms: number) => {
    if (ms >= 1000)
      core.info(
        `GitHub allows ${limit} writes ${per}: waiting ${Math.ceil(ms / 1000)} s before the next one.`
      )
  }
  octokit.hook.wrap('request', async (request, options) => {
    if (WRITES.has(options.method) && !String(options.url).endsWith('/graphql')) {
      await minute.take(say('a minute', WRITE_LIMITS.perMinute))
      await hour.take(say('an hour', WRITE_LIMITS.perHour))
    }
    return request(options)
  })
}

// Retries once when GitHub asks for a wait a job can afford; says so either way.
function waitIfShort(what: string, maxSeconds: number) {
  return (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, count: number) => {
    core.warning(`${what} for ${options.method} ${options.url}; retry in ${retryAfter}s.`)
    return count < 1 && retryAfter <= maxSeconds
  }
}

/**
 * The one GitHub client of a run: `@actions/github`'s `getOctokit` (the runner's proxy settings, its
 * orchestration id in the user agent) with the retry and throttling plugins. Primary limits wait when
 * the reset is near; secondary ("content creation") limits retry once after their retry-after. Every
 * request names API_VERSION. The base URL defaults to GITHUB_API_URL (GitHub Enterprise Server too).
 */
export function createOctokit(
  token: string,
  baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com',
  requestTimeoutMs = REQUEST_TIMEOUT_MS
): Octokit {
  // Octokit joins the base and the route as strings: a trailing slash would send `//repos/…` (404).
  const base = baseUrl.replace(/\/+$/, '')
  const octokit = getOctokit(
    token,
    {
      baseUrl: base,
      userAgent: 'issue-triage-action',
      request: { fetch: withDeadline(fetchFor(baseUrl), requestTimeoutMs) },
      throttle: {
        // One write at a time; how many a minute and an hour is paceWrites' job.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        search: perMinute(30, 3),
        onRateLimit: waitIfShort('GitHub rate limit reached', 60),
        onSecondaryRateLimit: waitIfShort('GitHub secondary rate limit', 120)
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
    },
    retry,
    throttling
  )
  octokit.hook.before('request', (options) => {
    options.headers['x-github-api-version'] = API_VERSION
  })
  paceWrites(octokit)
  // A proxy, a captive portal or an outage page can answer 200 with HTML: Octokit then hands over a
  // string, and the first `res.data.map` would fail with a TypeError that names nothing. Say what
  // answered, for which request, before any caller reads it.
  octokit.hook.after('request', (response, options) => {
    const data: unknown = response.data
    if (response.status === 204 || response.status === 205 || options.method === 'HEAD') return
    if (typeof data === 'object' && data !== null && !(data instanceof ArrayBuffer)) return
    const { method, url, headers } = octokit.request.endpoint.parse(options)
    if (!/json/i.test(String(headers.accept ?? ''))) return
    const type =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim() || 'no content type'
    const path = url.startsWith(base) ? url.slice(base.length) : url
    throw new UnexpectedAnswerError(
      `GitHub answered ${method} ${path.split('?')[0]} with something that is not JSON (${type}); nothing more was written.`
    )
  })
  return octokit
}

/** GitHub (or something in its place) answered a request with a body that is not the JSON it sends. */
export class UnexpectedAnswerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnexpectedAnswerError'
  }
}

/**
 * True when GitHub never answered: Octokit reports a failed connection (after its retries) as an
 * HttpError with status 500 and no response, where a real 500 carries GitHub's response.
 */
export function isUnreachable(error: unknown): boolean {
  const e = error as { name?: unknown; status?: unknown; response?: unknown } | null
  return typeof e === 'object' && e !== null && e.name === 'HttpError' && e.status === 500 && !e.response
}
