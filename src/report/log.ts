import * as core from '@actions/core'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { labelsOutput, labelVerb } from './summary.js'

/** The log lines of one issue's triage: what was written or refused, and why it was skipped. */
export function logResult(result: TriageResult): void {
  for (const warning of result.acted?.warnings ?? []) core.warning(redact(warning))
  if (result.status === 'skipped') core.notice(`Issue #${result.issue} skipped: ${result.reason}.`)
  if (result.status === 'triaged') {
    const shown = labelsOutput(result)
    const verb = labelVerb(result.mode)
    core.info(
      `${verb[0]!.toUpperCase()}${verb.slice(1)}${result.mode === 'dry-run' ? ' (dry-run)' : ''} labels on #${result.issue}: ${shown.length > 0 ? shown.join(', ') : 'none'}`
    )
  }
}
