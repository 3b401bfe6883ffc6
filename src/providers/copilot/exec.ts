import * as actionsExec from '@actions/exec'
import { spawn } from 'node:child_process'

/** The part of `@actions/exec`'s options we use, plus `signal`. */
export interface ExecOptions {
  silent?: boolean
  ignoreReturnCode?: boolean
  /** The child's whole environment. */
  env?: Record<string, string>
  listeners?: { stdout?: (data: Buffer) => void; stderr?: (data: Buffer) => void }
  /** Aborting it kills the child and rejects with an AbortError (see `exec`). */
  signal?: AbortSignal
}

/** `@actions/exec`'s `exec`: resolves with the exit code. */
export type ExecFn = (command: string, args: string[], options?: ExecOptions) => Promise<number>

/**
 * Runs a command with `@actions/exec`, or, when given a `signal`, with Node's own spawn, which
 * `@actions/exec` does not expose: aborting the signal kills the child with SIGKILL (the runtime
 * install has nothing worth a graceful stop: its folder is this step's own). On Windows, where npm is
 * a .cmd file that only `@actions/exec`'s cmd.exe wrapping starts, `@actions/exec` runs it and the
 * signal is not passed on; the caller stops waiting at its deadline, and the runner ends the process
 * with the job.
 */
export const exec: ExecFn = (command, args, options = {}) => {
  const { signal, ...rest } = options
  if (signal && process.platform !== 'win32') return spawnStoppable(command, args, rest, signal)
  return actionsExec.exec(command, args, rest)
}

function spawnStoppable(
  command: string,
  args: string[],
  options: Omit<ExecOptions, 'signal'>,
  signal: AbortSignal
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      killSignal: 'SIGKILL'
    })
    child.stdout.on('data', (data: Buffer) => {
      options.listeners?.stdout?.(data)
      if (!options.silent) process.stdout.write(data)
    })
    child.stderr.on('data', (data: Buffer) => {
      options.listeners?.stderr?.(data)
      if (!options.silent) process.stderr.write(data)
    })
    // The command is not on PATH (ENOENT), or the signal aborted: Node has killed the child.
    child.on('error', reject)
    child.on('close', (code, killedBy) => {
      if (code === null) reject(new Error(`${command} was ended by ${killedBy}`))
      else if (code !== 0 && !options.ignoreReturnCode)
        reject(new Error(`${command} failed with exit code ${code}`))
      else resolve(code)
    })
  })
}
