/**
 * The `copilot` provider. A call goes through its stages in this order, one file each:
 *   resolve-runtime  finds the Copilot CLI (COPILOT_CLI_PATH, the tool cache) or installs it from npm;
 *   locate-server    finds that CLI's standalone server, which answers sooner than the `copilot` command;
 *   start-runtime    starts one runtime process per call, in fresh folders;
 *   open-session     opens a clean session on it through @github/copilot-sdk;
 *   classify-errors  turns what the runtime reported into a message that names the fix.
 * provider.ts runs the stages for each call; events.ts reads a session's events into the answer,
 * credits.ts prices it, env.ts builds the runtime's environment, exec.ts runs npm and the CLI.
 */
import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { exec } from './exec.js'
import { CopilotProvider, type ByokSettings } from './provider.js'
import { resolveRuntime, type ResolvedRuntime, type RuntimeDeps } from './resolve-runtime.js'
import { sdkClientFactory, type ClientFactory } from './open-session.js'
import { locateServer, runtimePlatform, type ServerDeps } from './locate-server.js'

export { CopilotProvider, type ByokSettings, type CopilotUsage } from './provider.js'
export { MIN_RUNTIME_VERSION, PINNED_RUNTIME_VERSION, type ResolvedRuntime } from './resolve-runtime.js'

export interface CopilotOptions {
  /** The "model" input: a Copilot model id (default gpt-5-mini) or auto. */
  model: string
  /** The workflow token (GITHUB_TOKEN with `copilot-requests: write`). */
  token: string
  /** The "max-ai-credits" input, when set. */
  maxCredits?: number
  /** The "model-rpm" input, when set. */
  requestsPerMinute?: number
  /** One call's time limit; 120 s by default. */
  timeoutMs?: number
  /** Bring-your-own-key endpoint, for tests and benchmarks only. */
  byok?: ByokSettings
  /** The job's environment; process.env by default. */
  env?: NodeJS.ProcessEnv
  /** Replacements for tests: tool cache, exec, file checks, the SDK. */
  deps?: Partial<RuntimeDeps & ServerDeps>
  clients?: ClientFactory
}

/**
 * Builds the `copilot` provider. Nothing starts here: the runtime is resolved (found in the tool
 * cache or installed, then its standalone server located) ahead of or on the first call, and started
 * once per call.
 */
export function createCopilotProvider(options: CopilotOptions): CopilotProvider {
  const env = options.env ?? process.env
  const tempDir = env.RUNNER_TEMP || tmpdir()
  const deps: RuntimeDeps = {
    toolCache: { find: tc.find, findAllVersions: tc.findAllVersions, cacheDir: tc.cacheDir },
    exec,
    exists: existsSync,
    env,
    tempDir,
    log: core.info,
    ...options.deps
  }
  // The runtime's own bring-your-own-key variables, when the job sets them: a model of your own
  // behind the Copilot runtime (and how the end-to-end tests reach the loopback model emulator).
  const byok: ByokSettings | undefined =
    options.byok ??
    (env.COPILOT_PROVIDER_BASE_URL
      ? {
          type: (env.COPILOT_PROVIDER_TYPE as ByokSettings['type'] | undefined) ?? 'openai',
          baseUrl: env.COPILOT_PROVIDER_BASE_URL,
          apiKey: env.COPILOT_PROVIDER_API_KEY ?? '',
          offline: env.COPILOT_OFFLINE === 'true'
        }
      : undefined)
  return new CopilotProvider({
    model: options.model,
    token: options.token,
    runtime: () => resolveWithServer(deps, options.deps),
    clients: options.clients ?? sdkClientFactory,
    tempDir,
    env,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxCredits === undefined ? {} : { maxCredits: options.maxCredits }),
    ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
    ...(byok === undefined ? {} : { byok })
  })
}

/** Resolves the CLI, then its standalone server; the time reported covers both. */
export async function resolveWithServer(
  deps: RuntimeDeps,
  overrides: Partial<ServerDeps> = {}
): Promise<ResolvedRuntime> {
  const started = performance.now()
  const runtime = await resolveRuntime(deps)
  const server = await locateServer(runtime, {
    exists: deps.exists,
    readText: (path) => (deps.exists(path) ? readFileSync(path, 'utf8') : undefined),
    exec: deps.exec,
    env: deps.env,
    platform: runtimePlatform(),
    ...(deps.log ? { log: deps.log } : {}),
    ...overrides
  })
  return {
    ...runtime,
    ...(server ? { server } : {}),
    ms: Math.round(performance.now() - started)
  }
}
