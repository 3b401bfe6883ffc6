import { join } from 'node:path'
import { forLog } from '../../text/hygiene.js'
import { ProviderError } from '../types.js'
import type { ExecFn } from './exec.js'

/** The Copilot CLI we install when the runner has none recent enough; the version the SDK was tested with. */
export const PINNED_RUNTIME_VERSION = '1.0.102'

/**
 * What installing PINNED_RUNTIME_VERSION costs, said before npm starts. Measured for linux-x64: npm
 * fetches @github/copilot-linux-x64 1.0.102 as a 129 MB tarball that unpacks to 197 MB (the
 * @github/copilot package itself is a loader of a few kB). Measure again when the pin moves.
 */
export const PINNED_RUNTIME_SIZE = 'about 130 MB to download and 200 MB on disk'

/** How long npm may take to install the runtime before it is killed: far more than a reachable registry needs. */
export const INSTALL_TIMEOUT_MS = 120_000

/**
 * npm's defaults retry a failed fetch twice, 10 s and then 60 s later, and wait 5 minutes for an
 * answer: 70 s before it reports a registry it cannot connect to. With one retry 2 s later, and 30 s
 * for the registry to start answering a request (not to finish a download), npm reports a refused
 * connection within seconds and a silent registry within about a minute; INSTALL_TIMEOUT_MS bounds the rest.
 */
export const NPM_FETCH_ARGS = ['--fetch-retries=1', '--fetch-retry-mintimeout=2000', '--fetch-timeout=30000']

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

/** Everything resolution touches, so tests run it with no network and no tool cache. */
export interface RuntimeDeps {
  toolCache: ToolCache
  /** Runs npm; must kill it when its `signal` aborts (see exec.ts). */
  exec: ExecFn
  exists: (path: string) => boolean
  env: NodeJS.ProcessEnv
  /** Where to install when nothing usable is cached: RUNNER_TEMP in a job. */
  tempDir: string
  /** How long the npm install may take; INSTALL_TIMEOUT_MS by default. */
  installTimeoutMs?: number
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
  const limitMs = deps.installTimeoutMs ?? INSTALL_TIMEOUT_MS
  deps.log?.(
    `Installing the Copilot runtime from npm: ${spec}, ${PINNED_RUNTIME_SIZE}, into ${prefix} ` +
      `(time limit ${duration(limitMs)}). Later steps on this runner take it from the tool cache.`
  )
  let stderr = ''
  const stop = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => {
      resolve('late')
      stop.abort()
    }, limitMs)
  })
  const npm = deps.exec(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', ...NPM_FETCH_ARGS, spec],
    {
      silent: true,
      ignoreReturnCode: true,
      listeners: { stderr: (data) => void (stderr = (stderr + data.toString()).slice(-4000)) },
      signal: stop.signal
    }
  )
  // Once the time is up, npm's end (killed: an AbortError) concerns no one.
  npm.catch(() => undefined)
  let code: number | 'late'
  try {
    code = await Promise.race([npm, late])
  } catch (error) {
    if (!stop.signal.aborted) throw installError(spec, notStarted(error))
    code = 'late'
  } finally {
    clearTimeout(timer)
  }
  if (code === 'late') throw installTimeout(spec, limitMs)
  if (code !== 0) throw npmFailed(spec, code, stderr)
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

/** A time limit as the messages give it: seconds, or milliseconds for the tests' short ones. */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`
}

const WAY_OUT =
  'Install @github/copilot in an earlier step and set COPILOT_CLI_PATH to its npm-loader.js, or choose another provider.'

// npm's codes for a registry it cannot connect to or that does not answer (FETCH_ERROR: --fetch-timeout).
const UNREACHABLE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|FETCH_ERROR)$/

/** The error for an npm that exited non-zero: the registry out of reach said so, else npm's own reason. */
function npmFailed(spec: string, code: number, stderr: string): ProviderError {
  const { errorCode, reason } = npmReason(stderr)
  const said = [errorCode, reason].filter(Boolean).join(', ') || 'no output'
  if (errorCode && UNREACHABLE.test(errorCode)) {
    const url = /(?:request to|timeout at:) (https?:\/\/\S+)/.exec(reason)?.[1]
    const registry = url && URL.canParse(url) ? ` at ${new URL(url).origin}` : ''
    return new ProviderError(
      'unavailable',
      `Installing the Copilot runtime (npm install ${spec}) failed: the npm registry${registry} cannot be ` +
        `reached from this runner (npm said: ${forLog(said, 400)}). ${WAY_OUT}`
    )
  }
  return installError(spec, `npm exited with ${code}: ${said}`)
}

/**
 * npm's error code and the first line that explains it, from its `npm error` lines; without the stack,
 * the error object dump, and the lines npm ends every failure with (the log file, the proxy hint).
 */
function npmReason(stderr: string): { errorCode?: string; reason: string } {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^npm (?:error|ERR!)\s?/, '').trimEnd())
    .filter(Boolean)
  const errorCode = lines.map((line) => /^code (\S+)$/.exec(line)?.[1]).find(Boolean)
  const reason = lines.find(
    (line) =>
      !/^(code|errno|syscall) \S+$|^\s|^[{}]|^A complete log of this run|^If you are behind a proxy|^Log files were not written/.test(
        line
      )
  )
  return { ...(errorCode ? { errorCode } : {}), reason: forLog(reason ?? '', 300) }
}

/** The error for an install that outlived its time limit; npm was killed. */
function installTimeout(spec: string, ms: number): ProviderError {
  return new ProviderError(
    'unavailable',
    `Installing the Copilot runtime (npm install ${spec}) did not finish within ${duration(ms)}, so npm was ` +
      `stopped: the npm registry is slow or unreachable from this runner. ${WAY_OUT}`
  )
}

/** Why npm could not be started: exec rejects when it is not on PATH. */
function notStarted(error: unknown): string {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 'npm is not on PATH'
  return error instanceof Error ? error.message : String(error)
}

/** The error for a runtime that could not be installed, saying how to provide one instead. */
export function installError(spec: string, detail: string): ProviderError {
  return new ProviderError(
    'unavailable',
    `The Copilot runtime could not be installed (npm install ${spec}: ${forLog(detail, 400)}). ` +
      `The runner needs npm and access to the npm registry. ${WAY_OUT}`
  )
}
