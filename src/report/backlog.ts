import type { BacklogSelection, IndexRead } from '../gather/backlog.js'
import type { Options } from '../inputs/options.js'
import { fallbackBanner } from './history.js'
import type { TriageResult } from '../result.js'
import { escapeMarkdown, forLog } from '../text/hygiene.js'
import { labelsOutput, typeShown } from './summary.js'

/** One issue of a backlog in the `report` output. */
export interface BacklogEntry {
  issue: number
  title: string
  status: TriageResult['status']
  labels: string[]
  type: string | null
  confidence: number | null
  duplicates: number[]
  /** The duplicate candidates shown to the model, best first (when dedupe ran). */
  candidates?: number[]
  reason?: string
}

/** Where a backlog's duplicate candidates came from (dedupe on). */
export interface BacklogDedupe {
  /** The run's local issue index (backlogs of more than 10 issues), or why it could not be read. */
  index?: IndexRead
  /** GitHub search requests for candidates (the selection's own not counted). */
  searchCalls: number
  semanticSearches: number
  /** Issues that went without a semantic search: the minute's 10 were spent. */
  semanticSkipped: number
}

/** What a backlog run did: the `report` output (and `result.backlog`). */
export interface BacklogReport {
  mode: Options['mode']
  selection: { issueNumbers?: number; query?: string; matched: number; selected: number; maxIssues: number }
  totals: {
    triaged: number
    labelled: number
    suggested: number
    duplicates: number
    skipped: number
    /** Of the skipped: triaged by an earlier run and unchanged since. */
    alreadyDone: number
    failed: number
    remaining: number
    modelCalls: number
    promptTokens: number
    completionTokens: number
    aiCredits?: number
    minutes: number
    issuesPerMinute: number
  }
  dedupe?: BacklogDedupe
  stopped?: string
  issues: BacklogEntry[]
  remaining: number[]
}

/** The chosen labels' highest confidence, or the type's when no label was chosen. */
function confidenceOf(r: TriageResult): number | null {
  const d = r.decision
  if (!d) return null
  const all = [...d.labels, ...(d.type ? [d.type] : [])].map((c) => c.confidence)
  return all.length > 0 ? Math.max(...all) : null
}

function entry(r: TriageResult): BacklogEntry {
  const type = typeShown(r)
  const reason = r.status === 'skipped' ? r.reason : r.status === 'failed' ? r.error?.message : undefined
  return {
    issue: r.issue,
    title: r.title,
    status: r.status,
    labels: labelsOutput(r),
    type: type ?? null,
    confidence: confidenceOf(r),
    duplicates: r.dedupe?.duplicates ?? [],
    ...(r.dedupe ? { candidates: r.dedupe.candidates.map((c) => c.number) } : {}),
    ...(reason === undefined ? {} : { reason })
  }
}

