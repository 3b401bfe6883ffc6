import { appendFileSync, existsSync, writeSync } from 'node:fs'
import { EOL } from 'node:os'

/**
 * The runner's side of a step: inputs, outputs, masks, log lines, annotations and the job summary, in
 * the formats the Actions runner reads (the same bytes @actions/core writes).
 *
 * Why not @actions/core: its entry module imports @actions/http-client for OIDC tokens, which loads
 * undici (0.9 MB) and tunnel at start, and @actions/exec for platform details. This action uses none of
 * that, and evaluating it cost about 90 ms of every run's start (measured in the issue note).
 */

/**
 * Where log lines and workflow commands go: straight to file descriptor 1. process.stdout is a stream
 * whose first use loads ~6 ms of Node internals, for the few lines a run prints. A pipe that would block
 * (EAGAIN) gets the rest through process.stdout, which queues it. Tests replace `write`.
 */
export const stdout = {
  queued: false,
  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8')
    let done = 0
    try {
      // Once anything is queued, everything after it is too, so lines stay in order.
      while (!this.queued && done < bytes.length) done += writeSync(1, bytes, done)
    } catch {
      this.queued = true
    }
    if (done < bytes.length) process.stdout.write(bytes.subarray(done))
  }
}

/** The value of input `name` (INPUT_<NAME>), trimmed; empty when unset. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** Asks the runner to hide `secret` wherever it would appear in the log. */
export function setSecret(secret: string): void {
  command('add-mask', {}, secret)
}

/**
 * Sets step output `name`: appended to the GITHUB_OUTPUT file between delimiter lines, or as a
 * `set-output` command on runners too old to have the file.
 */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    stdout.write(EOL)
    command('set-output', { name }, value)
    return
  }
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  const delimiter = delimiterFor(name + EOL + value)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

/**
 * A delimiter that does not occur in `text`, so a value (which may quote issue text) cannot end its
 * own block early and set other outputs. Safety comes from the check, not from the randomness, so
 * Math.random is enough (node:crypto would cost ~12 ms to load at every start).
 */
function delimiterFor(text: string): string {
  for (;;) {
    const random = Array.from({ length: 4 }, () => Math.floor(Math.random() * 2 ** 32).toString(16)).join('')
    const delimiter = `ghadelimiter_${random}`
    if (!text.includes(delimiter)) return delimiter
  }
}

/** A plain log line. */
export function info(message: string): void {
  stdout.write(message + EOL)
}

/** A line shown only when the run has step debug logging on. */
export function debug(message: string): void {
  command('debug', {}, message)
}

/** A notice annotation. */
export function notice(message: string): void {
  command('notice', {}, message)
}

/** A warning annotation. */
export function warning(message: string): void {
  command('warning', {}, message)
}

/** An error annotation, and the step fails when the process exits. */
export function setFailed(message: string): void {
  process.exitCode = 1
  command('error', {}, message)
}

/**
 * Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). Throws when the runner gave no summary file
 * or it cannot be written.
 */
export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set')
  appendFileSync(file, markdown, 'utf8')
}

// `::name key=value,key=value::message`: data escaped so a newline or `::` in it cannot start a command.
function command(name: string, properties: Record<string, string>, message: string): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',')
  stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** Escapes a workflow command's message. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
