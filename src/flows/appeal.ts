import * as core from '@actions/core'
import { appeal } from '../act/appeal.js'
import type { RunContext } from '../context.js'
import type { IssueSnapshot } from '../gather/issue.js'
import { renderAppeal } from '../report/duplicates.js'
import { setRunOutputs, writeSummary } from '../report/outputs.js'

/** A `/not-duplicate` comment: withdraw the standing duplicate verdict if its author may. No model. */
export async function appealFlow(
  ctx: RunContext,
  issue: IssueSnapshot,
  by: { login: string; isBot: boolean }
): Promise<void> {
  const result = await appeal(ctx.octokit, ctx.ref, issue, by, ctx.options.dedupe, ctx.options.mode)
  setRunOutputs({ appeal: result })
  const verb = result.dryRun ? 'would be withdrawn (dry-run)' : 'withdrawn'
  if (result.status === 'withdrawn')
    core.info(
      `Duplicate verdict on #${result.issue} ${verb}: ${result.reason}; #${result.rejected.join(', #')} will not be suggested again.`
    )
  else core.notice(`/not-duplicate on #${result.issue} ignored: ${result.reason}.`)
  await writeSummary(renderAppeal(result))
}
