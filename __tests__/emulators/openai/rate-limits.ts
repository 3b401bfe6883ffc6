/**
 * A requests-per-minute limit in OpenAI's manner: a rolling 60-second window over chat completion requests,
 * reported on every chat answer in OpenAI's `x-ratelimit-*-requests` headers, and a 429 `rate_limit_exceeded`
 * over it. Choices where OpenAI documents no rule, kept generic:
 * - `x-ratelimit-reset-requests` is the time until the window is empty again ("resets to its initial state").
 * - A refused request does not count, so a client that waits as told (`retry-after`, `retry-after-ms`: until the
 *   oldest request leaves the window) gets through.
 */
import type { Reply } from './replies.js'

const WINDOW_MS = 60_000

/** What the window says of one request: its headers, and the refusal when it is over the limit. */
export interface Admission {
  headers: Record<string, string>
  refused?: Reply
}

/** Counts a chat completion request for `model` received at `now` (ms) against the window. */
export type RequestLimiter = (model: string, now: number) => Admission

/** A rolling window of `perMinute` requests. */
export function requestLimiter(perMinute: number): RequestLimiter {
  if (!Number.isInteger(perMinute) || perMinute < 1)
    throw new Error('requestsPerMinute must be a positive integer')
  // The requests counted in the last minute, oldest first.
  const times: number[] = []
  const headers = (now: number): Record<string, string> => ({
    'x-ratelimit-limit-requests': String(perMinute),
    'x-ratelimit-remaining-requests': String(Math.max(0, perMinute - times.length)),
    'x-ratelimit-reset-requests': openaiDuration(
      times.length ? times[times.length - 1]! + WINDOW_MS - now : 0
    )
  })
  return (model, now) => {
    while (times.length && times[0]! <= now - WINDOW_MS) times.shift()
    if (times.length < perMinute) {
      times.push(now)
      return { headers: headers(now) }
    }
    const waitMs = times[times.length - perMinute]! + WINDOW_MS - now
    const message =
      `Rate limit reached for ${model} in organization org-emulator on requests per min (RPM): ` +
      `Limit ${perMinute}, Used ${times.length}, Requested 1. Please try again in ${openaiDuration(waitMs)}. ` +
      'Visit https://platform.openai.com/account/rate-limits to learn more.'
    const out = {
      ...headers(now),
      'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
      'retry-after-ms': String(waitMs)
    }
    const body = { error: { message, type: 'requests', param: null, code: 'rate_limit_exceeded' } }
    const refused = {
      status: 429,
      headers: { 'content-type': 'application/json', ...out },
      body: JSON.stringify(body)
    }
    return { headers: out, refused }
  }
}

/**
 * A duration the way OpenAI's rate-limit headers write it: `250ms` under a second, else hours, minutes and
 * seconds with up to three decimals (`1s`, `1.5s`, `6m0s`, `1h0m0s`), milliseconds rounded up.
 */
export function openaiDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms))
  if (total === 0) return '0s'
  if (total < 1000) return `${total}ms`
  const hours = Math.floor(total / 3_600_000)
  const minutes = Math.floor((total % 3_600_000) / 60_000)
  const seconds = `${Number(((total % 60_000) / 1000).toFixed(3))}s`
  if (hours > 0) return `${hours}h${minutes}m${seconds}`
  return minutes > 0 ? `${minutes}m${seconds}` : seconds
}
