import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import { selectBacklog } from '../gather/backlog.js'
import { fetchIssue } from '../gather/issue.js'
import { backlogReport, progressLine, renderBacklog } from '../report/backlog.js'
import { failureMessage, rateLimit } from '../report/failure.js'
import { setOutput, setRunOutputs, writeSummary } from '../report/outputs.js'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { triageIssue } from '../triage.js'

// Model failures that every later issue would meet too (a quota, a limit still refusing after its waits): the run stops and reports the rest as remaining.
const STOPPING = new Set(['quota', 'rate-limited', 'auth', 'policy', 'retired', 'not-found'])

/**
 * A backlog (`issue-numbers` or `query` on workflow_dispatch or schedule): the selected issues, oldest
 * first, each through the same `triageIssue`. One issue failing is recorded and the next one starts;
 * a quota or AI-credit cap, GitHub's rate limit or `max-minutes` ends the run with the rest remaining.
 */
export async function backlogFlow(ctx: RunContext): Promise<void> {
  const { options } = ctx
  const started = Date.now()
  const selection = await selectBacklog(ctx, options.backlog)
  const { items } = selection
  core.info(
    `Backlog: ${items.length} of ${selection.matched} matching issues selected (max-issues: ${options.backlog.maxIssues}), oldest first; mode ${options.mode}.`
  )
  const results: TriageResult[] = []
  const remaining: number[] = []
  let stopped: string | undefined
  for (const [i, item] of items.entries()) {
    if (stopped) {
      remaining.push(item.number)
      continue
    }
    if (Date.now() - started >= options.backlog.maxMinutes * 60_000) {
      stopped = `max-minutes (${options.backlog.maxMinutes}) reached`
      remaining.push(item.number)
      continue
    }
    let result: TriageResult
    try {
      result = await core.group(`#${item.number}`, async () =>
        triageIssue(ctx, item.issue ?? (await fetchIssue(ctx.octokit, ctx.ref, item.number)))
      )
    } catch (error) {
      const status = (error as { status?: number }).status
      const message = redact(failureMessage(error))
      if (rateLimit(status, error instanceof Error ? error.message : '')) {
        stopped = message
        remaining.push(item.number)
        continue
      }
      result = {
        issue: item.number,
        title: item.issue?.title ?? '',
        mode: options.mode,
        status: 'failed',
        error: { kind: 'github', message }
      }
    }
    if (result.status === 'failed' && STOPPING.has(result.error?.kind ?? '')) {
      // Nothing was written for it: the model refused before any decision.
      stopped = result.error?.message ?? result.error?.kind
      remaining.push(item.number)
      continue
    }
    results.push(result)
    core.info(progressLine(i + 1, items.length, result))
    // GitHub's rate limit refused a write: the issue is reported failed, and no other one starts.
    if (
      result.status === 'failed' &&
      result.error?.kind === 'github' &&
      /rate limit/i.test(result.error.message)
    )
      stopped = result.error.message
  }
  const report = backlogReport({ selection, results, remaining, stopped, started, options })
  setRunOutputs({ backlog: report })
  setOutput('report', report)
  await writeSummary(renderBacklog(report, results))
  const t = report.totals
  const end = `Backlog: ${t.triaged} triaged, ${t.skipped} skipped, ${t.failed} failed, ${t.remaining} remaining in ${t.minutes} min.`
  if (stopped) core.warning(redact(`${end} Stopped early: ${stopped}. The next run picks up the rest.`))
  else core.info(end)
  const failed = results.filter((r) => r.status === 'failed')
  for (const r of failed)
    core.warning(redact(`Issue #${r.issue} failed: ${r.error?.message ?? 'unknown error'}`))
  if (failed.length > 0 && options.failOnError)
    core.setFailed(`${failed.length} issue(s) of the backlog failed (fail-on-error is on).`)
}
