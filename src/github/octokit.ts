import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import { fetchFor } from '../http/fetch.js'

export type Octokit = ReturnType<typeof getOctokit>

// GitHub allows about 80 content-creating requests a minute. The plugin's default spaces every write
// a full second apart, which makes one issue's two writes cost a second; a reservoir of 80 a minute
// keeps to the documented limit without slowing a single issue down.
function writeLimiter(): Bottleneck.Group {
  return new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: 0,
    reservoir: 80,
    reservoirRefreshAmount: 80,
    reservoirRefreshInterval: 60_000
  })
}

// The plugin spaces searches two seconds apart, which makes one issue's three candidate searches cost four
// seconds. GitHub's limit is 30 a minute: a reservoir keeps to it without delaying a single issue.
function searchLimiter(): Bottleneck.Group {
  return new Bottleneck.Group({
    maxConcurrent: 3,
    minTime: 0,
    reservoir: 30,
    reservoirRefreshAmount: 30,
    reservoirRefreshInterval: 60_000
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
 * The one REST client of a run, with GitHub's rate limits honoured: primary limits wait when the
 * reset is near, secondary ("content creation") limits retry once after their retry-after.
 * The base URL comes from GITHUB_API_URL (GitHub Enterprise Server included).
 */
export function createOctokit(token: string, baseUrl?: string): Octokit {
  const apiUrl = baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  return getOctokit(
    token,
    {
      ...(baseUrl ? { baseUrl } : {}),
      request: { fetch: fetchFor(apiUrl) },
      throttle: {
        write: writeLimiter(),
        search: searchLimiter(),
        onRateLimit: waitIfShort('GitHub rate limit reached', 60),
        onSecondaryRateLimit: waitIfShort('GitHub secondary rate limit', 120)
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
    },
    retry,
    throttling
  )
}
