// Where a trained model is kept between runs: the Actions cache in a workflow, a directory from a
// terminal. Storage is best effort on both: a model that cannot be restored or stored is trained again,
// so nothing here throws and nothing here can fail a triage run.
import * as core from '@actions/core'
import { link, mkdir, readFile, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where trained models are kept between runs. */
export interface ModelStore {
  readonly kind: 'actions-cache' | 'directory'
  /** The entry stored under `key`, else the newest whose key starts with one of `prefixes` (in order); undefined when none. */
  restore(key: string, prefixes: string[]): Promise<{ key: string; text: string } | undefined>
  /** Stores `text` under `key` (keys are immutable: an existing key is left alone). Failures are returned as a message, never thrown, since a model that could not be stored is retrained next time. */
  save(key: string, text: string): Promise<string | undefined>
}

const modelFile = 'model.json'

/**
 * The Actions cache, through @actions/cache (loaded only when used: it brings the Azure storage SDK).
 * The model goes through one file under `workDir`; its path is part of the cache's version, so every
 * run must use the same `workDir` (the runner's RUNNER_TEMP is stable on hosted runners).
 */
export function actionsCacheStore(workDir: string): ModelStore {
  const file = join(workDir, modelFile)
  return {
    kind: 'actions-cache',
    async restore(key, prefixes) {
      try {
        const cache = await import('@actions/cache')
        await rm(file, { force: true })
        await mkdir(workDir, { recursive: true })
        // A failure the library catches (service down, broken archive) it logs itself and answers as a miss.
        const found = await cache.restoreCache([file], key, prefixes)
        if (found === undefined) return undefined
        // The service also matches `key` as a prefix; that is not an entry this store promised.
        if (found !== key && !prefixes.some((prefix) => found.startsWith(prefix))) {
          core.debug(`Actions cache entry ${found} only starts with ${key}: not used.`)
          return undefined
        }
        return { key: found, text: await readFile(file, 'utf8') }
      } catch (error) {
        core.warning(`The trained model could not be restored from the Actions cache: ${message(error)}`)
        return undefined
      }
    },
    async save(key, text) {
      try {
        const cache = await import('@actions/cache')
        await mkdir(workDir, { recursive: true })
        await writeFile(file, text)
        // -1 is every failure the library logged instead of throwing: a key another run stored first,
        // a service that did not answer, an upload that broke off.
        const id = await cache.saveCache([file], key)
        return id === -1 ? `the Actions cache did not store ${key} (its reason is logged above)` : undefined
      } catch (error) {
        return message(error)
      }
    }
  }
}

/** Files under `dir`, one per key: for runs from a terminal. */
export function directoryStore(dir: string): ModelStore {
  const path = (key: string): string => join(dir, `${encodeURIComponent(key)}.json`)
  return {
    kind: 'directory',
    async restore(key, prefixes) {
      try {
        const exact = await readIfPresent(path(key))
        if (exact !== undefined) return { key, text: exact }
        const keys = await storedKeys(dir)
        for (const prefix of prefixes) {
          const newest = await newestOf(
            keys.filter((stored) => stored.startsWith(prefix)),
            path
          )
          if (newest !== undefined) return { key: newest, text: await readFile(path(newest), 'utf8') }
        }
        return undefined
      } catch (error) {
        core.warning(`The trained model could not be read from ${dir}: ${message(error)}`)
        return undefined
      }
    },
    async save(key, text) {
      const temporary = join(dir, `.${process.pid}-${Date.now()}.tmp`)
      try {
        await mkdir(dir, { recursive: true })
        await writeFile(temporary, text)
        // link() refuses an existing name, so a key another run stored first is left as it is.
        await link(temporary, path(key)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error
        })
        return undefined
      } catch (error) {
        return `${dir}: ${message(error)}`
      } finally {
        await unlink(temporary).catch(() => undefined)
      }
    }
  }
}

/**
 * The Actions cache when the runner's cache service is configured (the variables @actions/cache's
 * isFeatureAvailable checks, and the token it sends), else a directory under XDG_CACHE_HOME or ~/.cache.
 */
export function defaultStore(env: NodeJS.ProcessEnv = process.env): ModelStore {
  if (cacheServiceUrl(env) && env.ACTIONS_RUNTIME_TOKEN)
    return actionsCacheStore(join(env.RUNNER_TEMP || tmpdir(), 'issue-triage-history'))
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache')
  return directoryStore(join(base, 'issue-triage'))
}

// Mirrors @actions/cache's config: v2 (ACTIONS_RESULTS_URL) when the runner says so, except on
// Enterprise Server, which only has v1 (ACTIONS_CACHE_URL).
function cacheServiceUrl(env: NodeJS.ProcessEnv): string | undefined {
  const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase()
  const ghes = host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST')
  return env.ACTIONS_CACHE_SERVICE_V2 && !ghes ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

async function storedKeys(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return names.filter((name) => name.endsWith('.json')).map((name) => decodeURIComponent(name.slice(0, -5)))
}

async function newestOf(keys: string[], path: (key: string) => string): Promise<string | undefined> {
  let newest: { key: string; time: number } | undefined
  for (const key of keys) {
    const time = (await stat(path(key))).mtimeMs
    if (newest === undefined || time > newest.time) newest = { key, time }
  }
  return newest?.key
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
