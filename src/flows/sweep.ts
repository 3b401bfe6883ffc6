import * as core from '@actions/core'
import { sweep } from '../act/sweep.js'
import type { RunContext } from '../context.js'
import { renderSweep } from '../report/duplicates.js'
import { setRunOutputs, writeSummary } from '../report/outputs.js'

/** A scheduled run: 👎 appeals and, with `close-duplicates-after`, closing unchallenged duplicates. */
export async function sweepFlow(ctx: RunContext): Promise<void> {
  const entries = await sweep(ctx.octokit, ctx.ref, ctx.options.dedupe, ctx.options.mode)
  setRunOutputs({ sweep: entries })
  for (const e of entries) {
    if (e.outcome !== 'kept')
      core.info(`#${e.issue}: ${e.outcome}${e.original ? ` (original #${e.original})` : ''}: ${e.reason}`)
  }
  await writeSummary(renderSweep(entries, ctx.options.mode))
}
