import type { StatedLimit } from './pace.js'

/** Our retry policy for model endpoints; the SDK's own retries are off because they wait without a cap. */
export interface RetryPolicy {
  /** Longest retry-after we wait for inside a job; longer waits are daily quotas. */
  maxRetryAfterSeconds: number
  maxRateLimitRetries: number
  /** Waits before retrying a 5xx or a timeout; the last one repeats for a 429 that says no wait. */
  backoffSeconds: number[]
  sleep: (ms: number) => Promise<void>
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetryAfterSeconds: 60,
  maxRateLimitRetries: 3,
  backoffSeconds: [1, 3],
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Reads how long a 429 asks us to wait, in seconds: `retry-after` (seconds or an HTTP date),
 * `retry-after-ms`, `x-ratelimit-reset-requests` style durations, or the "wait N seconds" that
 * GitHub Models wrote in its message. Undefined when the answer does not say.
 */
export function retryAfterSeconds(
  headers: Headers | undefined,
  message: string,
  now = Date.now()
): number | undefined {
  const ms = headers?.get('retry-after-ms')
  // A wait in the past (a negative value, a skewed clock) means now.
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms) / 1000)
  const ra = headers?.get('retry-after')
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Number(ra)
    const date = Date.parse(ra)
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000)
  }
  const reset = headers?.get('x-ratelimit-reset-requests') ?? headers?.get('x-ratelimit-reset-tokens')
  const duration = reset ? parseDuration(reset) : undefined
  if (duration !== undefined) return duration
  const said = /wait (\d+) seconds?/i.exec(message)
  return said ? Number(said[1]) : undefined
}

/** The request limit an answer states in OpenAI's headers (`x-ratelimit-limit-requests` and kin). */
export function statedLimit(headers: Headers | undefined): StatedLimit {
  const number = (name: string) => {
    const text = headers?.get(name)?.trim()
    return text && /^\d+$/.test(text) ? Number(text) : undefined
  }
  const reset = headers?.get('x-ratelimit-reset-requests')
  const resetSeconds = reset ? parseDuration(reset) : undefined
  const limit = number('x-ratelimit-limit-requests')
  const remaining = number('x-ratelimit-remaining-requests')
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(resetSeconds === undefined ? {} : { resetSeconds })
  }
}

// OpenAI writes resets as "1s", "6m0s", "2h30m", "120ms".
function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g
  let total = 0
  let matched = false
  for (const m of text.matchAll(re)) {
    matched = true
    const n = Number(m[1])
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 'ms' ? n / 1000 : n
  }
  return matched ? total : undefined
}
