import { describe, expect, it, jest } from '@jest/globals'
import { join } from 'node:path'
import {
  compareVersions,
  MIN_RUNTIME_VERSION,
  PINNED_RUNTIME_VERSION,
  resolveRuntime,
  supportsStructuredOutput,
  type RuntimeDeps
} from '../../src/providers/copilot/resolve-runtime.js'
import type { ExecFn } from '../../src/providers/copilot/exec.js'
import { failure } from './failure.js'

const LOADER = 'node_modules/@github/copilot/npm-loader.js'
const WAY_OUT =
  'Install @github/copilot in an earlier step and set COPILOT_CLI_PATH to its npm-loader.js, or choose another provider.'

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
        '--fetch-retries=1',
        '--fetch-retry-mintimeout=2000',
        '--fetch-timeout=30000',
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
        'download and 200 MB on disk, into /runner/temp/copilot-runtime (time limit 120 s). Later steps on ' +
        'this runner take it from the tool cache.'
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

  it('stops npm when the install outlives its time limit, and says what happened', async () => {
    let signal: AbortSignal | undefined
    const { d } = deps({
      // An npm that never finishes: a registry that accepts the connection and never answers.
      exec: (_command, _args, options) => {
        signal = options?.signal
        return new Promise<number>(() => {})
      }
    })
    d.installTimeoutMs = 20
    const error = await failure(resolveRuntime(d))
    expect(signal?.aborted).toBe(true)
    expect(error.kind).toBe('unavailable')
    expect(error.message).toBe(
      `Installing the Copilot runtime (npm install @github/copilot@${PINNED_RUNTIME_VERSION}) did not finish ` +
        'within 20 ms, so npm was stopped: the npm registry is slow or unreachable from this runner. ' +
        WAY_OUT
    )
  })

  it('gives npm 120 s by default', async () => {
    jest.useFakeTimers()
    try {
      let signal: AbortSignal | undefined
      const { d } = deps({
        exec: (_command, _args, options) => {
          signal = options?.signal
          return new Promise<number>(() => {})
        }
      })
      let settled: unknown
      resolveRuntime(d).then(
        (runtime) => (settled = runtime),
        (error: unknown) => (settled = error)
      )
      await jest.advanceTimersByTimeAsync(119_999)
      expect(settled).toBeUndefined()
      expect(signal?.aborted).toBe(false)
      await jest.advanceTimersByTimeAsync(1)
      expect(signal?.aborted).toBe(true)
      expect((settled as Error).message).toContain('did not finish within 120 s, so npm was stopped')
    } finally {
      jest.useRealTimers()
    }
  })

  // npm 11's own words (stack lines left out) for a refused connection, an unknown host, and a registry
  // that accepts the connection but does not answer within --fetch-timeout.
  const UNREACHABLE: Record<string, [string, string]> = {
    refused: [
      'npm error code ECONNREFUSED\nnpm error syscall connect\nnpm error errno ECONNREFUSED\n' +
        'npm error FetchError: request to http://127.0.0.1:9/@github%2fcopilot failed, reason: connect ECONNREFUSED 127.0.0.1:9\n' +
        'npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/node_modules/minipass-fetch/lib/index.js:130:14)\n' +
        "npm error   code: 'ECONNREFUSED',\nnpm error }\nnpm error\n" +
        "npm error If you are behind a proxy, please make sure that the 'proxy' config is set properly.  See: 'npm help config'\n" +
        'npm error A complete log of this run can be found in: /home/runner/.npm/_logs/2026-12-03T13_14_11_216Z-debug-0.log\n',
      'the npm registry at http://127.0.0.1:9 cannot be reached from this runner (npm said: ECONNREFUSED, ' +
        'FetchError: request to http://127.0.0.1:9/@github%2fcopilot failed, reason: connect ECONNREFUSED 127.0.0.1:9)'
    ],
    'unknown host': [
      'npm error code ENOTFOUND\nnpm error syscall getaddrinfo\nnpm error errno ENOTFOUND\n' +
        'npm error network request to https://npm.example.invalid/@github%2fcopilot failed, reason: getaddrinfo ENOTFOUND npm.example.invalid\n' +
        'npm error network This is a problem related to network connectivity.\n' +
        'npm error A complete log of this run can be found in: /home/runner/.npm/_logs/x-debug-0.log\n',
      'the npm registry at https://npm.example.invalid cannot be reached from this runner (npm said: ENOTFOUND, ' +
        'network request to https://npm.example.invalid/@github%2fcopilot failed, reason: getaddrinfo ENOTFOUND npm.example.invalid)'
    ],
    'no answer': [
      'npm error code FETCH_ERROR\nnpm error errno FETCH_ERROR\n' +
        'npm error network timeout at: https://registry.npmjs.org/@github%2fcopilot\n' +
        'npm error A complete log of this run can be found in: /home/runner/.npm/_logs/x-debug-0.log\n',
      'the npm registry at https://registry.npmjs.org cannot be reached from this runner (npm said: FETCH_ERROR, ' +
        'network timeout at: https://registry.npmjs.org/@github%2fcopilot)'
    ]
  }

  it.each(Object.keys(UNREACHABLE))('says plainly that the registry is unreachable: %s', async (name) => {
    const [stderr, said] = UNREACHABLE[name]!
    const { d } = deps({
      exec: async (_command, _args, options) => {
        options?.listeners?.stderr?.(Buffer.from(stderr))
        return 1
      }
    })
    const error = await failure(resolveRuntime(d))
    expect(error.kind).toBe('unavailable')
    expect(error.message).toBe(
      `Installing the Copilot runtime (npm install @github/copilot@${PINNED_RUNTIME_VERSION}) failed: ${said}. ` +
        WAY_OUT
    )
  })

  it('quotes npm’s error, not the log-file line npm ends with', async () => {
    const { d } = deps({
      exec: async (_command, _args, options) => {
        options?.listeners?.stderr?.(
          Buffer.from(
            'npm error code ETARGET\nnpm error notarget No matching version found for @github/copilot@1.0.102.\n' +
              'npm error notarget In most cases you or one of your dependencies are requesting\n' +
              "npm error notarget a package version that doesn't exist.\n" +
              'npm error A complete log of this run can be found in: /home/runner/.npm/_logs/x-debug-0.log\n'
          )
        )
        return 1
      }
    })
    const error = await failure(resolveRuntime(d))
    expect(error.message).toContain(
      'npm exited with 1: ETARGET, notarget No matching version found for @github/copilot@1.0.102.'
    )
    expect(error.message).not.toContain('A complete log')
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

  it('says so when npm is not on PATH', async () => {
    const { d } = deps({
      exec: async () => {
        throw Object.assign(new Error('spawn npm ENOENT'), { code: 'ENOENT' })
      }
    })
    const error = await failure(resolveRuntime(d))
    expect(error.message).toContain(
      `(npm install @github/copilot@${PINNED_RUNTIME_VERSION}: npm is not on PATH)`
    )
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
