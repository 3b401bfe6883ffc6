import type { RunContext } from '../context.js'
import { fetchIssue } from '../gather/issue.js'
import { reportIssue } from '../report/one-issue.js'
import { triageIssue } from '../triage.js'

/** One issue by number: `workflow_dispatch` with `issue-number`, or the terminal command. */
export async function dispatch(ctx: RunContext, number: number): Promise<void> {
  const issue = await fetchIssue(ctx.octokit, ctx.ref, number)
  await reportIssue(await triageIssue(ctx, issue), ctx.options)
}
