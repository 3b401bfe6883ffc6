/**
 * The peak-window helper that tests and the backlog benchmark read pacing with: it must count windows the way
 * the emulators' limits do, or a run could pass the check and still be refused (or the reverse).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { pacing, peakInWindow } from './pacing.js'

const MINUTE = 60_000

describe('peak requests in a rolling window', () => {
  it('is 0 for no requests and 1 for one', () => {
    expect(pacing([])).toEqual({ perMinute: 0, perHour: 0 })
    expect(pacing([42])).toEqual({ perMinute: 1, perHour: 1 })
  })

  it('finds the busiest minute anywhere, not only in clock-aligned minutes', () => {
    // Three at the end of one clock minute and three at the start of the next: six within 20 seconds.
    const times = [50_000, 55_000, 59_000, 61_000, 65_000, 70_000, 200_000]
    expect(peakInWindow(times, MINUTE)).toBe(6)
    expect(pacing(times)).toEqual({ perMinute: 6, perHour: 7 })
  })

  it('never puts two requests a full window apart in the same window, as the limits do', () => {
    expect(peakInWindow([0, MINUTE], MINUTE)).toBe(1)
    expect(peakInWindow([0, MINUTE - 1], MINUTE)).toBe(2)
    expect(pacing([0, 3_600_000 - 1, 3_600_000])).toEqual({ perMinute: 2, perHour: 2 })
  })

  it('takes timestamps in any order, repeats included', () => {
    expect(peakInWindow([80_000, 0, 30_000, 30_000, 89_999], MINUTE)).toBe(4)
  })

  it('one request a second for ten minutes peaks at 60 a minute', () => {
    const times = Array.from({ length: 600 }, (_, i) => 1_700_000_000_000 + i * 1000)
    expect(pacing(times)).toEqual({ perMinute: 60, perHour: 600 })
  })

  it('agrees with counting every window by brute force', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300_000 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 120_000 }),
        (times, windowMs) => {
          const brute = Math.max(
            0,
            ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length)
          )
          expect(peakInWindow(times, windowMs)).toBe(brute)
        }
      )
    )
  })

  it('refuses a window that is not positive', () => {
    expect(() => peakInWindow([1], 0)).toThrow(/windowMs/)
  })
})