/** Adds up a backlog run's results into the `report` output. */
export function backlogReport(run: {
  selection: BacklogSelection
  results: TriageResult[]
  remaining: number[]
  stopped: string | undefined
  started: number
  options: Options
  index?: IndexRead | undefined
}): BacklogReport {
  const { results, options } = run
  const done = results.filter((r) => r.status === 'triaged')
  const withLabels = done.filter((r) => labelsOutput(r).length > 0).length
  const credits = results.reduce<number | undefined>(
    (sum, r) => (r.usage?.aiCredits === undefined ? sum : (sum ?? 0) + r.usage.aiCredits),
    undefined
  )
  const minutes = Math.round(((Date.now() - run.started) / 60_000) * 100) / 100
  const finished = results.filter((r) => r.status !== 'skipped').length
  return {
    mode: options.mode,
    selection: {
      ...(options.backlog.numbers ? { issueNumbers: options.backlog.numbers.length } : {}),
      ...(options.backlog.query ? { query: options.backlog.query } : {}),
      matched: run.selection.matched,
      selected: run.selection.items.length,
      maxIssues: options.backlog.maxIssues
    },
    totals: {
      triaged: done.length,
      labelled: options.mode === 'suggest' ? 0 : withLabels,
      suggested: options.mode === 'suggest' ? withLabels : 0,
      duplicates: done.filter((r) => (r.dedupe?.duplicates.length ?? 0) > 0).length,
      skipped: results.filter((r) => r.status === 'skipped').length,
      alreadyDone: results.filter((r) => r.alreadyDone).length,
      failed: results.filter((r) => r.status === 'failed').length,
      remaining: run.remaining.length,
      modelCalls: results.reduce((n, r) => n + (r.usage?.modelCalls ?? 0), 0),
      promptTokens: results.reduce((n, r) => n + (r.usage?.promptTokens ?? 0), 0),
      completionTokens: results.reduce((n, r) => n + (r.usage?.completionTokens ?? 0), 0),
      ...(credits === undefined ? {} : { aiCredits: Math.round(credits * 100) / 100 }),
      minutes,
      issuesPerMinute: minutes > 0 ? Math.round((finished / minutes) * 10) / 10 : finished
    },
    ...(options.dedupe.enabled ? { dedupe: dedupeTotals(results, run.index) } : {}),
    ...(run.stopped ? { stopped: run.stopped } : {}),
    issues: results.map(entry),
    remaining: run.remaining
  }
}

function dedupeTotals(results: TriageResult[], index: IndexRead | undefined): BacklogDedupe {
  const searches = results.flatMap((r) => r.dedupe?.searches ?? [])
  const semantic = searches.filter((s) => s.kind === 'semantic')
  return {
    ...(index ? { index } : {}),
    searchCalls: results.reduce((n, r) => n + (r.dedupe?.searchCalls ?? 0), 0),
    semanticSearches: semantic.filter((s) => s.ran !== 'skipped').length,
    semanticSkipped: semantic.filter((s) => s.ran === 'skipped').length
  }
}

/** The summary's sentence on where duplicate candidates came from. */
function dedupeLine(d: BacklogDedupe): string {
  const n = (x: number) => x.toLocaleString('en-US')
  const searches = `${n(d.searchCalls)} GitHub search${d.searchCalls === 1 ? '' : 'es'} (${n(d.semanticSearches)} semantic)`
  const skipped =
    d.semanticSkipped > 0
      ? `; ${n(d.semanticSkipped)} issue${d.semanticSkipped === 1 ? '' : 's'} went without a semantic search (GitHub allows 10 a minute)`
      : ''
  const i = d.index
  if (!i) return `Duplicate candidates: ${searches}${skipped}.`
  if ('error' in i)
    return `Duplicate candidates: the local issue index could not be read (${cell(i.error, 200)}), so GitHub search gave them: ${searches}${skipped}.`
  const of = i.capped
    ? `the newest ${n(i.issues)} of ${n(i.total)} issues (older ones were found only by semantic search)`
    : `${n(i.issues)} issues`
  return `Duplicate candidates: a local index of ${of}, read once in ${n(i.requests)} GraphQL request${i.requests === 1 ? '' : 's'} (${i.seconds} s), and ${searches}${skipped}.`
}

/** The log line of one finished issue: `[17/100] #1234 → bug, area/cli (0.91) · 1 likely duplicate`. */
export function progressLine(index: number, total: number, r: TriageResult): string {
  const head = `[${index}/${total}] #${r.issue}`
  if (r.status === 'skipped') return `${head} skipped: ${forLog(r.reason ?? '', 200)}`
  if (r.status === 'failed') return `${head} failed: ${forLog(r.error?.message ?? '', 300)}`
  const e = entry(r)
  const labels = e.labels.length > 0 ? e.labels.map((l) => forLog(l, 60)).join(', ') : 'no labels'
  const confidence = e.confidence === null ? '' : ` (${e.confidence.toFixed(2)})`
  const n = e.duplicates.length
  const dupes = n > 0 ? ` · ${n} likely duplicate${n === 1 ? '' : 's'}` : ''
  return `${head} → ${labels}${confidence}${dupes}`
}

