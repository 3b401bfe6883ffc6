/**
 * Child processes with the clock on them: only the span from spawn to exit is timed, so preparing the
 * event file, starting emulators and reading outputs afterwards never count.
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { BUNDLE, NODE24, parseOutputs, runnerStep } from '../__tests__/e2e/harness.js'

/** Where `bench/baseline.mjs` lives. */
export const BASELINE = fileURLToPath(new URL('./baseline.mjs', import.meta.url))

/** One finished child process and how long it ran. */
export interface TimedProcess {
  code: number
  /** Spawn to exit, in milliseconds. */
  ms: number
  stdout: string
  stderr: string
}

/** A timed run of the bundled action, with the outputs it wrote. */
export interface TimedAction extends TimedProcess {
  outputs: Record<string, string>
}

/** Runs `NODE24 script` with exactly `env`, timing spawn to exit; kills it after `timeoutMs`. */
export async function timeProcess(
  script: string,
  env: Record<string, string>,
  timeoutMs = 120_000
): Promise<TimedProcess> {
  let stdout = ''
  let stderr = ''
  const started = performance.now()
  const child = spawn(NODE24, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  let ms = 0
  const exited = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('exit', (c, signal) => {
      ms = performance.now() - started
      clearTimeout(timer)
      resolve(c ?? (signal ? 128 : -1))
    })
  })
  // 'close' comes after 'exit' once stdout and stderr are drained.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const code = await exited
  await closed
  return { code, ms, stdout, stderr }
}

/** Runs the bundled action as the runner would (same environment as the e2e harness), timed. */
export async function timeAction(opts: {
  githubUrl: string
  repository: string
  eventName: string
  payload: Record<string, unknown>
  inputs?: Record<string, string>
  env?: Record<string, string>
}): Promise<TimedAction> {
  const { dir, env, outputPath } = runnerStep(opts)
  try {
    const run = await timeProcess(BUNDLE, env)
    return { ...run, outputs: parseOutputs(readFileSync(outputPath, 'utf8')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs bench/baseline.mjs against the model endpoint at `modelUrl`, timed. */
export function timeBaseline(modelUrl: string): Promise<TimedProcess> {
  const home = tmpdir()
  return timeProcess(BASELINE, { PATH: process.env.PATH ?? '', HOME: home, BENCH_MODEL_URL: modelUrl })
}
