import type { RunContext } from '../context.js'
import { fetchIssue } from '../gather/issue.js'
import { reportHistory } from '../report/history.js'
import { reportIssue } from '../report/one-issue.js'
import { triageIssue } from '../triage.js'

/** One issue by number: `workflow_dispatch` with `issue-number`, or the terminal command. */
export async function dispatch(ctx: RunContext, number: number): Promise<void> {
  const issue = await fetchIssue(ctx.octokit, ctx.ref, number)
  const result = await triageIssue(ctx, issue)
  await reportIssue(result, ctx.options)
  await reportHistory(ctx, [result])
}
