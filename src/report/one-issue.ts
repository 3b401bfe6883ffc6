import * as core from '@actions/core'
import type { Options } from '../inputs/options.js'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { setIssueOutputs, writeSummary } from './outputs.js'
import { renderSummary } from './summary.js'

/**
 * Reports a run about one issue: its outputs and job summary, and, when the issue was not triaged, a
 * warning (or a failed step with `fail-on-error`, or when the request cannot fit `max-input-tokens`).
 * A GitHub request that failed while writing always fails the step, with what was written before it.
 */
export async function reportIssue(result: TriageResult, options: Options): Promise<void> {
  setIssueOutputs(result)
  await writeSummary(renderSummary([result]))
  if (result.status !== 'failed') return
  if (result.error?.kind === 'github') return core.setFailed(redact(result.error.message))
  const message = redact(
    `Issue #${result.issue} was not triaged: ${result.error?.message ?? 'unknown error'}`
  )
  const misconfigured = result.error?.kind === 'budget'
  if (options.failOnError || misconfigured) core.setFailed(message)
  else {
    const written = /nothing (more )?was written/i.test(message) ? '' : ' Nothing was written.'
    core.warning(`${message}${written} (Set fail-on-error: true to fail the job instead.)`)
  }
}
