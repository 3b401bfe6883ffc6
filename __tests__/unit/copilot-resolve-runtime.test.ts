import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import {
  compareVersions,
  MIN_RUNTIME_VERSION,
  PINNED_RUNTIME_VERSION,
  resolveRuntime,
  supportsStructuredOutput,
  type ExecFn,
  type RuntimeDeps
} from '../../src/providers/copilot/resolve-runtime.js'
import { failure } from './failure.js'

const LOADER = 'node_modules/@github/copilot/npm-loader.js'

/** A fake tool cache and npm: `cached` maps versions to folders; `files` is what exists on disk. */
function deps(opts: {
  cached?: Record<string, string>
  files?: string[]
  env?: NodeJS.ProcessEnv
  exec?: ExecFn
}) {
  const files = new Set(opts.files ?? [])
  // `order` interleaves log lines and the commands run, to check what is said before npm starts.
  const calls = {
    exec: [] as string[][],
    cacheDir: [] as string[][],
    log: [] as string[],
    order: [] as string[]
  }
  const d: RuntimeDeps = {
    toolCache: {
      findAllVersions: () => Object.keys(opts.cached ?? {}),
      find: (_tool, version) => opts.cached?.[version] ?? '',
      cacheDir: async (source, tool, version) => {
        calls.cacheDir.push([source, tool, version])
        const dir = `/tc/${tool}/${version}/x64`
        files.add(join(dir, LOADER))
        return dir
      }
    },
    exec:
      opts.exec ??
      (async (command, args) => {
        calls.exec.push([command, ...args])
        calls.order.push(`exec ${command}`)
        files.add(join(args[2]!, LOADER))
        return 0
      }),
    exists: (path) => files.has(path),
    env: opts.env ?? {},
    tempDir: '/runner/temp',
    log: (message) => {
      calls.log.push(message)
      calls.order.push(message)
    }
  }
  return { d, calls }
}

describe('resolveRuntime', () => {
  it('uses COPILOT_CLI_PATH first, without touching the tool cache or npm', async () => {
    const { d, calls } = deps({
      env: { COPILOT_CLI_PATH: '/opt/copilot/npm-loader.js' },
      files: ['/opt/copilot/npm-loader.js'],
      cached: { '1.0.102': '/tc/copilot-cli/1.0.102/x64' }
    })
    const runtime = await resolveRuntime(d)
    expect(runtime).toMatchObject({ path: '/opt/copilot/npm-loader.js', source: 'env' })
    expect(runtime.version).toBeUndefined()
    expect(calls.exec).toEqual([])
  })

  it('names COPILOT_CLI_PATH when it points nowhere', async () => {
    const { d } = deps({ env: { COPILOT_CLI_PATH: '/nope/copilot' } })
    const error = await failure(resolveRuntime(d))
    expect(error.kind).toBe('unavailable')
    expect(error.message).toContain('COPILOT_CLI_PATH is set to /nope/copilot')
  })

  it('takes the newest cached runtime at or above the minimum', async () => {
    const { d, calls } = deps({
      cached: {
        '1.0.95': '/tc/copilot-cli/1.0.95/x64',
        '1.0.110': '/tc/copilot-cli/1.0.110/x64',
        '1.0.99': '/tc/copilot-cli/1.0.99/x64'
      },
      files: ['/tc/copilot-cli/1.0.95/x64/copilot', `/tc/copilot-cli/1.0.110/x64/${LOADER}`]
    })
    const runtime = await resolveRuntime(d)
    expect(runtime).toMatchObject({
      path: `/tc/copilot-cli/1.0.110/x64/${LOADER}`,
      version: '1.0.110',
      source: 'tool-cache'
    })
    expect(calls.exec).toEqual([])
  })

  it('installs the pinned runtime when the cached one is too old, and caches it', async () => {
    const { d, calls } = deps({
      cached: { '1.0.40': '/tc/copilot-cli/1.0.40/x64' },
      files: [`/tc/copilot-cli/1.0.40/x64/${LOADER}`]
    })
    const runtime = await resolveRuntime(d)
    expect(calls.exec).toEqual([
      [
        'npm',
        'install',
        '--prefix',
        '/runner/temp/copilot-runtime',
        '--no-audit',
        '--no-fund',
        `@github/copilot@${PINNED_RUNTIME_VERSION}`
      ]
    ])
    expect(calls.cacheDir).toEqual([['/runner/temp/copilot-runtime', 'copilot-cli', PINNED_RUNTIME_VERSION]])
    expect(runtime).toMatchObject({
      path: `/tc/copilot-cli/${PINNED_RUNTIME_VERSION}/x64/${LOADER}`,
      version: PINNED_RUNTIME_VERSION,
      source: 'installed'
    })
    expect(calls.log.join('\n')).toContain(`1.0.40 in the tool cache is older than ${MIN_RUNTIME_VERSION}`)
  })

  it('says what it downloads, and how much, before npm starts', async () => {
    const { d, calls } = deps({})
    await resolveRuntime(d)
    const announced = calls.order.findIndex((line) => line.startsWith('Installing the Copilot runtime'))
    expect(announced).toBeGreaterThanOrEqual(0)
    expect(announced).toBeLessThan(calls.order.indexOf('exec npm'))
    expect(calls.order[announced]).toBe(
      `Installing the Copilot runtime from npm: @github/copilot@${PINNED_RUNTIME_VERSION}, about 130 MB to ` +
        'download and 200 MB on disk, into /runner/temp/copilot-runtime. Later steps on this runner take it ' +
        'from the tool cache.'
    )
  })

  it('classifies a failed install with npm’s last words and the way out', async () => {
    const { d } = deps({
      exec: async (_command, _args, options) => {
        options?.listeners?.stderr?.(
          Buffer.from('npm error code E404\nnpm error 404 Not Found - GET https://registry\n')
        )
        return 1
      }
    })
    const error = await failure(resolveRuntime(d))
    expect(error.kind).toBe('unavailable')
    expect(error.message).toContain('The Copilot runtime could not be installed')
    expect(error.message).toContain('npm exited with 1')
    expect(error.message).toContain('E404')
    expect(error.message).toContain('COPILOT_CLI_PATH')
  })

  it('classifies npm missing from PATH the same way', async () => {
    const { d } = deps({
      exec: async () => {
        throw new Error('Unable to locate executable file: npm')
      }
    })
    const error = await failure(resolveRuntime(d))
    expect(error.message).toContain('Unable to locate executable file: npm')
  })

  it('uses the fresh install when the tool cache cannot take it', async () => {
    const { d } = deps({})
    d.toolCache.cacheDir = async () => {
      throw new Error('EACCES')
    }
    const runtime = await resolveRuntime(d)
    expect(runtime.path).toBe(`/runner/temp/copilot-runtime/${LOADER}`)
    expect(runtime.source).toBe('installed')
  })
})

describe('versions', () => {
  it('orders versions numerically, prereleases first', () => {
    expect(compareVersions('1.0.102', '1.0.90')).toBeGreaterThan(0)
    expect(compareVersions('1.0.90', '1.0.90')).toBe(0)
    expect(compareVersions('1.0.90-1', '1.0.90')).toBeLessThan(0)
    expect(compareVersions('v2.0.0', '1.9.9')).toBeGreaterThan(0)
    expect(compareVersions('latest', '1.0.0')).toBeUndefined()
  })

  it('asks for structured output only from runtimes known to take it', () => {
    expect(supportsStructuredOutput('1.0.102')).toBe(true)
    expect(supportsStructuredOutput('1.0.89')).toBe(false)
    expect(supportsStructuredOutput(undefined)).toBe(false)
  })
})
