import { describe, expect, it } from '@jest/globals'
import { RollingWindow } from '../../src/pacing/rolling-window.js'
import { ModelPace } from '../../src/providers/pace.js'
import { statedLimit } from '../../src/providers/retry.js'

/** A clock that only moves when someone sleeps, recording every sleep. */
function fakeClock(start = 1_000_000) {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
      clock.t += ms
    }
  }
  return clock
}

/** The most events in any window of `ms` (closed on the left, as the window counts them). */
function peak(times: number[], ms: number): number {
  let best = 0
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= ms) i++
    best = Math.max(best, j - i + 1)
  }
  return best
}

describe('RollingWindow', () => {
  it('lets the limit through at once, then one more each time the oldest leaves the window', async () => {
    const clock = fakeClock()
    const w = new RollingWindow(3, 60_000, clock)
    const at: number[] = []
    for (let i = 0; i < 7; i++) {
      await w.take()
      at.push(clock.t - 1_000_000)
    }
    expect(at).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000])
    expect(clock.sleeps).toEqual([60_000, 60_000])
  })

  it('never holds more than the limit in any rolling window, however the events arrive', async () => {
    const clock = fakeClock()
    const w = new RollingWindow(80, 60_000, clock)
    const times: number[] = []
    // Bursts and gaps: 300 events, with idle stretches between some.
    for (let i = 0; i < 300; i++) {
      if (i % 37 === 0) clock.t += 13_000
      await w.take()
      times.push(clock.t)
    }
    expect(peak(times, 60_000)).toBe(80)
  })

  it('serves waiters in arrival order', async () => {
    const clock = fakeClock()
    const w = new RollingWindow(1, 1000, clock)
    const order: number[] = []
    await Promise.all([1, 2, 3].map((n) => w.take().then(() => order.push(n))))
    expect(order).toEqual([1, 2, 3])
    expect(w.count()).toBe(1)
  })

  it('tells a waiter how long it will wait', async () => {
    const clock = fakeClock()
    const w = new RollingWindow(1, 5000, clock)
    const heard: number[] = []
    await w.take((ms) => heard.push(ms))
    clock.t += 1000
    await w.take((ms) => heard.push(ms))
    expect(heard).toEqual([4000])
  })
})

describe('ModelPace', () => {
  it('keeps to model-rpm and ignores what answers state', async () => {
    const clock = fakeClock()
    const pace = new ModelPace(2, clock)
    pace.learn({ limit: 1000, remaining: 999 })
    for (let i = 0; i < 3; i++) await pace.turn()
    expect(pace.requestsPerMinute).toBe(2)
    // A minute and a second: the window has SLACK_MS on top (see rolling-window.ts).
    expect(clock.sleeps).toEqual([61_000])
  })

  it('learns the per-minute limit from the first answer, counting the requests already sent', async () => {
    const clock = fakeClock()
    const pace = new ModelPace(undefined, clock)
    expect(pace.requestsPerMinute).toBeUndefined()
    for (let i = 0; i < 4; i++) await pace.turn()
    expect(clock.sleeps).toEqual([])
    pace.learn(statedLimit(new Headers({ 'x-ratelimit-limit-requests': '5' })))
    await pace.turn()
    expect(clock.sleeps).toEqual([])
    await pace.turn()
    // A minute and a second: the window has SLACK_MS on top (see rolling-window.ts).
    expect(clock.sleeps).toEqual([61_000])
  })

  it('holds every request back until a 429 wait or a stated reset has passed', async () => {
    const clock = fakeClock()
    const said: string[] = []
    const pace = new ModelPace(undefined, clock, (s, why) => said.push(`${s} ${why}`))
    pace.pause(7)
    await pace.turn()
    expect(clock.sleeps).toEqual([7000])
    pace.learn(
      statedLimit(
        new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1m30s' })
      )
    )
    await pace.turn()
    expect(clock.sleeps).toEqual([7000, 90_000])
    // The request that slept out the 429 itself does not wait twice.
    pace.pause(5)
    await pace.turn(true)
    expect(clock.sleeps).toEqual([7000, 90_000])
  })

  it('once the limit is known, leaves "nothing remaining" to the window, which frees a request as the oldest leaves', async () => {
    const clock = fakeClock()
    const pace = new ModelPace(undefined, clock)
    pace.learn({ limit: 2, remaining: 1, resetSeconds: 30 })
    await pace.turn()
    clock.t += 10_000
    await pace.turn()
    // OpenAI's reset is when the whole limit is back; the next request needs only the oldest to leave.
    pace.learn({ limit: 2, remaining: 0, resetSeconds: 61 })
    await pace.turn()
    expect(clock.sleeps).toEqual([51_000])
  })
})

describe('the first request of a run', () => {
  it('goes alone until it is answered, so a burst cannot pass a small limit not yet known', async () => {
    const clock = fakeClock()
    const pace = new ModelPace(undefined, clock, undefined, true)
    const started: number[] = []
    const requests = [1, 2, 3].map((n) => pace.turn().then(() => started.push(n)))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(started).toEqual([1])
    pace.learn({ limit: 2 })
    pace.settle()
    await Promise.all(requests)
    // The answer said 2 a minute: the third waits for the first to leave the window.
    expect(started).toEqual([1, 2, 3])
    expect(clock.sleeps).toEqual([61_000])
  })
})

describe('statedLimit', () => {
  it("reads OpenAI's request headers and nothing else", () => {
    expect(
      statedLimit(
        new Headers({
          'x-ratelimit-limit-requests': '60',
          'x-ratelimit-remaining-requests': '59',
          'x-ratelimit-reset-requests': '1s',
          'x-ratelimit-limit-tokens': '150000'
        })
      )
    ).toEqual({ limit: 60, remaining: 59, resetSeconds: 1 })
    expect(statedLimit(new Headers({ 'x-ratelimit-limit-requests': 'lots' }))).toEqual({})
    expect(statedLimit(undefined)).toEqual({})
  })
})
