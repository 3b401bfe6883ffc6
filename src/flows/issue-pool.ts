import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import type { BacklogItem } from '../gather/backlog.js'
import { fetchIssue, type IssueSnapshot } from '../gather/issue.js'
import { progressLine } from '../report/backlog.js'
import { failureMessage, rateLimit } from '../report/failure.js'
import { resultLines } from '../report/log.js'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { triageIssue, type TriageOptions } from '../triage.js'

// Model failures that every later issue would meet too (a quota, a limit still refusing after its waits): the run stops and reports the rest as remaining.
const STOPPING = new Set(['quota', 'rate-limited', 'auth', 'policy', 'retired', 'not-found', 'no-history'])

/**
 * Issues in flight at once. The model's and GitHub's limits are kept by the pacing under them (see
 * providers/pace.ts and github/octokit.ts), so this only has to cover a model answer's latency at the
 * endpoint's rate and an issue's own GitHub reads: 10 keeps 60 requests a minute busy with issues
 * that take up to 10 s each (the backlog benchmark measured about 7 s, with 1–3 s answers; 6 in
 * flight reached 0.86 of the bound). Copilot starts a runtime process per call, so it gets fewer.
 */
export function inFlight(provider: string): number {
  return provider === 'copilot' ? 2 : 10
}

/** One issue's outcome: its result, or why the whole run stops (the issue then counts as remaining). */
type Outcome = { result: TriageResult } | { stop: string }

async function triageItem(
  ctx: RunContext,
  item: BacklogItem,
  how: TriageOptions,
  prepare: (issue: IssueSnapshot) => IssueSnapshot
): Promise<Outcome> {
  let result: TriageResult
  try {
    const issue = item.issue ?? (await fetchIssue(ctx.octokit, ctx.ref, item.number))
    result = await triageIssue(ctx, prepare(issue), how)
  } catch (error) {
    const status = (error as { status?: number }).status
    const message = redact(failureMessage(error))
    if (rateLimit(status, error instanceof Error ? error.message : '')) return { stop: message }
    return {
      result: {
        issue: item.number,
        title: item.issue?.title ?? '',
        mode: ctx.options.mode,
        status: 'failed',
        error: { kind: 'github', message }
      }
    }
  }
  // Nothing was written for it: the model refused before any decision.
  if (result.status === 'failed' && STOPPING.has(result.error?.kind ?? ''))
    return { stop: result.error?.message ?? result.error?.kind ?? 'the model refused' }
  return { result }
}

/** The issue's log, folded under its progress line. */
function logIssue(done: number, total: number, result: TriageResult): void {
  const lines = resultLines(result)
  for (const line of lines) if (line.level === 'warning') core.warning(line.text)
  core.startGroup(progressLine(done, total, result))
  for (const line of lines) if (line.level !== 'warning') core.info(line.text)
  core.endGroup()
}

/** What a pool of issues came to: results in the items' order, the numbers not finished, and why it stopped. */
export interface PoolRun {
  results: TriageResult[]
  remaining: number[]
  stopped: string | undefined
}

/**
 * Triages `items` several at a time through `triageIssue` (a backlog, a backtest), logging each as it
 * finishes. One issue failing is recorded and the others go on; a quota or AI-credit cap, GitHub's rate
 * limit or `max-minutes` (counted from `started`) stops new issues from starting, and what did not
 * finish is remaining.
 */
export async function triagePool(
  ctx: RunContext,
  items: BacklogItem[],
  opts: {
    how: TriageOptions
    started: number
    /** The issue as triage should see it (a backtest hides what would give the answer away). */
    prepare?: (issue: IssueSnapshot) => IssueSnapshot
  }
): Promise<PoolRun> {
  const { options } = ctx
  const workers = Math.min(inFlight(options.provider), items.length)
  const prepare = opts.prepare ?? ((issue: IssueSnapshot) => issue)
  const results: (TriageResult | undefined)[] = []
  let stopped: string | undefined
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < items.length && !stopped) {
      if (Date.now() - opts.started >= options.backlog.maxMinutes * 60_000) {
        stopped = `max-minutes (${options.backlog.maxMinutes}) reached`
        break
      }
      const slot = next++
      const outcome = await triageItem(ctx, items[slot]!, opts.how, prepare)
      if ('stop' in outcome) {
        stopped ??= outcome.stop
        continue
      }
      const { result } = outcome
      results[slot] = result
      logIssue(++done, items.length, result)
      // GitHub's rate limit refused a write: the issue is reported failed, and no other one starts.
      if (
        result.status === 'failed' &&
        result.error?.kind === 'github' &&
        /rate limit/i.test(result.error.message)
      )
        stopped ??= result.error.message
    }
  }
  await Promise.all(Array.from({ length: workers }, worker))
  return {
    results: results.filter((r): r is TriageResult => r !== undefined),
    remaining: items.filter((_, i) => results[i] === undefined).map((item) => item.number),
    stopped
  }
}
