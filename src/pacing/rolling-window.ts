/**
 * A limit of `limit` events in any rolling `windowMs`: GitHub counts its secondary limits (80 writes a
 * minute, 500 an hour) and most model endpoints their requests per minute this way, so a fixed window
 * (a reservoir refilled every minute) can send twice the limit across a refill. `take()` waits until
 * one more event fits, then counts it.
 */
export class RollingWindow {
  private readonly times: number[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(
    public limit: number,
    readonly windowMs: number,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = realClock
  ) {}

  /** Milliseconds until one more event fits (0 when it fits now). */
  waitMs(now = this.clock.now()): number {
    this.drop(now)
    if (this.times.length < this.limit) return 0
    return this.times[this.times.length - this.limit]! + this.windowMs - now
  }

  /** How many events the window holds now. */
  count(now = this.clock.now()): number {
    this.drop(now)
    return this.times.length
  }

  /**
   * Waits for room, in arrival order, and counts the event. `onWait` hears of a wait before it starts
   * (for the log).
   */
  take(onWait?: (ms: number) => void): Promise<void> {
    const turn = this.queue.then(async () => {
      for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) {
        onWait?.(wait)
        await this.clock.sleep(wait)
      }
      this.times.push(this.clock.now())
    })
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private drop(now: number): void {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift()
  }
}

/**
 * A window a little longer than the one the server counts: a request is counted here when it leaves
 * and there when it arrives, a few milliseconds later, so a window of exactly the server's length
 * lets the request that fills the limit arrive just before the oldest one has left the server's count
 * (the backlog benchmark saw six 429s in 300 requests that way). A second costs under 2 % of a minute.
 */
export const SLACK_MS = 1000

export const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
}
