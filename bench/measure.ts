/**
 * One measured run of each kind: the bundled action on a scenario, and the bare-openai baseline. Each gets
 * freshly started emulators (started and closed outside the timed span) and is checked: a run that failed
 * is an error, not a figure.
 */
import { startGitHubEmulator } from '../__tests__/emulators/github/index.js'
import { startModelEmulator, type ModelEmulator } from '../__tests__/emulators/openai/server.js'
import { countPromptTokens } from '../__tests__/emulators/openai/tokens.js'
import type { Scenario } from './scenarios.js'
import { timeAction, timeBaseline, type TimedProcess } from './spawn.js'

/** One timed run of the action on a scenario, with what it cost. */
export interface ActionSample {
  ms: number
  /** Requests to GitHub's API, REST and GraphQL each counting one, other than searches. */
  githubCalls: number
  /** Searches for duplicate candidates (`/search/…`), a budget of their own. */
  searchCalls: number
  modelCalls: number
  /** Counted from the requests the model emulator received, the way the emulator bills them. */
  promptTokens: number
}

/** A run that did not do what the benchmark needs it to do. */
export class RunFailure extends Error {
  constructor(what: string, problems: string[], run?: TimedProcess) {
    const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n')
    const output = run ? `\n--- stdout (end)\n${tail(run.stdout)}\n--- stderr (end)\n${tail(run.stderr)}` : ''
    super(`${what} run failed: ${problems.join('; ')}${output}`)
    this.name = 'RunFailure'
  }
}

// BENCH_DEDUPE=false times the triage alone, without the duplicate-candidate searches.
const inputs = (model: ModelEmulator) => ({
  mode: 'apply',
  provider: 'openai',
  endpoint: model.url,
  'api-key': 'sk-bench-key-123456',
  model: 'test-model',
  ...(process.env.BENCH_DEDUPE ? { dedupe: process.env.BENCH_DEDUPE } : {})
})

/** Runs the action once on `scenario` against fresh emulators. Throws RunFailure when the run failed. */
export async function measureScenario(scenario: Scenario): Promise<ActionSample> {
  const github = await startGitHubEmulator(scenario.seed())
  const model = await startModelEmulator().catch(async (error: unknown) => {
    await github.close()
    throw error
  })
  try {
    const run = await timeAction({
      githubUrl: github.url,
      repository: `${github.state.owner}/${github.state.repo}`,
      eventName: 'issues',
      payload: scenario.payload,
      inputs: inputs(model)
    })
    const problems: string[] = []
    if (run.code !== 0) problems.push(`exit code ${run.code}`)
    for (const r of github.rejected) problems.push(`GitHub refused ${r.method} ${r.path}: ${r.reason}`)
    if (github.issue(1).labels.length === 0) problems.push('no labels applied')
    let status: unknown
    try {
      status = (JSON.parse(run.outputs.result ?? '{}') as { status?: unknown }).status
    } catch {
      problems.push('the result output is not JSON')
    }
    if (status !== 'triaged') problems.push(`result status ${String(status ?? '(none)')}`)
    if (problems.length > 0) throw new RunFailure(scenario.label, problems, run)
    const isSearch = (path: string) => path.startsWith('/search/')
    const chats = model.chatRequests()
    return {
      ms: run.ms,
      githubCalls: github.requests.filter((r) => !isSearch(r.path)).length,
      searchCalls: github.requests.filter((r) => isSearch(r.path)).length,
      modelCalls: chats.length,
      promptTokens: chats.reduce((sum, req) => sum + countPromptTokens(req), 0)
    }
  } finally {
    await Promise.all([github.close(), model.close()])
  }
}

/** Runs bench/baseline.mjs once against a fresh model emulator. */
export async function measureBaseline(): Promise<number> {
  const model = await startModelEmulator()
  try {
    const run = await timeBaseline(model.url)
    const calls = model.chatRequests().length
    if (run.code !== 0 || calls !== 1) {
      throw new RunFailure('baseline', [`exit code ${run.code}, ${calls} model calls`], run)
    }
    return run.ms
  } finally {
    await model.close()
  }
}
