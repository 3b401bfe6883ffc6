import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import { indexForBacklog, selectBacklog, type BacklogItem } from '../gather/backlog.js'
import { fetchIssue } from '../gather/issue.js'
import { backlogReport, progressLine, renderBacklog } from '../report/backlog.js'
import { failureMessage, rateLimit } from '../report/failure.js'
import { resultLines } from '../report/log.js'
import { setOutput, setRunOutputs, writeSummary } from '../report/outputs.js'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { triageIssue } from '../triage.js'

// Model failures that every later issue would meet too (a quota, a limit still refusing after its waits): the run stops and reports the rest as remaining.
const STOPPING = new Set(['quota', 'rate-limited', 'auth', 'policy', 'retired', 'not-found'])

/**
 * Issues in flight at once. The model's and GitHub's limits are kept by the pacing under them (see
 * providers/pace.ts and github/octokit.ts), so this only has to cover a model answer's latency at the
 * endpoint's rate: 6 keeps 60 requests a minute busy with answers of up to 6 s. Copilot starts a
 * runtime process per call, so it gets fewer.
 */
export function inFlight(provider: string): number {
  return provider === 'copilot' ? 2 : 6
}

/** One issue's outcome: its result, or why the whole run stops (the issue then counts as remaining). */
type Outcome = { result: TriageResult } | { stop: string }

async function triageItem(ctx: RunContext, item: BacklogItem): Promise<Outcome> {
  let result: TriageResult
  try {
    const issue = item.issue ?? (await fetchIssue(ctx.octokit, ctx.ref, item.number))
    result = await triageIssue(ctx, issue, { backlog: true })
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

/**
 * A backlog (`issue-numbers` or `query` on workflow_dispatch or schedule): the selected issues, oldest
 * first, several at once, each through the same `triageIssue`. One issue failing is recorded and the
 * others go on; a quota or AI-credit cap, GitHub's rate limit or `max-minutes` stops new issues from
 * starting, and what did not finish is reported as remaining for the next run.
 */
export async function backlogFlow(ctx: RunContext): Promise<void> {
  const { options } = ctx
  const started = Date.now()
  const selection = await selectBacklog(ctx, options.backlog)
  const { items } = selection
  const workers = Math.min(inFlight(options.provider), items.length)
  core.info(
    `Backlog: ${items.length} of ${selection.matched} matching issues selected (max-issues: ${options.backlog.maxIssues}), oldest first, ${workers} at a time; mode ${options.mode}.`
  )
  const index = await indexForBacklog(ctx, items.length)
  const results: (TriageResult | undefined)[] = []
  let stopped: string | undefined
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < items.length && !stopped) {
      if (Date.now() - started >= options.backlog.maxMinutes * 60_000) {
        stopped = `max-minutes (${options.backlog.maxMinutes}) reached`
        break
      }
      const slot = next++
      const outcome = await triageItem(ctx, items[slot]!)
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

  const finished = results.filter((r): r is TriageResult => r !== undefined)
  const remaining = items.filter((_, i) => results[i] === undefined).map((item) => item.number)
  const report = backlogReport({ selection, results: finished, remaining, stopped, started, options, index })
  setRunOutputs({ backlog: report })
  setOutput('report', report)
  await writeSummary(renderBacklog(report, finished))
  const t = report.totals
  const end = `Backlog: ${t.triaged} triaged, ${t.skipped} skipped (${t.alreadyDone} already done), ${t.failed} failed, ${t.remaining} remaining in ${t.minutes} min (${t.issuesPerMinute} issues a minute).`
  if (stopped) core.warning(redact(`${end} Stopped early: ${stopped}. The next run picks up the rest.`))
  else core.info(end)
  const failed = finished.filter((r) => r.status === 'failed')
  for (const r of failed)
    core.warning(redact(`Issue #${r.issue} failed: ${r.error?.message ?? 'unknown error'}`))
  if (failed.length > 0 && options.failOnError)
    core.setFailed(`${failed.length} issue(s) of the backlog failed (fail-on-error is on).`)
}
