import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { runtimeEnv } from './env.js'
import type { ExecFn } from './exec.js'
import type { ResolvedRuntime } from './resolve-runtime.js'

/**
 * The Copilot CLI package carries two ways to run the same runtime (`runtime.node`): the `copilot`
 * command, whose JavaScript layer takes ~850 ms to load before it answers, and `copilot-runtime`, the
 * standalone server the Copilot SDK itself spawns by default, which answers in ~100 ms. This file finds
 * the standalone server of the CLI we resolved, so a call no longer waits for the JavaScript layer.
 *
 * The npm package ships the server inside the `copilot` binary, which unpacks itself on its first start
 * into `<cache>/copilot/pkg/<platform>/<version>/`; when that has not happened yet on this machine, the
 * binary's own extract-only mode unpacks it. When anything is missing the provider keeps the `copilot`
 * command, which is slower but otherwise the same runtime.
 */

/** What locating the server touches, so tests run it without a runtime, a cache or a child process. */
export interface ServerDeps {
  exists: (path: string) => boolean
  readText: (path: string) => string | undefined
  exec: ExecFn
  /** The job's environment: the runtime gets only its allow-listed part, and so does the unpacking. */
  env: NodeJS.ProcessEnv
  /** The CLI's platform folder name, e.g. linux-x64; see `runtimePlatform()`. */
  platform: string
  os?: NodeJS.Platform
  log?: (message: string) => void
}

/** The CLI's name for this machine's platform: linux-x64, linuxmusl-arm64, darwin-arm64, win32-x64. */
export function runtimePlatform(): string {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined
  const musl = process.platform === 'linux' && report?.header?.glibcVersionRuntime === undefined
  return `${musl ? 'linuxmusl' : process.platform}-${process.arch}`
}

/**
 * The standalone server that belongs to a resolved CLI, or undefined when there is none: the entry
 * itself when it is the server, one next to it (an unpacked package), or the one the `copilot` binary
 * unpacks into the CLI's package cache, unpacking it first when needed.
 */
export async function locateServer(runtime: ResolvedRuntime, deps: ServerDeps): Promise<string | undefined> {
  const os = deps.os ?? process.platform
  const server = os === 'win32' ? 'copilot-runtime.exe' : 'copilot-runtime'
  const entry = runtime.path
  if (basename(entry) === server) return entry
  const beside = unpackedServer(dirname(entry), deps, server)
  if (beside) return beside

  const binary = seaBinary(entry, deps)
  const version = runtime.version ?? (binary && versionBeside(binary, deps))
  if (!binary || !version) return undefined
  const dir = join(packageCache(deps, os), deps.platform, version)
  const cached = unpackedServer(dir, deps, server, true)
  if (cached) return cached

  const started = performance.now()
  const env = { ...runtimeEnv(deps.env, '', ''), COPILOT_SEA_EXTRACT_ONLY: '1' }
  const code = await deps
    .exec(binary, ['--binary-version'], { silent: true, ignoreReturnCode: true, env })
    .catch(() => -1)
  const unpacked = unpackedServer(dir, deps, server, true)
  const ms = Math.round(performance.now() - started)
  deps.log?.(
    unpacked
      ? `Unpacked the Copilot runtime ${version} into ${dir} in ${ms} ms`
      : `Could not unpack the Copilot runtime's standalone server (exit ${code}); using the copilot command`
  )
  return unpacked
}

/** The server in an unpacked CLI package folder, with the runtime library it loads. */
function unpackedServer(
  dir: string,
  deps: ServerDeps,
  server: string,
  needsMarker = false
): string | undefined {
  const prebuilds = join(dir, 'prebuilds', deps.platform)
  const path = join(prebuilds, server)
  // The binary writes the marker last, so a half-unpacked folder (another job still unpacking) is skipped.
  if (needsMarker && !deps.exists(join(dir, '.extraction-complete'))) return undefined
  return deps.exists(path) && deps.exists(join(prebuilds, 'runtime.node')) ? path : undefined
}

/** The self-unpacking `copilot` binary behind an entry: the entry itself, or the platform package npm-loader.js starts. */
function seaBinary(entry: string, deps: ServerDeps): string | undefined {
  const name = basename(entry)
  if (name === 'copilot' || name === 'copilot.exe') return entry
  if (name !== 'npm-loader.js') return undefined
  const pkg = `copilot-${deps.platform}`
  const exe = deps.platform.startsWith('win32') ? 'copilot.exe' : 'copilot'
  return [
    join(dirname(entry), 'node_modules', '@github', pkg, exe),
    join(dirname(entry), '..', pkg, exe)
  ].find(deps.exists)
}

/** The version in the package.json next to a binary (npm's platform packages have one). */
function versionBeside(binary: string, deps: ServerDeps): string | undefined {
  try {
    const text = deps.readText(join(dirname(binary), 'package.json'))
    const version = text === undefined ? undefined : (JSON.parse(text) as { version?: unknown }).version
    return typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) ? version : undefined
  } catch {
    return undefined
  }
}

/** Where the `copilot` binary unpacks itself, computed from the same variables the runtime is given. */
function packageCache(deps: ServerDeps, os: NodeJS.Platform): string {
  const env = deps.env
  if (env.COPILOT_CACHE_HOME) return join(env.COPILOT_CACHE_HOME, 'pkg')
  const home = (os === 'win32' ? env.USERPROFILE : env.HOME) || homedir()
  if (os === 'darwin') return join(home, 'Library', 'Caches', 'copilot', 'pkg')
  if (os === 'win32') return join(env.LOCALAPPDATA || join(home, '.cache'), 'copilot', 'pkg')
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'copilot', 'pkg')
}
