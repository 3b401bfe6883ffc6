/**
 * Installing the Copilot runtime on a runner that has none, with the real npm against a loopback
 * registry that cannot help: one that refuses the connection (the bundled action, as a user sees it)
 * and one that accepts it and never answers (resolveRuntime with a short time limit, so npm is killed).
 * Needs npm on PATH, as the action does.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exec } from '../../src/providers/copilot/exec.js'
import { PINNED_RUNTIME_VERSION, resolveRuntime } from '../../src/providers/copilot/resolve-runtime.js'
import { closeChecked } from './checks.js'
import { openedPayload, world, type World } from './fixtures.js'
import { runAction } from './harness.js'

const SPEC = `@github/copilot@${PINNED_RUNTIME_VERSION}`

let w: World | undefined
const temps: string[] = []
afterEach(async () => {
  await closeChecked(w)
  w = undefined
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'copilot-install-'))
  temps.push(dir)
  return dir
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('installing the Copilot runtime from an npm registry out of reach (real npm)', () => {
  it('a registry that refuses the connection: the step says so within seconds', async () => {
    w = await world()
    const closed = createServer()
    const registry = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))

    const run = await runAction({
      githubUrl: w.github.url,
      repository: `${w.seed.owner}/${w.seed.repo}`,
      eventName: 'issues',
      payload: openedPayload(w.seed, 1),
      inputs: { model: 'gpt-5-mini' },
      // No COPILOT_CLI_PATH and an empty tool cache: the action installs. HOME (the step's folder)
      // gives npm an empty cache.
      env: { npm_config_registry: registry, RUNNER_TOOL_CACHE: temp() },
      // npm's own retries took 70 s here before the action set them.
      timeoutMs: 60_000
    })
    expect(run.code).toBe(0)
    const announced = run.stdout.indexOf(
      `Installing the Copilot runtime from npm: ${SPEC}, about 130 MB to download and 200 MB on disk, into `
    )
    expect(announced).toBeGreaterThanOrEqual(0)
    const warning = run.annotations.find((a) => a.level === 'warning')!.message
    expect(warning).toContain(
      `Issue #1 was not triaged: Installing the Copilot runtime (npm install ${SPEC}) failed: the npm ` +
        `registry at ${registry} cannot be reached from this runner (npm said: ECONNREFUSED, `
    )
    expect(warning).toContain(
      'Install @github/copilot in an earlier step and set COPILOT_CLI_PATH to its npm-loader.js, or choose another provider.'
    )
    expect(run.stdout.indexOf('::warning')).toBeGreaterThan(announced)
    expect(w.github.writes()).toEqual([])
  }, 60_000)

  it('a registry that never answers: npm is killed at the time limit', async () => {
    // Reads requests and never answers; remembers when each connection closes.
    const closings: Promise<void>[] = []
    const silent = createServer((socket) => {
      closings.push(new Promise((resolve) => socket.on('close', () => resolve())))
      socket.resume()
    })
    const registry = await listen(silent)
    const dir = temp()
    const env = Object.fromEntries(
      Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)
    )
    try {
      const resolving = resolveRuntime({
        toolCache: {
          find: () => '',
          findAllVersions: () => [],
          cacheDir: () => Promise.reject(new Error('not reached'))
        },
        exec: (command, args, options) =>
          exec(command, args, {
            ...options,
            env: { ...env, npm_config_registry: registry, npm_config_cache: join(dir, 'npm-cache') }
          }),
        exists: existsSync,
        env: {},
        tempDir: dir,
        installTimeoutMs: 3000
      })
      await expect(resolving).rejects.toMatchObject({
        kind: 'unavailable',
        message: expect.stringContaining(
          `Installing the Copilot runtime (npm install ${SPEC}) did not finish within 3 s, so npm was stopped`
        )
      })
      // npm reached the registry, and is gone: the system closed its connection (npm, left alone,
      // would wait 30 s for an answer and then try again).
      expect(closings.length).toBeGreaterThan(0)
      await Promise.all(closings)
    } finally {
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 20_000)
})
