/**
 * Starts the stand-in Copilot runtime (runtime.mjs) for one test: writes a launcher that runs it with
 * one scenario, to point COPILOT_CLI_PATH at, and reads back what the stand-in saw.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One GitHub-side failure: GitHub's answer, and the session.error data the runtime makes of it. */
export interface RuntimeFailure {
  github: { status: number; headers?: Record<string, string>; body: unknown }
  error: { errorType: string; message: string; statusCode?: number; errorCode?: string } & Record<
    string,
    unknown
  >
  /** Model requests the runtime makes before giving up, its own retries included. */
  calls: number
  retry?: { type: string; data: Record<string, unknown> }
}

/** failures.json: every failure the stand-in can replay, by name. */
export function runtimeFailures(): Record<string, RuntimeFailure> {
  const text = readFileSync(new URL('./failures.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { failures: Record<string, RuntimeFailure> }).failures
}

/** A line of the stand-in's log. */
export type StandInEntry =
  | { kind: 'start'; args: string[]; env: string[]; tokenVar?: string; hasToken: boolean }
  | { kind: 'request'; method: string; params: Record<string, unknown> }
  | { kind: 'model-call'; status: number }
  | { kind: 'refused-flag'; flag: string }
  | { kind: 'no-token' }

export interface StandIn {
  /** The launcher: set COPILOT_CLI_PATH to it. */
  path: string
  entries(): StandInEntry[]
  /** Processes started, requests by method, and model calls the stand-in emulated. */
  starts(): Extract<StandInEntry, { kind: 'start' }>[]
  requests(method: string): Extract<StandInEntry, { kind: 'request' }>[]
  modelCalls(): number
}

/**
 * A stand-in runtime replaying `scenario` (a key of failures.json, or `answer` to answer with
 * `answer`). Its launcher is a `.js` file, so the SDK starts it with the action's own node.
 */
export function standInRuntime(scenario: string, answer?: string): StandIn {
  const dir = mkdtempSync(join(tmpdir(), 'copilot-standin-'))
  const log = join(dir, 'log.jsonl')
  const runtime = fileURLToPath(new URL('./runtime.mjs', import.meta.url))
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')
  const path = join(dir, 'copilot-standin.js')
  writeFileSync(
    path,
    `import { run } from ${JSON.stringify(runtime)}\nrun(${JSON.stringify({ scenario, log, answer })})\n`
  )
  const entries = (): StandInEntry[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as StandInEntry)
      : []
  return {
    path,
    entries,
    starts: () => entries().filter((e): e is Extract<StandInEntry, { kind: 'start' }> => e.kind === 'start'),
    requests: (method) =>
      entries().filter(
        (e): e is Extract<StandInEntry, { kind: 'request' }> => e.kind === 'request' && e.method === method
      ),
    modelCalls: () => entries().filter((e) => e.kind === 'model-call').length
  }
}
