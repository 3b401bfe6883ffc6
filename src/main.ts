import { createOctokit } from './github/octokit.js'
import * as runner from './github/runner.js'
import { readEvent, resolveTarget, type Target } from './inputs/event.js'
import type { Octokit } from './github/octokit.js'
import type { RepoRef } from './gather/repository.js'
import { appeal } from './flows/appeal.js'
import { sweep } from './flows/sweep.js'
import type { Options } from './inputs/options.js'
import { DEFAULT_CONFIG_PATH, loadConfig, loadPromptFile } from './config/load.js'
import { dedupeInput, InputError, issueNumberInput, readOptions, withConfig } from './inputs/options.js'
import { createProvider } from './providers/index.js'
import { failureMessage } from './report/failure.js'
import { labelsOutput, renderSummary } from './report/summary.js'
import { renderAppeal, renderSweep } from './report/duplicates.js'
import { forLog } from './text/hygiene.js'
import { loadVocabulary } from './text/o200k.js'
import { prefetch, searchEarly, triageTarget } from './pipeline.js'
import type { TriageResult } from './triage.js'

/**
 * The action: inputs → gather → decide → act → report. The one place that turns a thrown value
 * into a failed step.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const read = (name: string) => runner.getInput(name, env)
    for (const secret of [read('token'), read('api-key')]) if (secret) runner.setSecret(secret)
    const event = readEvent(env)
    const target = resolveTarget(event, issueNumberInput(read('issue-number')))
    if (target.kind === 'ignore') {
      runner.notice(`Nothing to triage: ${target.reason}.`)
      setOutputs(null)
      return
    }
    const token = read('token')
    if (!token)
      throw new InputError(
        'Input "token" is empty: leave it unset to use the workflow token, or pass a token.'
      )

    // A long issue will need exact token counts: read the vocabulary while the REST reads run.
    if (target.kind === 'payload' && target.issue.body.length > 8_000)
      void loadVocabulary().catch(() => undefined)
    const octokit = createOctokit(token)
    if (target.kind === 'appeal' || target.kind === 'sweep') {
      const options = await loadOptions(octokit, event.repo, read)
      await runDuplicateFlow(octokit, event.repo, target, options, env)
      return
    }
    const owner = (event.payload.repository as { owner?: { type?: string } } | undefined)?.owner
    const configPath = read('config')
    // A new issue's searches depend on the issue alone: they leave with the first reads unless the
    // dedupe input is off. Should the config file turn dedupe off, their answers go unused.
    const started = prefetch(octokit, event.repo, target, {
      mayHaveTypes: owner?.type !== 'User',
      configPath: configPath || DEFAULT_CONFIG_PATH,
      search: dedupeInput(read('dedupe'))
    })
    const options = await loadOptions(octokit, event.repo, read, started.config)
    started.candidates = searchEarly(octokit, event.repo, target, options, started.searches)
    const provider = await createProvider(options, {
      onWait: (seconds, why) =>
        runner.info(`Model endpoint: ${forLog(why, 200)}; waiting ${seconds} s before retrying.`)
    })
    provider.prepare?.()
    let result: TriageResult
    try {
      result = await triageTarget(octokit, provider, options, event.repo, target, started)
    } finally {
      await provider.close?.()
    }
    report(result, env)

    if (result.status === 'failed') {
      const message = `Issue #${result.issue} was not triaged: ${result.error?.message ?? 'unknown error'}`
      const misconfigured = result.error?.kind === 'budget'
      if (options.failOnError || misconfigured) runner.setFailed(message)
      else
        runner.warning(`${message} Nothing was written. (Set fail-on-error: true to fail the job instead.)`)
    }
  } catch (error) {
    runner.setFailed(failureMessage(error))
  }
}

// The config file and prompt file, merged under the inputs and validated once.
async function loadOptions(
  octokit: Octokit,
  ref: RepoRef,
  read: (name: string) => string,
  /** The config file's text, when the caller has already asked for it. */
  configText?: Promise<string | undefined>
): Promise<Options> {
  const configPath = read('config')
  const config = await loadConfig(
    octokit,
    ref,
    configPath || DEFAULT_CONFIG_PATH,
    configPath !== '',
    configText
  )
  const promptPath = read('prompt-file') || config['prompt-file']
  const prompt = promptPath ? await loadPromptFile(octokit, ref, promptPath) : undefined
  return readOptions(withConfig(read, config), config, prompt)
}

// Appeals and the scheduled sweep need no model: they act on the verdict already on the issue.
async function runDuplicateFlow(
  octokit: Octokit,
  ref: RepoRef,
  target: Extract<Target, { kind: 'appeal' | 'sweep' }>,
  options: Options,
  env: NodeJS.ProcessEnv
): Promise<void> {
  setOutputs(null)
  if (!options.dedupe.enabled) {
    runner.notice(
      `Nothing to do: duplicate detection is off (dedupe: false), so ${target.kind === 'appeal' ? '/not-duplicate comments' : 'scheduled runs'} are ignored.`
    )
    return
  }
  if (target.kind === 'appeal') {
    const result = await appeal(octokit, ref, target.issue, target.by, options.dedupe, options.mode)
    runner.setOutput('result', JSON.stringify({ appeal: result }))
    const verb = result.dryRun ? 'would be withdrawn (dry-run)' : 'withdrawn'
    if (result.status === 'withdrawn')
      runner.info(
        `Duplicate verdict on #${result.issue} ${verb}: ${result.reason}; #${result.rejected.join(', #')} will not be suggested again.`
      )
    else runner.notice(`/not-duplicate on #${result.issue} ignored: ${result.reason}.`)
    writeSummary(renderAppeal(result), env)
    return
  }
  const entries = await sweep(octokit, ref, options.dedupe, options.mode)
  runner.setOutput('result', JSON.stringify({ sweep: entries }))
  for (const e of entries) {
    if (e.outcome !== 'kept')
      runner.info(`#${e.issue}: ${e.outcome}${e.original ? ` (original #${e.original})` : ''}: ${e.reason}`)
  }
  writeSummary(renderSweep(entries, options.mode), env)
}

function writeSummary(markdown: string, env: NodeJS.ProcessEnv): void {
  if (!env.GITHUB_STEP_SUMMARY) {
    runner.info('No job summary file (GITHUB_STEP_SUMMARY is not set); the result output has the details.')
    return
  }
  try {
    runner.appendSummary(markdown, env)
  } catch (error) {
    runner.warning(`Could not write the job summary: ${String(error)}`)
  }
}

function setOutputs(result: TriageResult | null): void {
  runner.setOutput('labels', JSON.stringify(result ? labelsOutput(result) : []))
  runner.setOutput('duplicates', JSON.stringify(result?.dedupe?.duplicates ?? []))
  runner.setOutput('result', JSON.stringify(result ?? {}))
}

function report(result: TriageResult, env: NodeJS.ProcessEnv): void {
  setOutputs(result)
  for (const warning of result.acted?.warnings ?? []) runner.warning(warning)
  if (result.status === 'skipped') runner.notice(`Issue #${result.issue} skipped: ${result.reason}.`)
  if (result.status === 'triaged') {
    const shown = labelsOutput(result)
    const verb =
      result.mode === 'apply' ? 'Added' : result.mode === 'suggest' ? 'Suggested' : 'Would add (dry-run)'
    runner.info(`${verb} labels on #${result.issue}: ${shown.length > 0 ? shown.join(', ') : 'none'}`)
  }
  writeSummary(renderSummary([result]), env)
}
