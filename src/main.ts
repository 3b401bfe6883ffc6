import * as core from '@actions/core'
import { createContext } from './context.js'
import { appealFlow } from './flows/appeal.js'
import { backlogFlow } from './flows/backlog.js'
import { backtestFlow } from './flows/backtest.js'
import { InputError } from './errors.js'
import { dispatch } from './flows/dispatch.js'
import { issueEvent } from './flows/issue-event.js'
import { sweepFlow } from './flows/sweep.js'
import { backlogRequested } from './inputs/backlog.js'
import { readEvent, resolveTarget } from './inputs/event.js'
import { issueNumberInput } from './inputs/options.js'
import { failureMessage } from './report/failure.js'
import { redact, registerSecret } from './text/secrets.js'
import { setIssueOutputs } from './report/outputs.js'
import { skipReason } from './triage.js'

/**
 * The action: reads the inputs and the event once, builds the run's context and hands the event to
 * its flow (an issue event, one issue by number, an appeal, the scheduled sweep, a backlog). The one place that
 * turns a thrown value into a failed step.
 */
export async function run(): Promise<void> {
  try {
    const read = (name: string) => core.getInput(name)
    for (const secret of [read('token'), read('api-key')]) {
      if (!secret) continue
      core.setSecret(secret)
      registerSecret(secret)
    }
    const event = readEvent(process.env)
    // A backtest, like a backlog, works through many issues: on workflow_dispatch (and schedule).
    const manyIssues =
      read('issue-numbers').trim() !== '' ||
      read('query').trim() !== '' ||
      read('mode').trim().toLowerCase() === 'backtest'
    const target = resolveTarget(event, issueNumberInput(read('issue-number')), manyIssues)
    if (target.kind === 'ignore') {
      core.notice(`Nothing to triage: ${target.reason}.`)
      setIssueOutputs(null)
      return
    }
    const duplicatesOnly = target.kind === 'appeal' || target.kind === 'sweep'
    // An issue the payload already shows will be skipped (a pull request, a bot's) needs only the options.
    const skipped = target.kind === 'payload' && skipReason(target.issue) !== undefined
    const ctx = await createContext(read, event, { labels: !duplicatesOnly && !skipped })
    try {
      if (ctx.options.backtest) {
        if (target.kind !== 'backlog')
          throw new InputError(
            '"mode: backtest" replays the repository\'s history: run it by workflow_dispatch (without "issue-number"), not on an issue event.'
          )
        return await backtestFlow(ctx)
      }
      // The config file can select a backlog too: scheduled runs then triage it instead of sweeping.
      if (target.kind === 'backlog' || (target.kind === 'sweep' && backlogRequested(ctx.options.backlog)))
        return await backlogFlow(ctx)
      if (duplicatesOnly && !ctx.options.dedupe.enabled) {
        core.notice(
          `Nothing to do: duplicate detection is off (dedupe: false), so ${target.kind === 'appeal' ? '/not-duplicate comments' : 'scheduled runs'} are ignored.`
        )
        setIssueOutputs(null)
        return
      }
      switch (target.kind) {
        case 'payload':
          return await issueEvent(ctx, target.issue)
        case 'number':
          return await dispatch(ctx, target.number)
        case 'appeal':
          return await appealFlow(ctx, target.issue, target.by)
        case 'sweep':
          return await sweepFlow(ctx)
      }
    } finally {
      await ctx.close()
    }
  } catch (error) {
    core.setFailed(redact(failureMessage(error)))
    // The flows set their outputs when they finish; a run that stopped before gets them too, unless
    // the outputs file itself is what failed.
    try {
      setIssueOutputs(null)
    } catch {
      // already reported: the failure above names it
    }
  }
}
