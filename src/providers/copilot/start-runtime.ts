import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { runtimeEnv } from './env.js'
import type { ResolvedRuntime } from './resolve-runtime.js'
import type { ByokSettings, ClientFactory, RuntimeClient, SessionSettings } from './open-session.js'

// Checked against runtime 1.0.102 (the e2e tests start both with exactly these); the SDK adds
// --headless --no-auto-update --no-auto-login --stdio itself. The `copilot` command's JavaScript layer
// takes the first two: no client telemetry, and none of its built-in MCP servers (the GitHub one would
// hold the token as a tool). The standalone server exits on any flag it does not know, so it gets the
// same guarantees per session (CLEAN_SESSION) and through its environment.
/** Flags for the `copilot` command (npm-loader.js or the binary). */
export const CLI_ARGS = ['--disable-client-telemetry', '--disable-builtin-mcps', '--no-custom-instructions']
/** Flags for the standalone server, `copilot-runtime`. */
export const SERVER_ARGS = ['--no-custom-instructions']
/**
 * Names the variable that holds the token. With --no-auto-login (which keeps a runner's own `gh`
 * login and stored credentials out) both runtimes ignore COPILOT_GITHUB_TOKEN unless told to read it
 * ("No GitHub OAuth token or Copilot HMAC key provided"); the token itself stays in the environment.
 */
export const TOKEN_ARGS = ['--auth-token-env', 'COPILOT_GITHUB_TOKEN']

/**
 * Session settings that keep the runtime's own features out of a call: the SDK's "empty mode" values,
 * set one by one so no extra round trip is needed. The built-in GitHub MCP server is named, because
 * a disabled server is never started or handed the token.
 */
export const CLEAN_SESSION: Omit<
  SessionSettings,
  'model' | 'reasoningEffort' | 'systemMessage' | 'workingDirectory' | 'provider'
> = {
  availableTools: [],
  skipCustomInstructions: true,
  disabledMcpServers: ['github-mcp-server'],
  enableSessionTelemetry: false,
  enableSkills: false,
  enableSessionStore: false,
  enableHostGitOperations: false,
  enableFileHooks: false,
  enableOnDemandInstructionDiscovery: false,
  skipEmbeddingRetrieval: true,
  memory: { enabled: false }
}

/** A runtime process started for one call, with its own home and working directory. */
export interface Booted {
  client: RuntimeClient
  home: string
  work: string
  started: Promise<void>
}

/** What starting a runtime needs from the provider's options. */
export interface LaunchOptions {
  clients: ClientFactory
  tempDir: string
  env: NodeJS.ProcessEnv
  token: string
  model: string
  byok?: ByokSettings
}

/**
 * Starts one runtime process (the standalone server when there is one) in a fresh COPILOT_HOME and an
 * empty working directory. Resolves once it is spawned; `started` settles when it answers.
 */
export async function boot(runtime: ResolvedRuntime, options: LaunchOptions): Promise<Booted> {
  const home = await mkdtemp(join(options.tempDir, 'copilot-home-'))
  const work = await mkdtemp(join(options.tempDir, 'copilot-work-'))
  const client = options.clients({
    cliPath: runtime.server ?? runtime.path,
    args: [...(runtime.server ? SERVER_ARGS : CLI_ARGS), ...(options.token ? TOKEN_ARGS : [])],
    home,
    workingDirectory: work,
    env: runtimeEnv(options.env, options.token, options.model, options.byok)
  })
  const booted: Booted = { client, home, work, started: client.start() }
  booted.started.catch(() => undefined)
  return booted
}

/**
 * Ends a runtime and removes its folders. It is killed, not asked to stop: by now the answer is in
 * and nothing of its state is kept, while a graceful stop (flushing session state, then waiting for
 * the exit) would add 50–350 ms to every run. Its children are short-lived git and pgrep calls, no servers.
 */
export async function end(booted: Booted): Promise<void> {
  await booted.client.forceStop().catch(() => undefined)
  await Promise.all(
    [booted.home, booted.work].map((dir) => rm(dir, { recursive: true, force: true }).catch(() => {}))
  )
}
