import * as core from '@actions/core'
import type { TriageResult } from '../result.js'
import { redact } from '../text/secrets.js'
import { labelsOutput } from './summary.js'

/** The `labels`, `duplicates` and `result` outputs of a run about one issue (all empty for none). */
export function setIssueOutputs(result: TriageResult | null): void {
  setOutput('labels', result ? labelsOutput(result) : [])
  setOutput('duplicates', result?.dedupe?.duplicates ?? [])
  setOutput('result', result ?? {})
}

/** The outputs of a run that labels no single issue (an appeal, the sweep, a backlog): `result` only. */
export function setRunOutputs(result: object): void {
  setOutput('labels', [])
  setOutput('duplicates', [])
  setOutput('result', result)
}

/** Sets a step output to `value` as JSON, with every known secret redacted. */
export function setOutput(name: string, value: unknown): void {
  core.setOutput(name, redact(JSON.stringify(value)))
}

/** Appends Markdown to the job summary; says so, and goes on, when the runner gave no summary file. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No job summary file (GITHUB_STEP_SUMMARY is not set); the result output has the details.')
    return
  }
  try {
    await core.summary.addRaw(redact(markdown)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${String(error)}`)
  }
}
