import { describe, expect, it } from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import { exec } from '../../src/providers/copilot/exec.js'

// Real child processes (this Node), started the way the runtime install starts npm: with a signal.
const node = process.execPath

/** True while a process with this id exists (a killed child is gone once Node has reaped it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('exec with a signal', () => {
  it('runs the command and hands over its output and exit code', async () => {
    let out = ''
    let err = ''
    const code = await exec(
      node,
      ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'],
      {
        silent: true,
        ignoreReturnCode: true,
        listeners: { stdout: (d) => void (out += d.toString()), stderr: (d) => void (err += d.toString()) },
        signal: new AbortController().signal
      }
    )
    expect({ code, out, err }).toEqual({ code: 3, out: 'out', err: 'err' })
  })

  it('rejects a failed command unless told to ignore the exit code', async () => {
    const run = exec(node, ['-e', 'process.exit(2)'], { silent: true, signal: new AbortController().signal })
    await expect(run).rejects.toThrow('exit code 2')
  })

  it('rejects a command that is not on PATH', async () => {
    const run = exec('no-such-command-for-copilot-exec', [], {
      silent: true,
      signal: new AbortController().signal
    })
    await expect(run).rejects.toThrow(/ENOENT/)
  })

  it('kills the child when the signal aborts', async () => {
    const stop = new AbortController()
    let pid = 0
    const run = exec(node, ['-e', 'console.log(process.pid); setInterval(() => {}, 1000)'], {
      silent: true,
      ignoreReturnCode: true,
      // Aborted once the child runs (it has printed its id), as the install's time limit would.
      listeners: {
        stdout: (d) => {
          pid = Number(d.toString().trim())
          stop.abort()
        }
      },
      signal: stop.signal
    })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(pid).toBeGreaterThan(0)
    while (alive(pid)) await sleep(10)
  })
})
