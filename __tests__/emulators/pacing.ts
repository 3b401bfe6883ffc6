/**
 * Pacing read back from the emulators' request logs (`RecordedRequest.at`): the most requests that fell in any
 * rolling window. Windows are the emulators': two requests `windowMs` or more apart never share one, so a run
 * that kept under a limit shows a peak at most that limit.
 */

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000

/** The most timestamps (ms, any order) in any span shorter than `windowMs`; 0 for none. */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  if (!(windowMs > 0)) throw new Error('windowMs must be positive')
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++
    peak = Math.max(peak, end - start + 1)
  }
  return peak
}

/** The peak in any rolling minute and in any rolling hour. */
export function pacing(times: readonly number[]): { perMinute: number; perHour: number } {
  return { perMinute: peakInWindow(times, MINUTE_MS), perHour: peakInWindow(times, HOUR_MS) }
}
