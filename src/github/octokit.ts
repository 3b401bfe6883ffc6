import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type Octokit = ReturnType<typeof getOctokit>

/**
 * The one REST client of a run, with GitHub's rate limits honoured: primary limits wait when the
 * reset is near, secondary ("content creation") limits retry once after their retry-after.
 * The base URL comes from GITHUB_API_URL (GitHub Enterprise Server included).
 */
export function createOctokit(token: string, baseUrl?: string): Octokit {
  return getOctokit(
    token,
    {
      ...(baseUrl ? { baseUrl } : {}),
      throttle: {
        onRateLimit: (
          retryAfter: number,
          options: { method: string; url: string },
          _o: unknown,
          count: number
        ) => {
          core.warning(
            `GitHub rate limit reached for ${options.method} ${options.url}; retry in ${retryAfter}s.`
          )
          return count < 1 && retryAfter <= 60
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          options: { method: string; url: string },
          _o: unknown,
          count: number
        ) => {
          core.warning(
            `GitHub secondary rate limit for ${options.method} ${options.url}; retry in ${retryAfter}s.`
          )
          return count < 1 && retryAfter <= 120
        }
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
    },
    retry,
    throttling
  )
}
