import { RollingWindow, realClock, SLACK_MS } from '../pacing/rolling-window.js'

/** What a provider's answer says of its request limit (OpenAI's `x-ratelimit-*-requests` headers). */
export interface StatedLimit {
  limit?: number
  remaining?: number
  /** Seconds until the limit is whole again. */
  resetSeconds?: number
}

/**
 * Keeps one run's model requests within the endpoint's limit, across every issue in flight: at most
 * `model-rpm` a minute when given, otherwise the per-minute limit the answers state; after a 429 (or an
 * answer saying nothing is left) no request starts before the wait it named. So a backlog runs at the
 * limit instead of bouncing off it.
 */
export class ModelPace {
  private readonly window: RollingWindow
  private pausedUntil = 0
  /**
   * With `probeFirst`, the first request goes alone: until an answer tells the limit, a burst of the
   * issues in flight could pass a small one.
   */
  private probe: Promise<void> | undefined
  private settleProbe: (() => void) | undefined

  constructor(
    private readonly fixedRpm: number | undefined,
    private readonly clock = realClock,
    private readonly onWait?: (seconds: number, why: string) => void,
    private readonly probeFirst = false
  ) {
    this.window = new RollingWindow(fixedRpm ?? Number.POSITIVE_INFINITY, 60_000 + SLACK_MS, clock)
  }

  /** The limit kept now (undefined while none is known). */
  get requestsPerMinute(): number | undefined {
    return Number.isFinite(this.window.limit) ? this.window.limit : undefined
  }

  /**
   * Waits until a request may start, and counts it. `waited`: the caller has just slept out the pause
   * itself (the request that met the 429).
   */
  async turn(waited = false): Promise<void> {
    if (this.probeFirst && this.fixedRpm === undefined) {
      if (this.probe) await this.probe
      else this.probe = new Promise((resolve) => (this.settleProbe = resolve))
    }
    const paused = this.pausedUntil - this.clock.now()
    if (paused > 0 && !waited) await this.clock.sleep(paused)
    await this.window.take((ms) => {
      if (ms >= 1000)
        this.onWait?.(Math.ceil(ms / 1000), `at its limit of ${this.window.limit} requests a minute`)
    })
  }

  /**
   * Takes in what an answer said of the limit. "Nothing remaining" holds requests back until the reset
   * only while no per-minute limit is known: OpenAI's reset is when the whole limit is back, up to a
   * minute away, while the window frees a request as soon as the oldest leaves it (waiting for the
   * reset made the backlog benchmark 25 % slower).
   */
  learn(stated: StatedLimit): void {
    if (this.fixedRpm === undefined && stated.limit !== undefined && stated.limit > 0)
      this.window.limit = stated.limit

    if (stated.remaining === 0 && stated.resetSeconds !== undefined && this.requestsPerMinute === undefined)
      this.pause(stated.resetSeconds)
  }

  /** The first request was answered (or failed): the others may go, within what was learnt. */
  settle(): void {
    this.settleProbe?.()
  }

  /** No request starts for this many seconds (a 429's retry-after). */
  pause(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + seconds * 1000)
  }
}
