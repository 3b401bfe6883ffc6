import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import { readLabelledHistory } from '../gather/labelled-history.js'
import { labelsToOffer } from '../decide/decide-issue.js'
import { describeOrigin } from '../report/history.js'
import { loadClassifier, type HistoryClassifier } from './repository-classifier.js'
import { defaultStore } from './store.js'

/**
 * The run's history classifier (provider `history`, or the fallback): restored or trained once per run
 * over the labels the action may apply now, then shared by every issue of the run. A backtest's
 * replayed issues (`ctx.holdOut`) are left out of its training, which then bypasses the store.
 */
export async function classifierForRun(ctx: RunContext): Promise<HistoryClassifier> {
  const repo = await ctx.repository()
  const allowed = labelsToOffer(repo, ctx.options)
  const types = repo.issueTypes.map((t) => t.name)
  const held = ctx.holdOut ? new Set(ctx.holdOut) : undefined
  const classifier = await loadClassifier({
    store: defaultStore(),
    ref: ctx.ref,
    labels: allowed.map((l) => l.name),
    types,
    maxAgeDays: ctx.options.history.maxAgeDays,
    ...(held ? { fresh: `a backtest learns without the ${held.size} issues it replays` } : {}),
    read: async () => {
      const limit = ctx.options.history.limit
      const read = await readLabelledHistory(ctx.octokit, ctx.ref, {
        limit: limit + (held?.size ?? 0),
        identity: await ctx.identity(),
        allowed,
        types: types.length > 0
      })
      if (!held) return read
      return { ...read, issues: read.issues.filter((i) => !held.has(i.number)).slice(0, limit) }
    }
  })
  const { origin } = classifier
  core.info(describeOrigin(classifier))
  if (origin.saveWarning) core.warning(`The history classifier could not be stored: ${origin.saveWarning}`)
  if (origin.staleBecause)
    core.warning(
      `Using the history classifier trained ${origin.trainedAt.slice(0, 10)}: ${origin.staleBecause}`
    )
  return classifier
}
