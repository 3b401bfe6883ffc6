import type { TriageResult } from '../result.js'
import { escapeMarkdown } from '../text/hygiene.js'
import { renderDuplicates } from './duplicates.js'
import { fallbackBanner } from './history.js'

const cell = (text: string, max = 200) => escapeMarkdown(text, max) || ' '

/** What a run does with the labels it chose, in the words of its mode: added, suggested, would add. */
export function labelVerb(mode: TriageResult['mode']): string {
  return mode === 'apply' ? 'added' : mode === 'suggest' ? 'suggested' : 'would add'
}

/** The issue type a run set or suggested (in dry-run, would have); null when none. */
export function typeShown(r: TriageResult): string | null {
  return (
    r.acted?.typeSet ??
    r.acted?.typeSuggested ??
    (r.mode === 'dry-run' ? (r.decision?.type?.name ?? null) : null)
  )
}

/**
 * The labels a run applied or suggested (or, in dry-run, would have): the `labels` output. A run that
 * failed while writing lists those it wrote before.
 */
export function labelsOutput(result: TriageResult): string[] {
  if (result.status === 'skipped') return []
  if (result.mode === 'dry-run')
    return result.status === 'triaged' ? (result.decision?.labels.map((l) => l.name) ?? []) : []
  return result.mode === 'apply' ? (result.acted?.labelsApplied ?? []) : (result.acted?.labelsSuggested ?? [])
}

/**
 * Renders the job summary as Markdown: one row per issue, then what policy refused and why.
 * Every piece of issue or model text is escaped and bounded; links stay inside the repository.
 */
export function renderSummary(results: TriageResult[]): string {
  const lines = [
    '## Issue triage',
    '',
    ...fallbackBanner(results),
    '| Issue | Labels | Type | Confidence | Rationale | Tokens | Model latency |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const r of results) {
    const issue = `#${r.issue} ${cell(r.title, 80)}`
    // A run that failed while writing has a decision: its row shows what was written.
    if (r.status === 'skipped' || !r.decision) {
      const why = r.status === 'skipped' ? `skipped: ${r.reason ?? ''}` : `failed: ${r.error?.message ?? ''}`
      lines.push(`| ${issue} | ${cell(why, 300)} |  |  |  | ${tokens(r)} | ${latency(r)} |`)
      continue
    }
    const d = r.decision
    const shown = labelsOutput(r)
    const labels =
      shown.length > 0 ? shown.map((n) => `${cell(n, 60)} (${labelVerb(r.mode)})`).join('<br>') : 'none'
    const typeName = typeShown(r)
    const type = typeName
      ? `${cell(typeName, 40)} (${r.acted?.typeSuggested ? 'suggested' : labelVerb(r.mode).replace('added', 'set')})`
      : '—'
    const chosen = [...d.labels, ...(d.type ? [d.type] : [])]
    const confidence = chosen.map((c) => `${cell(c.name, 40)} ${c.confidence.toFixed(2)}`).join('<br>') || '—'
    const rationale =
      chosen.map((c) => `${cell(c.name, 40)}: ${cell(c.rationale, 200)}`).join('<br>') || cell(d.summary, 200)
    lines.push(
      `| ${issue} | ${labels} | ${type} | ${confidence} | ${rationale} | ${tokens(r)} | ${latency(r)} |`
    )
  }
  const refused = results.flatMap((r) => [
    ...(r.decision?.refusedLabels ?? []).map(
      (x) => `- #${r.issue}: label ${cell(x.name, 60)} refused: ${cell(x.reason, 120)}`
    ),
    ...(r.decision?.refusedType
      ? [
          `- #${r.issue}: type ${cell(r.decision.refusedType.name, 40)} refused: ${cell(r.decision.refusedType.reason, 120)}`
        ]
      : [])
  ])
  if (refused.length > 0) lines.push('', '**Refused by policy**', '', ...refused)
  lines.push(...renderDuplicates(results))
  const notes = results.flatMap((r) => [
    ...(r.status === 'failed' && r.decision
      ? [`- #${r.issue}: failed: ${cell(r.error?.message ?? '', 600)}`]
      : []),
    ...(r.usage?.notes ?? []).map((n) => `- #${r.issue}: ${cell(n, 200)}`),
    ...(r.acted?.warnings ?? []).map((w) => `- #${r.issue}: ${cell(w, 300)}`)
  ])
  if (notes.length > 0) lines.push('', '**Notes**', '', ...notes)
  const models = [...new Set(results.map((r) => r.usage?.model).filter(Boolean))]
  const mode = results[0]?.mode ?? 'apply'
  lines.push(
    '',
    `Mode: ${mode}${models.length ? ` · model: ${models.map((m) => cell(m!, 60)).join(', ')}` : ''}`
  )
  return lines.join('\n') + '\n'
}

function tokens(r: TriageResult): string {
  if (!r.usage || r.usage.modelCalls === 0) return '—'
  const credits = r.usage.aiCredits === undefined ? '' : ` · ${r.usage.aiCredits.toFixed(2)} AI credits`
  return `${r.usage.promptTokens} in / ${r.usage.completionTokens} out${credits}`
}

function latency(r: TriageResult): string {
  return r.usage && r.usage.modelCalls > 0 ? `${r.usage.latencyMs} ms` : '—'
}