// A job summary holds at most 1 MiB: a row is about 200 bytes.
const MAX_ROWS = 1000

const cell = (text: string, max = 200) => escapeMarkdown(text, max) || ' '

/** The job summary of a backlog: totals first, then one row per issue, then what remains. */
export function renderBacklog(report: BacklogReport, results: TriageResult[]): string {
  const t = report.totals
  const verb = report.mode === 'apply' ? 'labelled' : report.mode === 'suggest' ? 'suggested' : 'would label'
  const lines = [
    `## Backlog triage${report.mode === 'dry-run' ? ' (dry-run: nothing was written)' : ''}`,
    '',
    ...fallbackBanner(results),
    '| Triaged | ' +
      (report.mode === 'suggest' ? 'Suggested' : 'Labelled') +
      ' | Duplicates found | Skipped | Failed | Remaining | Tokens | Wall time | Issues/min |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${t.triaged} | ${report.mode === 'suggest' ? t.suggested : t.labelled} | ${t.duplicates} | ${t.skipped}${t.alreadyDone > 0 ? ` (${t.alreadyDone} already done)` : ''} | ${t.failed} | ${t.remaining} | ${t.promptTokens} in / ${t.completionTokens} out${t.aiCredits === undefined ? '' : ` · ${t.aiCredits.toFixed(2)} AI credits`} | ${t.minutes} min | ${t.issuesPerMinute} |`,
    '',
    `Selected ${report.selection.selected} of ${report.selection.matched} matching issues (max-issues: ${report.selection.maxIssues})${report.selection.query ? ` for \`${cell(report.selection.query, 200)}\`` : ''}, oldest first; mode: ${report.mode}.`
  ]
  if (report.dedupe) lines.push('', dedupeLine(report.dedupe))
  if (report.stopped)
    lines.push('', `**Stopped early:** ${cell(report.stopped, 600)}. The next run picks up the rest.`)
  const failed = report.issues.filter((e) => e.status === 'failed')
  if (failed.length > 0)
    lines.push(
      '',
      '**Failed**',
      '',
      ...failed.map((e) => `- #${e.issue}: ${cell(e.reason ?? 'unknown error', 600)}`)
    )
  lines.push(
    '',
    '| Issue | Outcome | Labels | Type | Confidence | Duplicates | Tokens |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  )
  for (const [i, e] of report.issues.slice(0, MAX_ROWS).entries()) {
    const r = results[i]!
    const outcome = e.status === 'triaged' ? verb : `${e.status}: ${cell(e.reason ?? '', 200)}`
    const labels = e.labels.map((l) => cell(l, 60)).join(', ') || '—'
    const dupes = e.duplicates.map((n) => `#${n}`).join(', ') || '—'
    const tokens =
      r.usage && r.usage.modelCalls > 0 ? `${r.usage.promptTokens} / ${r.usage.completionTokens}` : '—'
    lines.push(
      `| #${e.issue} ${cell(e.title, 80)} | ${outcome} | ${labels} | ${e.type ? cell(e.type, 40) : '—'} | ${e.confidence === null ? '—' : e.confidence.toFixed(2)} | ${dupes} | ${tokens} |`
    )
  }
  if (report.issues.length > MAX_ROWS)
    lines.push(
      '',
      `The first ${MAX_ROWS} of ${report.issues.length} issues are listed; the \`report\` output holds them all.`
    )
  if (report.remaining.length > 0) {
    const shown = report.remaining
      .slice(0, 200)
      .map((n) => `#${n}`)
      .join(', ')
    const more = report.remaining.length > 200 ? ` and ${report.remaining.length - 200} more` : ''
    lines.push('', `**Remaining** (${report.remaining.length}): ${shown}${more}`)
  }
  return lines.join('\n') + '\n'
}
