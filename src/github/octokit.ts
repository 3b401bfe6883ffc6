import { Octokit as OctokitCore } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import { fetchFor } from '../http/fetch.js'
import * as runner from './runner.js'

// The client @actions/github's getOctokit builds, composed here with the retry and throttling plugins.
// @actions/github's entry module loads @actions/http-client and undici at start for a proxy agent,
// which fetchFor loads only behind a proxy (see src/http/fetch.ts). Calls name their route
// (`octokit.request('GET /repos/{owner}/{repo}/labels', …)`, typed from GitHub's description) rather
// than going through the REST-methods plugin, whose 100 KB table of every endpoint cost ~17 ms a start.
const GitHub = OctokitCore.plugin(paginateRest, retry, throttling)

export type Octokit = InstanceType<typeof GitHub>

// The plugin spaces writes a second apart and searches two seconds apart, which makes one issue's two
// writes cost a second and its three candidate searches four. A reservoir per minute keeps to GitHub's
// documented limits (about 80 content-creating requests, 30 searches) without delaying a single issue.
function perMinute(limit: number, maxConcurrent: number): Bottleneck.Group {
  return new Bottleneck.Group({
    maxConcurrent,
    minTime: 0,
    reservoir: limit,
    reservoirRefreshAmount: limit,
    reservoirRefreshInterval: 60_000
  })
}

// Retries once when GitHub asks for a wait a job can afford; says so either way.
function waitIfShort(what: string, maxSeconds: number) {
  return (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, count: number) => {
    runner.warning(`${what} for ${options.method} ${options.url}; retry in ${retryAfter}s.`)
    return count < 1 && retryAfter <= maxSeconds
  }
}

// Bottleneck, under both plugins, waits a setTimeout(0) at each step of every job to behave like its
// remote (Redis) store; a request passes through up to four jobs, so that added 12-15 ms to each one
// (measured against the emulator). Its local store needs no timer: yielding with setImmediate keeps
// every step asynchronous, in the same order, without the timer's millisecond floor.
let yieldsWithoutTimers = false
function yieldWithoutTimers(): void {
  if (yieldsWithoutTimers) return
  yieldsWithoutTimers = true
  const store = Object.getPrototypeOf((new Bottleneck() as unknown as { _store: object })._store) as {
    yieldLoop?: (t?: number) => Promise<void>
  }
  if (typeof store.yieldLoop !== 'function') return
  store.yieldLoop = (t = 0) =>
    new Promise((resolve) => (t > 0 ? setTimeout(resolve, t) : setImmediate(resolve)))
}

/**
 * The one GitHub client of a run (REST, and GraphQL for gather/context.ts), with GitHub's rate
 * limits honoured: primary limits wait when the reset is near, secondary ("content creation") limits
 * retry once after their retry-after.
 * The base URL comes from GITHUB_API_URL (GitHub Enterprise Server included).
 */
export function createOctokit(token: string, baseUrl?: string): Octokit {
  const apiUrl = baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  yieldWithoutTimers()
  return new GitHub({
    auth: `token ${token}`,
    baseUrl: apiUrl,
    userAgent: userAgent(),
    request: { fetch: fetchFor(apiUrl) },
    throttle: {
      write: perMinute(80, 1),
      search: perMinute(30, 3),
      onRateLimit: waitIfShort('GitHub rate limit reached', 60),
      onSecondaryRateLimit: waitIfShort('GitHub secondary rate limit', 120)
    },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
  })
}

// As getOctokit does: the runner's orchestration id, when it gives one, lets GitHub tie requests to the job.
function userAgent(): string {
  const id = process.env.ACTIONS_ORCHESTRATION_ID?.trim()
  const base = 'issue-triage-action'
  return id ? `${base} actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : base
}

/**
 * True when GitHub never answered: Octokit reports a failed connection (after its retries) as an
 * HttpError with status 500 and no response, where a real 500 carries GitHub's response.
 */
export function isUnreachable(error: unknown): boolean {
  const e = error as { name?: unknown; status?: unknown; response?: unknown } | null
  return typeof e === 'object' && e !== null && e.name === 'HttpError' && e.status === 500 && !e.response
}
