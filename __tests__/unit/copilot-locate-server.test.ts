import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import type { ExecOptions } from '../../src/providers/copilot/exec.js'
import type { ResolvedRuntime } from '../../src/providers/copilot/resolve-runtime.js'
import { locateServer, type ServerDeps } from '../../src/providers/copilot/locate-server.js'

const PLATFORM = 'linux-x64'
const PKG = '/home/runner/.cache/copilot/pkg/linux-x64/1.0.102'
const SERVER = `${PKG}/prebuilds/linux-x64/copilot-runtime`
const UNPACKED = [`${PKG}/.extraction-complete`, SERVER, `${PKG}/prebuilds/linux-x64/runtime.node`]

/** A fake disk and a fake `copilot` binary whose extract-only run adds `unpacks` to the disk. */
function deps(
  files: string[],
  opts: { unpacks?: string[]; env?: NodeJS.ProcessEnv; texts?: Record<string, string> } = {}
) {
  const disk = new Set(files)
  const runs: { command: string; args: string[]; env: Record<string, string> | undefined }[] = []
  const logs: string[] = []
  const d: ServerDeps = {
    exists: (path) => disk.has(path),
    readText: (path) => opts.texts?.[path],
    exec: async (command: string, args: string[], options?: ExecOptions) => {
      runs.push({ command, args, env: options?.env })
      for (const file of opts.unpacks ?? []) disk.add(file)
      return 0
    },
    env: opts.env ?? { HOME: '/home/runner', PATH: '/usr/bin', GITHUB_TOKEN: 'ghs_secret' },
    platform: PLATFORM,
    os: 'linux',
    log: (line) => void logs.push(line)
  }
  return { d, runs, logs }
}

const runtime = (path: string, version?: string): ResolvedRuntime => ({
  path,
  source: version ? 'tool-cache' : 'env',
  ms: 1,
  ...(version ? { version } : {})
})

describe('locateServer', () => {
  it('takes an entry that is the server itself', async () => {
    const { d, runs } = deps([])
    expect(await locateServer(runtime('/opt/x/copilot-runtime'), d)).toBe('/opt/x/copilot-runtime')
    expect(runs).toEqual([])
  })

  it('finds the server next to an unpacked package’s entry', async () => {
    const { d } = deps(UNPACKED)
    expect(await locateServer(runtime(`${PKG}/npm-loader.js`), d)).toBe(SERVER)
  })

  it('finds the server a cached `copilot` binary unpacked earlier, without starting anything', async () => {
    const { d, runs } = deps(['/tc/copilot-cli/1.0.102/x64/copilot', ...UNPACKED])
    expect(await locateServer(runtime('/tc/copilot-cli/1.0.102/x64/copilot', '1.0.102'), d)).toBe(SERVER)
    expect(runs).toEqual([])
  })

  it('skips a folder another job is still unpacking (no marker yet) and unpacks it itself', async () => {
    const { d, runs, logs } = deps(['/tc/copilot', SERVER], { unpacks: UNPACKED })
    expect(await locateServer(runtime('/tc/copilot', '1.0.102'), d)).toBe(SERVER)
    expect(runs).toHaveLength(1)
    expect(logs.join('\n')).toContain(`Unpacked the Copilot runtime 1.0.102 into ${PKG}`)
  })

  it('unpacks with the binary’s extract-only mode and the runtime’s allow-listed environment', async () => {
    const { d, runs } = deps(['/tc/copilot'], { unpacks: UNPACKED })
    await locateServer(runtime('/tc/copilot', '1.0.102'), d)
    expect(runs[0]!.command).toBe('/tc/copilot')
    expect(runs[0]!.args).toEqual(['--binary-version'])
    expect(runs[0]!.env).toMatchObject({ COPILOT_SEA_EXTRACT_ONLY: '1', HOME: '/home/runner' })
    expect(runs[0]!.env).not.toHaveProperty('GITHUB_TOKEN')
    expect(runs[0]!.env).not.toHaveProperty('COPILOT_GITHUB_TOKEN')
  })

  it('follows npm-loader.js to its platform package and reads the version there', async () => {
    const loader = '/p/node_modules/@github/copilot/npm-loader.js'
    const binary = '/p/node_modules/@github/copilot-linux-x64/copilot'
    const { d } = deps([loader, binary, ...UNPACKED], {
      texts: { [join('/p/node_modules/@github/copilot-linux-x64', 'package.json')]: '{"version":"1.0.102"}' }
    })
    expect(await locateServer(runtime(loader), d)).toBe(SERVER)
  })

  it('uses the cache folders the binary uses: COPILOT_CACHE_HOME, then XDG_CACHE_HOME', async () => {
    const at = (root: string) => [
      `${root}/linux-x64/1.0.102/.extraction-complete`,
      `${root}/linux-x64/1.0.102/prebuilds/linux-x64/copilot-runtime`,
      `${root}/linux-x64/1.0.102/prebuilds/linux-x64/runtime.node`
    ]
    const own = deps(['/tc/copilot', ...at('/c/pkg')], { env: { HOME: '/h', COPILOT_CACHE_HOME: '/c' } })
    expect(await locateServer(runtime('/tc/copilot', '1.0.102'), own.d)).toBe(at('/c/pkg')[1])
    const xdg = deps(['/tc/copilot', ...at('/x/copilot/pkg')], { env: { HOME: '/h', XDG_CACHE_HOME: '/x' } })
    expect(await locateServer(runtime('/tc/copilot', '1.0.102'), xdg.d)).toBe(at('/x/copilot/pkg')[1])
  })

  it('keeps the copilot command when unpacking leaves no server, and says so', async () => {
    const { d, logs } = deps(['/tc/copilot'])
    expect(await locateServer(runtime('/tc/copilot', '1.0.102'), d)).toBeUndefined()
    expect(logs.join('\n')).toContain('using the copilot command')
  })

  it('keeps the entry when the version of a bare binary is unknown', async () => {
    const { d, runs } = deps(['/opt/copilot'])
    expect(await locateServer(runtime('/opt/copilot'), d)).toBeUndefined()
    expect(runs).toEqual([])
  })
})
