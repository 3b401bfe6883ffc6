import * as core from '@actions/core'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { labelsOutput } from './summary.js'

/** The log lines of one issue's triage: what was written or refused, and why it was skipped. */
export function logResult(result: TriageResult): void {
  for (const warning of result.acted?.warnings ?? []) core.warning(redact(warning))
  if (result.status === 'skipped') core.notice(`Issue #${result.issue} skipped: ${result.reason}.`)
  if (result.status === 'triaged') {
    const shown = labelsOutput(result)
    const verb =
      result.mode === 'apply' ? 'Added' : result.mode === 'suggest' ? 'Suggested' : 'Would add (dry-run)'
    core.info(`${verb} labels on #${result.issue}: ${shown.length > 0 ? shown.join(', ') : 'none'}`)
  }
}
