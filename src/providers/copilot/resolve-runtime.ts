import { join } from 'node:path'
import { forLog } from '../../text/hygiene.js'
import { ProviderError } from '../types.js'

/** The Copilot CLI we install when the runner has none recent enough; the version the SDK was tested with. */
export const PINNED_RUNTIME_VERSION = '1.0.102'

/**
 * What installing PINNED_RUNTIME_VERSION costs, said before npm starts. Measured for linux-x64: npm
 * fetches @github/copilot-linux-x64 1.0.102 as a 129 MB tarball that unpacks to 197 MB (the
 * @github/copilot package itself is a loader of a few kB). Measure again when the pin moves.
 */
export const PINNED_RUNTIME_SIZE = 'about 130 MB to download and 200 MB on disk'

/**
 * The oldest runtime we accept from the tool cache. 1.0.90 is the first that honours `responseFormat`
 * against Copilot itself, so every runtime we pick ourselves answers with structured output.
 */
export const MIN_RUNTIME_VERSION = '1.0.90'

/** Runtimes from this version on take `responseFormat` (JSON schema) on a send. */
export const STRUCTURED_OUTPUT_MIN_VERSION = '1.0.90'

/** The tool-cache name hosted Ubuntu runners keep the Copilot CLI under. */
export const TOOL_NAME = 'copilot-cli'

/** The part of `@actions/tool-cache` we use. */
export interface ToolCache {
  find(toolName: string, versionSpec: string, arch?: string): string
  findAllVersions(toolName: string, arch?: string): string[]
  cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>
}

/** The part of `@actions/exec`'s options we use. */
export interface ExecOptions {
  silent?: boolean
  ignoreReturnCode?: boolean
  /** The child's whole environment. */
  env?: Record<string, string>
  listeners?: { stdout?: (data: Buffer) => void; stderr?: (data: Buffer) => void }
}

/** `@actions/exec`'s `exec`: resolves with the exit code. */
export type ExecFn = (command: string, args: string[], options?: ExecOptions) => Promise<number>

/** Everything resolution touches, so tests run it with no network and no tool cache. */
export interface RuntimeDeps {
  toolCache: ToolCache
  exec: ExecFn
  exists: (path: string) => boolean
  env: NodeJS.ProcessEnv
  /** Where to install when nothing usable is cached: RUNNER_TEMP in a job. */
  tempDir: string
  now?: () => number
  log?: (message: string) => void
}

/** A runtime ready to start: the entry to spawn, its version when known, and where it came from. */
export interface ResolvedRuntime {
  path: string
  /** The same runtime's standalone server (see locate-server.ts), started instead of `path` when found. */
  server?: string
  /** Undefined for a COPILOT_CLI_PATH runtime: the provider asks the runtime itself once it runs. */
  version?: string
  source: 'env' | 'tool-cache' | 'installed'
  /** How long resolution took, for the log and the benchmark. */
  ms: number
}

// Layouts seen for the CLI: an npm package root, a `--prefix` install, a global install, a bare binary.
const ENTRY_CANDIDATES = [
  'node_modules/@github/copilot/npm-loader.js',
  'lib/node_modules/@github/copilot/npm-loader.js',
  'npm-loader.js',
  'bin/copilot',
  'copilot'
]

/** The file to spawn inside a runtime directory, or undefined when the directory holds no Copilot CLI. */
export function locateEntry(dir: string, exists: (path: string) => boolean): string | undefined {
  return ENTRY_CANDIDATES.map((candidate) => join(dir, candidate)).find(exists)
}

/**
 * Compares two `x.y.z[-pre]` versions: negative when a < b, 0 when equal, positive when a > b;
 * undefined when either is not a version (tool-cache folders can hold anything).
 */
export function compareVersions(a: string, b: string): number | undefined {
  const pa = parseVersion(a)
  const pb = parseVersion(b)
  if (!pa || !pb) return undefined
  for (let i = 0; i < 3; i++) {
    const diff = pa.parts[i]! - pb.parts[i]!
    if (diff !== 0) return diff
  }
  // A prerelease sorts before its release.
  if (pa.pre === pb.pre) return 0
  if (pa.pre === '') return 1
  if (pb.pre === '') return -1
  return pa.pre < pb.pre ? -1 : 1
}

function parseVersion(text: string): { parts: number[]; pre: string } | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(text.trim())
  return m ? { parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' } : undefined
}

/** True when a runtime of this version takes `responseFormat`; false when unknown or older. */
export function supportsStructuredOutput(version: string | undefined): boolean {
  if (version === undefined) return false
  return (compareVersions(version, STRUCTURED_OUTPUT_MIN_VERSION) ?? -1) >= 0
}

