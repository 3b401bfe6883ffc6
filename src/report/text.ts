import type { TriageResult } from '../result.js'
import { forLog } from '../text/hygiene.js'
import { labelsOutput, labelVerb, typeShown } from './summary.js'

/** One issue's result as plain lines for a terminal: what the job summary says, without Markdown. */
export function renderText(r: TriageResult): string {
  const line = (text: string) => forLog(text, 300)
  const out = [`#${r.issue} ${line(r.title)}`]
  if (r.status === 'skipped') out.push(`  skipped: ${line(r.reason ?? '')}`)
  // A run that failed while writing has a decision, and shows what it wrote before the failure.
  const d = r.decision
  if (r.status === 'failed') out.push(`  ${d ? 'failed' : 'not triaged'}: ${line(r.error?.message ?? '')}`)
  if (r.status !== 'skipped' && d) {
    const shown = labelsOutput(r)
    out.push(`  labels (${labelVerb(r.mode)}): ${shown.length > 0 ? shown.join(', ') : 'none'}`)
    const type = typeShown(r)
    if (type) out.push(`  type: ${line(type)}`)
    for (const c of [...d.labels, ...(d.type ? [d.type] : [])])
      out.push(`    ${line(c.name)} ${c.confidence.toFixed(2)}: ${line(c.rationale)}`)
    for (const x of d.refusedLabels) out.push(`  refused label ${line(x.name)}: ${line(x.reason)}`)
    if (d.refusedType) out.push(`  refused type ${line(d.refusedType.name)}: ${line(d.refusedType.reason)}`)
  }
  const shown = r.dedupe?.candidates ?? []
  const listed = shown.map((c) => `#${c.number}`).join(', ')
  if (shown.length > 0)
    out.push(
      r.dedupe?.unjudged
        ? `  likeliest earlier issues (not judged; compare them yourself): ${listed}`
        : `  candidates shown: ${listed}`
    )
  if (r.dedupe && r.dedupe.duplicates.length > 0)
    out.push(`  likely duplicate of: ${r.dedupe.duplicates.map((n) => `#${n}`).join(', ')}`)
  for (const note of r.usage?.notes ?? []) out.push(`  note: ${line(note)}`)
  if (r.usage && r.usage.modelCalls > 0) {
    const credits = r.usage.aiCredits === undefined ? '' : `, ${r.usage.aiCredits.toFixed(2)} AI credits`
    out.push(
      `  model ${line(r.usage.model)}: ${r.usage.promptTokens} tokens in, ${r.usage.completionTokens} out${credits}, ${r.usage.latencyMs} ms`
    )
  }
  return out.join('\n') + '\n'
}
