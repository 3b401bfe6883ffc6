import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import { indexForBacklog, selectBacklog } from '../gather/backlog.js'
import { backlogReport, renderBacklog } from '../report/backlog.js'
import { reportHistory } from '../report/history.js'
import { setOutput, setRunOutputs, writeSummary } from '../report/outputs.js'
import { redact } from '../text/secrets.js'
import { inFlight, triagePool } from './issue-pool.js'

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
  const {
    results: finished,
    remaining,
    stopped
  } = await triagePool(ctx, items, {
    how: { backlog: true },
    started
  })
  const report = backlogReport({ selection, results: finished, remaining, stopped, started, options, index })
  setRunOutputs({ backlog: report })
  setOutput('report', report)
  await writeSummary(renderBacklog(report, finished))
  await reportHistory(ctx, finished)
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
