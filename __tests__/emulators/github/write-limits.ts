/**
 * GitHub's secondary rate limits on content-creating requests: no more than 80 in a minute and 500 in an hour
 * (GitHub's "Rate limits for the REST API", about secondary rate limits). Both windows roll: a write made at t
 * counts until t + 60 s and t + 1 h. Choices where GitHub documents no rule, kept generic:
 * - Every write the emulator lets through to a fault or a handler counts (isWrite: not GET or HEAD, and GraphQL
 *   only for mutations), whatever it answers; a write it refuses here does not, so a client that waits as told
 *   gets through.
 * - The refusal is 403 with GitHub's message and `retry-after`, the whole seconds until both windows have room.
 */
import type { Reply } from './context.js'

/** How many content-creating requests fit in each rolling window. */
export interface WriteLimits {
  perMinute: number
  perHour: number
}

/** GitHub's limits for content creation. */
export const GITHUB_WRITE_LIMITS: Readonly<WriteLimits> = { perMinute: 80, perHour: 500 }

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000
const DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits'

/** The emulator option: `true` for GitHub's limits, or other numbers (tests use small ones to stay fast). */
export type WriteLimitSetting = boolean | Partial<WriteLimits>

/** Counts a write received at `now` (ms), or answers GitHub's refusal and counts nothing. */
export type WriteLimiter = (now: number) => Reply | undefined

/** The limiter for `setting`, or undefined when writes are not limited (the default). */
export function writeLimiter(setting: WriteLimitSetting | undefined): WriteLimiter | undefined {
  if (setting === undefined || setting === false) return undefined
  const limits = { ...GITHUB_WRITE_LIMITS, ...(setting === true ? {} : setting) }
  for (const [name, value] of Object.entries(limits))
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`writeLimits.${name} must be a positive integer`)
  // The writes counted in the last hour, oldest first.
  const times: number[] = []
  return (now) => {
    while (times.length && times[0]! <= now - HOUR_MS) times.shift()
    const inMinute = times.filter((t) => t > now - MINUTE_MS)
    // The instant a window has room again: when enough of its oldest writes have left it.
    const frees = (list: number[], limit: number, windowMs: number): number =>
      list.length < limit ? now : list[list.length - limit]! + windowMs
    const at = Math.max(frees(inMinute, limits.perMinute, MINUTE_MS), frees(times, limits.perHour, HOUR_MS))
    if (at <= now) {
      times.push(now)
      return undefined
    }
    const message =
      'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.'
    return {
      status: 403,
      body: { message, documentation_url: DOCS, status: '403' },
      headers: { 'retry-after': String(Math.max(1, Math.ceil((at - now) / 1000))) }
    }
  }
}
