import type { DuplicateReport } from '../backtest/duplicates.js'
import type { BacktestReport, LabelStats } from '../backtest/metrics.js'
import { escapeMarkdown } from '../text/hygiene.js'

/** The `report` output of `mode: backtest` (also written to the JSON file). */
export interface BacktestOutput {
  mode: 'backtest'
  selection: { limit: number; examined: number; replayed: number; query?: string }
  minConfidence: number
  averages: Pick<BacktestReport, 'micro' | 'macro' | 'macroSupported'>
  /** Per label the action may apply: scores at `min-confidence`, and the lowest threshold reaching 0.9 precision. */
  labels: Record<string, Omit<LabelStats, 'label'> & { preciseFrom: number | null }>
  type: BacktestReport['type']
  thresholds: BacktestReport['thresholds']
  unscoredTruth: BacktestReport['unscoredTruth']
  mistakes: (BacktestReport['mistakes'][number] & { url?: string; title?: string })[]
  duplicates: DuplicateReport
  cost: BacktestReport['cost']
  /** Issues the model could not decide (a bad answer, a GitHub error), with why. */
  failed: { issue: number; reason: string }[]
  remaining: number[]
  stopped?: string
  minutes: number
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
const cell = (text: string, max = 120) => escapeMarkdown(text, max) || ' '
const names = (list: { name: string }[] | string[]) =>
  list.map((l) => cell(typeof l === 'string' ? l : l.name, 60)).join(', ') || '—'

// GitHub renders Mermaid in job summaries: precision and recall (micro, in %) at each min-confidence.
function chart(report: BacktestOutput): string[] {
  const rows = report.thresholds
  const line = (pick: (r: (typeof rows)[number]) => number | null) =>
    `[${rows.map((r) => Math.round((pick(r) ?? 0) * 1000) / 10).join(', ')}]`
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Precision (first line) and recall (second line), in %, by min-confidence"',
    `  x-axis [${rows.map((r) => r.minConfidence.toFixed(2)).join(', ')}]`,
    '  y-axis "%" 0 --> 100',
    `  line ${line((r) => r.micro.precision)}`,
    `  line ${line((r) => r.micro.recall)}`,
    '```',
    ...(rows.some((r) => r.micro.precision === null)
      ? ['', 'Where nothing would be written, precision has no value and the chart draws it at 0.']
      : [])
  ]
}

