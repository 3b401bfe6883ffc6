import type { RunContext } from '../context.js'
import type { IssueSnapshot } from '../gather/issue.js'
import { reportHistory } from '../report/history.js'
import { reportIssue } from '../report/one-issue.js'
import { triageIssue } from '../triage.js'

/** An issue was opened, reopened or edited: triage the issue as the event's payload shows it. */
export async function issueEvent(ctx: RunContext, issue: IssueSnapshot): Promise<void> {
  const result = await triageIssue(ctx, issue)
  await reportIssue(result, ctx.options)
  await reportHistory(ctx, [result])
}
