/**
 * One measured run of each kind: the bundled action on a scenario, the bundle with nothing to do, and the
 * bare-openai baseline. Each gets freshly started emulators (started and closed outside the timed span)
 * and is checked: a run that failed is an error, not a figure.
 */
import { webhookExample } from '../__tests__/e2e/harness.js'
import {
  isWrite,
  startGitHubEmulator,
  type GitHubEmulator,
  type RecordedRequest
} from '../__tests__/emulators/github/index.js'
import { startModelEmulator, type ModelEmulator } from '../__tests__/emulators/openai/server.js'
import { countPromptTokens } from '../__tests__/emulators/openai/tokens.js'
import type { Scenario } from './scenarios.js'
import { timeAction, timeBaseline, type TimedProcess } from './spawn.js'

/** One timed run of the action on a scenario, with what it cost. */
export interface ActionSample {
  ms: number
  /** Calls to GitHub's API, REST and GraphQL, other than issue search (the triage's own reads and writes). */
  githubCalls: number
  /** How many of `githubCalls` were GraphQL requests (each counts as one call). */
  graphqlCalls: number
  /** Issue searches for duplicate candidates (a budget of their own: at most three). */
  searchCalls: number
  modelCalls: number
  /** Counted from the request the model emulator received, the way the emulator bills it. */
  promptTokens: number
  /** `result.usage.promptTokens`: what the action read back from the emulator's answer. */
  reportedPromptTokens: number | null
  /** `result.usage.requestTokens`: what the action's budget computed for its request. */
  requestTokens: number | null
  labelsApplied: string[]
  notes: string[]
  /** Where the run's time went, in ms, from the request arrivals the emulators saw; sums to `ms`. */
  phases: Phases
}

/**
 * A run cut at the requests it made: load (spawn → first GitHub request), reads (→ last GitHub read
 * before the model call), prepare (→ model request: prompt building and token budget), model (→ first
 * write: the model's answer and policy), writes (first → last write), finish (last write → exit).
 */
export interface Phases {
  load: number
  reads: number
  prepare: number
  model: number
  writes: number
  finish: number
}

/** Records when each request reaches an emulator (on this process's clock) as it is recorded. */
function arrivals<T>(list: T[]): { item: T; at: number }[] {
  const seen: { item: T; at: number }[] = []
  const push = list.push.bind(list)
  list.push = (...items: T[]) => {
    for (const item of items) seen.push({ item, at: performance.now() })
    return push(...items)
  }
  return seen
}

function phasesOf(
  github: { item: RecordedRequest; at: number }[],
  model: { at: number }[],
  startedAt: number,
  total: number
): Phases {
  const t = (at: number) => at - startedAt
  const modelAt = t(model[0]?.at ?? startedAt)
  const reads = github.filter((r) => !isWrite(r.item) && t(r.at) <= modelAt)
  const writes = github.filter((r) => isWrite(r.item))
  const first = t(github[0]?.at ?? startedAt)
  const lastRead = t(reads[reads.length - 1]?.at ?? startedAt)
  const firstWrite = t(writes[0]?.at ?? startedAt)
  const lastWrite = t(writes[writes.length - 1]?.at ?? startedAt)
  return {
    load: first,
    reads: lastRead - first,
    prepare: modelAt - lastRead,
    model: firstWrite - modelAt,
    writes: lastWrite - firstWrite,
    finish: total - lastWrite
  }
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

async function withEmulators<T>(
  seed: Scenario['seed'],
  body: (github: GitHubEmulator, model: ModelEmulator) => Promise<T>
): Promise<T> {
  const github = await startGitHubEmulator(seed())
  const model = await startModelEmulator().catch(async (error: unknown) => {
    await github.close()
    throw error
  })
  try {
    return await body(github, model)
  } finally {
    await Promise.all([github.close(), model.close()])
  }
}

/** Runs the action once on `scenario` against fresh emulators. Throws RunFailure when the run failed. */
export function measureScenario(scenario: Scenario): Promise<ActionSample> {
  return withEmulators(scenario.seed, async (github, model) => {
    const githubArrivals = arrivals(github.requests)
    const modelArrivals = arrivals(model.requests)
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
    const labelsApplied = github.issue(1).labels
    if (labelsApplied.length === 0) problems.push('no labels applied')
    let result: {
      status?: string
      usage?: { promptTokens?: number; requestTokens?: number; notes?: string[] }
    }
    try {
      result = JSON.parse(run.outputs.result ?? '{}') as typeof result
    } catch {
      result = {}
      problems.push('the result output is not JSON')
    }
    if (result.status !== 'triaged') problems.push(`result status ${result.status ?? '(none)'}`)
    if (problems.length > 0) throw new RunFailure(scenario.label, problems, run)
    const chats = model.chatRequests()
    return {
      ms: run.ms,
      githubCalls: github.requests.filter((r) => r.path !== '/search/issues').length,
      graphqlCalls: github.requests.filter((r) => r.path === '/graphql').length,
      searchCalls: github.requests.filter((r) => r.path === '/search/issues').length,
      modelCalls: chats.length,
      promptTokens: chats.reduce((sum, req) => sum + countPromptTokens(req), 0),
      reportedPromptTokens: result.usage?.promptTokens ?? null,
      requestTokens: result.usage?.requestTokens ?? null,
      labelsApplied,
      notes: result.usage?.notes ?? [],
      phases: phasesOf(githubArrivals, modelArrivals, run.startedAt, run.ms)
    }
  })
}

/** Runs the bundle on a `push` event, which it ignores before any network call: load time only. */
export function measureStartup(seed: Scenario['seed']): Promise<number> {
  return withEmulators(seed, async (github, model) => {
    const run = await timeAction({
      githubUrl: github.url,
      repository: `${github.state.owner}/${github.state.repo}`,
      eventName: 'push',
      payload: webhookExample('push', ''),
      inputs: inputs(model)
    })
    const calls = github.requests.length + model.requests.length
    if (run.code !== 0 || calls > 0) {
      throw new RunFailure('startup (push)', [`exit code ${run.code}, ${calls} network calls`], run)
    }
    return run.ms
  })
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