/**
 * Finds the Copilot CLI to drive: `COPILOT_CLI_PATH` when set; else the newest `copilot-cli` in the
 * tool cache at or above MIN_RUNTIME_VERSION; else installs PINNED_RUNTIME_VERSION from npm into
 * `<tempDir>/copilot-runtime` and caches it, so a later step of the job finds it in the tool cache.
 */
export async function resolveRuntime(deps: RuntimeDeps): Promise<ResolvedRuntime> {
  const now = deps.now ?? (() => performance.now())
  const started = now()
  const done = (path: string, source: ResolvedRuntime['source'], version?: string): ResolvedRuntime => ({
    path,
    ...(version === undefined ? {} : { version }),
    source,
    ms: Math.round(now() - started)
  })

  const explicit = deps.env.COPILOT_CLI_PATH?.trim()
  if (explicit) {
    if (!deps.exists(explicit)) {
      throw new ProviderError(
        'unavailable',
        `COPILOT_CLI_PATH is set to ${forLog(explicit, 200)}, which does not exist: point it at the Copilot CLI ` +
          `(for example node_modules/@github/copilot/npm-loader.js) or unset it to let the action find or install one.`
      )
    }
    return done(explicit, 'env')
  }

  const cached = cachedRuntime(deps)
  if (cached) return done(cached.path, 'tool-cache', cached.version)

  const path = await install(deps)
  return done(path, 'installed', PINNED_RUNTIME_VERSION)
}

function cachedRuntime(deps: RuntimeDeps): { path: string; version: string } | undefined {
  let versions: string[]
  try {
    versions = deps.toolCache.findAllVersions(TOOL_NAME)
  } catch {
    return undefined
  }
  const usable = versions
    .filter((v) => (compareVersions(v, MIN_RUNTIME_VERSION) ?? -1) >= 0)
    .sort((a, b) => compareVersions(b, a) ?? 0)
  const tooOld = versions.filter((v) => !usable.includes(v))
  if (tooOld.length > 0) {
    deps.log?.(
      `Copilot CLI ${tooOld.join(', ')} in the tool cache is older than ${MIN_RUNTIME_VERSION}; not used.`
    )
  }
  for (const version of usable) {
    const dir = deps.toolCache.find(TOOL_NAME, version)
    const entry = dir ? locateEntry(dir, deps.exists) : undefined
    if (entry) return { path: entry, version }
    deps.log?.(`Tool cache ${TOOL_NAME} ${version} holds no Copilot CLI entry point; skipped.`)
  }
  return undefined
}

async function install(deps: RuntimeDeps): Promise<string> {
  const prefix = join(deps.tempDir, 'copilot-runtime')
  const spec = `@github/copilot@${PINNED_RUNTIME_VERSION}`
  deps.log?.(
    `Installing the Copilot runtime from npm: ${spec}, ${PINNED_RUNTIME_SIZE}, into ${prefix}. ` +
      'Later steps on this runner take it from the tool cache.'
  )
  let stderr = ''
  let code: number
  try {
    code = await deps.exec('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', spec], {
      silent: true,
      ignoreReturnCode: true,
      listeners: { stderr: (data) => void (stderr = (stderr + data.toString()).slice(-2000)) }
    })
  } catch (error) {
    // exec throws when npm itself cannot be started (not on PATH).
    throw installError(spec, error instanceof Error ? error.message : String(error))
  }
  if (code !== 0) throw installError(spec, `npm exited with ${code}: ${lastLines(stderr)}`)
  const entry = locateEntry(prefix, deps.exists)
  if (!entry) throw installError(spec, `npm succeeded but ${prefix} holds no Copilot CLI entry point`)

  try {
    const cachedDir = await deps.toolCache.cacheDir(prefix, TOOL_NAME, PINNED_RUNTIME_VERSION)
    return locateEntry(cachedDir, deps.exists) ?? entry
  } catch (error) {
    // Caching only saves the next step an install; this step can use the fresh copy.
    deps.log?.(
      `Could not add the Copilot CLI to the tool cache: ${error instanceof Error ? error.message : error}`
    )
    return entry
  }
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean)
  return forLog(lines.slice(-3).join(' / ') || 'no output', 400)
}

/** The error for a runtime that could not be installed, saying how to provide one instead. */
export function installError(spec: string, detail: string): ProviderError {
  return new ProviderError(
    'unavailable',
    `The Copilot runtime could not be installed (npm install ${spec}: ${forLog(detail, 400)}). ` +
      'The runner needs npm and access to the npm registry; otherwise install @github/copilot in an earlier ' +
      'step and set COPILOT_CLI_PATH to its npm-loader.js, or choose another provider.'
  )
}
