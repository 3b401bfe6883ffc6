import * as core from '@actions/core'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { issuesPerMonth } from '../backtest/cost.js'
import { scoreDuplicates } from '../backtest/duplicates.js'
import { scoreBacktest } from '../backtest/metrics.js'
import type { RunContext } from '../context.js'
import { indexForBacklog } from '../gather/backlog.js'
import { asOpened, selectBacktest } from '../gather/backtest.js'
import { backtestCsv, renderBacktest, type BacktestOutput } from '../report/backtest.js'
import { decisionCase } from '../backtest/case.js'
import { reportHistory } from '../report/history.js'
import { setOutput, setRunOutputs, writeSummary } from '../report/outputs.js'
import { redact } from '../text/secrets.js'
import { labelsToOffer } from '../decide/decide-issue.js'
import { triagePool } from './issue-pool.js'

/**
 * `mode: backtest`: the most recent issues people labelled, each replayed through the same
 * `triageIssue` as it was when opened and decided, never acted on; the decisions are scored against
 * what people chose. Nothing is written to the repository: the run's mode is dry-run underneath.
 */
export async function backtestFlow(ctx: RunContext): Promise<void> {
  const { options } = ctx
  const started = Date.now()
  const limit = options.backtest?.limit ?? 100
  const repo = await ctx.repository()
  const allowed = labelsToOffer(repo, options)
  const selection = await selectBacktest(ctx, allowed, limit, options.backlog.query)
  const { cases } = selection
  // The history classifier (provider history, or the fallback) must not learn the answers it is scored on.
  ctx.holdOut = cases.map((c) => c.number)
  core.info(
    `Backtest: replaying ${cases.length} of the most recent issues people labelled (${selection.examined} read), as they were opened; nothing is written.`
  )
  const index = await indexForBacklog(ctx, cases.length)
  if (index && 'error' in index) core.info('Duplicate candidates come from GitHub search instead.')
  const run = await triagePool(ctx, cases, { how: { backtest: true }, started, prepare: asOpened })

  const byNumber = new Map(cases.map((c) => [c.number, c]))
  const decided = run.results.filter((r) => r.status === 'triaged' && r.decision)
  const scored = decided.map((r) => {
    const replayed = byNumber.get(r.issue)!
    return decisionCase(
      { issue: r.issue, expected: replayed.truth, expectedType: replayed.truthType },
      r.decision!,
      r.usage
    )
  })
  const perMonth = issuesPerMonth(cases.map((c) => c.issue.createdAt).filter((d) => d !== ''))
  const metrics = scoreBacktest(scored, {
    labels: allowed.map((l) => l.name),
    minConfidence: options.minConfidence,
    issuesPerMonth: perMonth
  })
  const duplicates = scoreDuplicates(
    decided.map((r) => ({
      issue: r.issue,
      trueOriginal: byNumber.get(r.issue)!.duplicateOf ?? null,
      shown: r.usage?.candidatesShown ?? [],
      verdict: r.decision!.duplicates.map((d) => d.number)
    }))
  )
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com'
  const report: BacktestOutput = {
    mode: 'backtest',
    selection: {
      limit,
      examined: selection.examined,
      replayed: cases.length,
      ...(selection.query ? { query: selection.query } : {})
    },
    minConfidence: metrics.minConfidence,
    averages: { micro: metrics.micro, macro: metrics.macro, macroSupported: metrics.macroSupported },
    labels: Object.fromEntries(
      metrics.labels.map(({ label, ...stats }) => [
        label,
        { ...stats, preciseFrom: metrics.preciseFrom[label] ?? null }
      ])
    ),
    type: metrics.type,
    thresholds: metrics.thresholds,
    unscoredTruth: metrics.unscoredTruth,
    mistakes: metrics.mistakes.map((m) => ({
      ...m,
      url: `${server}/${ctx.ref.owner}/${ctx.ref.repo}/issues/${m.issue}`,
      title: byNumber.get(Number(m.issue))?.issue.title ?? ''
    })),
    duplicates,
    cost: metrics.cost,
    failed: run.results
      .filter((r) => r.status !== 'triaged')
      .map((r) => ({ issue: r.issue, reason: r.error?.message ?? r.reason ?? r.status })),
    remaining: run.remaining,
    ...(run.stopped ? { stopped: run.stopped } : {}),
    minutes: Math.round(((Date.now() - started) / 60_000) * 100) / 100
  }
  // Ready for actions/upload-artifact: the whole report, and the per-label table as CSV.
  const dir = process.env.RUNNER_TEMP || tmpdir()
  const jsonPath = join(dir, 'issue-triage-backtest.json')
  const csvPath = join(dir, 'issue-triage-backtest.csv')
  writeFileSync(jsonPath, JSON.stringify(report, null, 2))
  writeFileSync(csvPath, backtestCsv(report))
  setRunOutputs({ backtest: report })
  setOutput('report', report)
  core.setOutput('report-json', jsonPath)
  core.setOutput('report-csv', csvPath)
  await writeSummary(renderBacktest(report))
  await reportHistory(ctx, run.results)
  const m = report.averages.micro
  const said = `Backtest: ${scored.length} issues scored; micro precision ${pct(m.precision)}, recall ${pct(m.recall)} at min-confidence ${report.minConfidence}. Report: ${jsonPath}, ${csvPath}.`
  if (run.stopped) core.warning(redact(`${said} Stopped early: ${run.stopped}.`))
  else core.info(said)
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`)
