import * as core from '@actions/core'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { labelsOutput, labelVerb } from './summary.js'

/** One line of an issue's log: a warning (an annotation), a notice or plain text. */
export interface LogLine {
  level: 'warning' | 'notice' | 'info'
  text: string
}

/** The log lines of one issue's triage: what was written or refused, and why it was skipped. */
export function resultLines(result: TriageResult): LogLine[] {
  const lines: LogLine[] = (result.acted?.warnings ?? []).map((w) => ({ level: 'warning', text: redact(w) }))
  if (result.status === 'skipped')
    lines.push({ level: 'notice', text: `Issue #${result.issue} skipped: ${result.reason}.` })
  if (result.status === 'triaged') {
    const shown = labelsOutput(result)
    const verb = labelVerb(result.mode)
    lines.push({
      level: 'info',
      text: `${verb[0]!.toUpperCase()}${verb.slice(1)}${result.mode === 'dry-run' ? ' (dry-run)' : ''} labels on #${result.issue}: ${shown.length > 0 ? shown.join(', ') : 'none'}`
    })
  }
  return lines
}

/** Logs one issue's triage (see resultLines). */
export function logResult(result: TriageResult): void {
  for (const line of resultLines(result)) core[line.level](line.text)
}