/** The job summary of a backtest: the averages, the per-label table, the chart, the worst mistakes. */
export function renderBacktest(report: BacktestOutput): string {
  const { micro, macro, macroSupported } = report.averages
  const s = report.selection
  const lines = [
    '## Backtest: how triage would have done on your labelled issues (nothing was written)',
    '',
    `Replayed ${s.replayed} of the most recent issues people labelled${s.query ? ` matching ${cell(s.query, 200)}` : ''} (${s.examined} read; backtest-limit ${s.limit}), each shown to the model as it was opened: no labels, no comments, duplicate candidates only from older issues. Scores at min-confidence ${report.minConfidence}.`,
    '',
    '| Average | Precision | Recall | F1 |',
    '| --- | --- | --- | --- |',
    `| micro (every decision) | ${pct(micro.precision)} | ${pct(micro.recall)} | ${pct(micro.f1)} |`,
    `| macro (every label) | ${pct(macro.precision)} | ${pct(macro.recall)} | ${pct(macro.f1)} |`,
    `| macro (labels in the sample) | ${pct(macroSupported.precision)} | ${pct(macroSupported.recall)} | ${pct(macroSupported.f1)} |`
  ]
  if (report.type.cases > 0)
    lines.push(
      '',
      `Issue type: ${report.type.correct} of ${report.type.cases} right (${pct(report.type.accuracy)}).`
    )
  const d = report.duplicates
  if (d.duplicates > 0 || d.verdicts > 0)
    lines.push(
      '',
      `Duplicates: ${d.duplicates} of the replayed issues were closed as duplicates; the original was among the candidates shown for ${pct(d.recallAtShown)}, and named for ${pct(d.recall)}. ${d.verdicts} verdicts, ${pct(d.precision)} right; false alarms on ${pct(d.falseAlarmRate)} of the ${d.nonDuplicates} other issues.`
    )
  const c = report.cost
  const per = c.perIssue
  lines.push(
    '',
    `Cost: ${c.promptTokens} prompt and ${c.completionTokens} completion tokens${c.credits === null ? '' : `, ${c.credits.toFixed(2)} AI credits`}; per issue ${Math.round(per.promptTokens ?? 0)} / ${Math.round(per.completionTokens ?? 0)} tokens${per.credits === null ? '' : `, ${per.credits.toFixed(3)} credits`}.` +
      (c.perMonth && c.issuesPerMonth !== null
        ? ` At this repository's ${c.issuesPerMonth.toFixed(0)} issues a month: about ${Math.round(c.perMonth.promptTokens ?? 0).toLocaleString('en-US')} prompt tokens${c.perMonth.credits === null ? '' : ` and ${c.perMonth.credits.toFixed(1)} AI credits`} a month.`
        : '')
  )
  const labels = Object.entries(report.labels)
    .filter(([, l]) => l.support > 0 || l.predicted > 0)
    .sort((a, b) => b[1].support - a[1].support || a[0].localeCompare(b[0]))
  lines.push(
    '',
    '| Label | Support | Predicted | Precision | Recall | F1 | Precision ≥ 90% from |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...labels.map(
      ([name, l]) =>
        `| ${cell(name, 60)} | ${l.support} | ${l.predicted} | ${pct(l.precision)} | ${pct(l.recall)} | ${pct(l.f1)} | ${l.preciseFrom === null ? '—' : l.preciseFrom.toFixed(2)} |`
    ),
    '',
    ...chart(report)
  )
  if (report.mistakes.length > 0) {
    lines.push(
      '',
      '**The ten worst mistakes**',
      '',
      '| Issue | People chose | Triage chose | What went wrong |',
      '| --- | --- | --- | --- |'
    )
    for (const m of report.mistakes) {
      const issue = m.url ? `[#${m.issue}](${m.url})` : `#${m.issue}`
      const why = [
        ...m.falsePositives.map((f) => `${f.name} (${f.confidence}): ${f.rationale ?? ''}`),
        ...m.misses.map(
          (f) => `missed ${f.name}${f.confidence === null ? '' : ` (proposed at ${f.confidence})`}`
        )
      ].join('; ')
      lines.push(
        `| ${issue} ${cell(m.title ?? '', 60)} | ${names(m.expected)} | ${names(m.predicted)} | ${cell(why, 300)} |`
      )
    }
  }
  if (report.failed.length > 0)
    lines.push('', '**Not scored**', '', ...report.failed.map((f) => `- #${f.issue}: ${cell(f.reason, 300)}`))
  if (report.stopped)
    lines.push(
      '',
      `**Stopped early:** ${cell(report.stopped, 400)}; ${report.remaining.length} issues were not replayed.`
    )
  return lines.join('\n') + '\n'
}

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value)
  // A leading =, +, - or @ would be a formula in a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The per-label table as CSV: label, support, predicted, tp, fp, fn, precision, recall, f1, precise_from. */
export function backtestCsv(report: BacktestOutput): string {
  const rows = [
    ['label', 'support', 'predicted', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1', 'precise_from']
  ]
  for (const [name, l] of Object.entries(report.labels))
    rows.push(
      [name, l.support, l.predicted, l.tp, l.fp, l.fn, l.precision, l.recall, l.f1, l.preciseFrom].map((v) =>
        csvField(v as string | number | null)
      )
    )
  return rows.map((r) => r.join(',')).join('\n') + '\n'
}
