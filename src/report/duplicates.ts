import type { AppealResult } from '../act/appeal.js'
import type { SweepEntry } from '../act/sweep.js'
import type { Mode } from '../inputs/options.js'
import type { TriageResult } from '../result.js'
import { escapeMarkdown } from '../text/hygiene.js'

/** The job summary's duplicate section for triaged issues: candidates shown, verdict, what was written. */
export function renderDuplicates(results: TriageResult[]): string[] {
  const lines: string[] = []
  for (const r of results) {
    const d = r.dedupe
    if (!d) continue
    const verdict = d.unjudged
      ? 'not judged (the history classifier judges no duplicates); the likeliest earlier issues, for a person to compare: ' +
        (d.candidates.map((c) => `#${c.number} ${escapeMarkdown(c.title, 80)}`).join(', ') || 'none')
      : r.decision && r.decision.duplicates.length > 0
        ? 'likely duplicate of ' +
          r.decision.duplicates
            .map((x) => `#${x.number} (${x.confidence.toFixed(2)}: ${escapeMarkdown(x.reason, 160)})`)
            .join(', ')
        : 'no likely duplicate'
    const shown = d.candidates.map((c) => `#${c.number}`).join(', ') || 'none'
    const wrote = d.acted
      ? `comment ${d.acted.comment}${d.acted.dryRun ? ' (dry-run)' : ''}, label ${d.acted.label}`
      : 'nothing'
    lines.push(
      `- #${r.issue}: ${verdict}. Candidates shown: ${shown} (${d.candidateTokens} tokens, ${d.searchCalls} searches). Wrote: ${wrote}.`
    )
    for (const x of r.decision?.refusedDuplicates ?? [])
      lines.push(`  - claim #${x.number} refused: ${escapeMarkdown(x.reason, 120)}`)
    for (const n of d.notes) lines.push(`  - ${escapeMarkdown(n, 200)}`)
  }
  return lines.length > 0 ? ['', '**Duplicates**', '', ...lines] : []
}

/** The job summary of a `/not-duplicate` appeal. */
export function renderAppeal(result: AppealResult): string {
  const what =
    result.status === 'withdrawn'
      ? `verdict ${result.dryRun ? 'would be withdrawn (dry-run)' : 'withdrawn'}; ${result.rejected.map((n) => `#${n}`).join(', ')} will not be suggested again`
      : `ignored: ${escapeMarkdown(result.reason, 200)}`
  return `## Issue triage: appeal\n\n- #${result.issue}: ${what}\n`
}

/** The job summary of a scheduled run over likely duplicates. */
export function renderSweep(entries: SweepEntry[], mode: Mode): string {
  const lines = [
    '## Issue triage: likely duplicates',
    '',
    `Mode: ${mode}. Issues looked at: ${entries.length}.`,
    ''
  ]
  for (const e of entries) {
    const original = e.original ? ` as a duplicate of #${e.original}` : ''
    lines.push(`- #${e.issue}: ${e.outcome.replace('-', ' ')}${original} — ${escapeMarkdown(e.reason, 200)}`)
  }
  return lines.join('\n') + '\n'
}
