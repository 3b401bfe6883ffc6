import { CopilotClient, RuntimeConnection, type CopilotSession } from '@github/copilot-sdk'

/**
 * Opening a session on a started runtime: the small part of the Copilot SDK the provider uses, as our
 * own interfaces, and `sdkClientFactory`, which adapts the real SDK to them. Tests hand in a stand-in
 * instead, so no test needs the 200 MB runtime.
 */

/** One event from a session, e.g. `assistant.message`, `assistant.usage`, `session.error`, `session.idle`. */
export interface RuntimeEvent {
  type: string
  data?: Record<string, unknown>
}

/** A `response_format` for one send; the runtime passes it to the model as `json_schema`. */
export interface ResponseFormat {
  type: 'json_schema'
  jsonSchema: { name: string; strict: boolean; schema: Record<string, unknown> }
}

/** How one session talks to a bring-your-own-key endpoint instead of Copilot (tests, benchmarks). */
export interface ByokProvider {
  type: 'openai' | 'azure' | 'anthropic'
  baseUrl: string
  apiKey: string
}

/** Bring-your-own-key: the real runtime against an OpenAI-compatible endpoint, for tests and benchmarks. */
export interface ByokSettings extends ByokProvider {
  /** COPILOT_OFFLINE=true: the runtime opens no connection except to a loopback endpoint. */
  offline?: boolean
}

/**
 * Everything that makes a session clean: our system message only, no tools, no MCP server, no custom
 * instructions, and none of the runtime's cross-session features (see CLEAN_SESSION in start-runtime.ts).
 */
export interface SessionSettings {
  model: string
  reasoningEffort: 'low' | 'medium' | 'high'
  systemMessage: { mode: 'replace'; content: string }
  availableTools: string[]
  skipCustomInstructions: true
  disabledMcpServers: string[]
  enableSessionTelemetry: false
  enableSkills: false
  enableSessionStore: false
  enableHostGitOperations: false
  enableFileHooks: false
  enableOnDemandInstructionDiscovery: false
  skipEmbeddingRetrieval: true
  memory: { enabled: false }
  workingDirectory: string
  provider?: ByokProvider
}

export interface RuntimeSession {
  /** Subscribes to every event; returns the unsubscribe function. */
  on(handler: (event: RuntimeEvent) => void): () => void
  /** Queues one user message; the answer arrives as events. */
  send(request: { prompt: string; responseFormat?: ResponseFormat }): Promise<unknown>
}

export interface RuntimeClient {
  start(): Promise<void>
  /** The running runtime's own version. */
  version(): Promise<string | undefined>
  createSession(settings: SessionSettings): Promise<RuntimeSession>
  /** Kills the runtime process. */
  forceStop(): Promise<void>
}

/** How to start one runtime process. */
export interface ClientSettings {
  /** The standalone server or the CLI entry (see ResolvedRuntime). */
  cliPath: string
  /** Extra command-line flags for the runtime. */
  args: string[]
  /** COPILOT_HOME: config, logs and session state, fresh per call. */
  home: string
  /** The process's cwd: an empty directory, so no repository file can reach the prompt. */
  workingDirectory: string
  /** The runtime's whole environment; nothing of the job's is inherited. */
  env: Record<string, string>
}

export type ClientFactory = (settings: ClientSettings) => RuntimeClient

/**
 * Starts runtimes through `@github/copilot-sdk` over stdio. The SDK itself adds `--headless
 * --no-auto-update --no-auto-login --stdio`; ncc bundles it to about 0.5 MB, because its native FFI
 * host (koffi) is only loaded for the in-process mode we never use. Runtimes are only ever killed
 * (see end() in start-runtime.ts), so the SDK's graceful stop is not adapted.
 */
export const sdkClientFactory: ClientFactory = (settings) => {
  const client = new CopilotClient({
    connection: RuntimeConnection.forStdio({ path: settings.cliPath, args: settings.args }),
    baseDirectory: settings.home,
    workingDirectory: settings.workingDirectory,
    useLoggedInUser: false,
    logLevel: 'error',
    env: settings.env
  })
  return {
    start: () => client.start(),
    version: async () => (await client.getStatus()).version,
    createSession: async (config) => {
      const session = await client.createSession({
        ...config,
        // No tools means nothing to approve; refuse anyway in case a runtime adds one.
        onPermissionRequest: () => ({ kind: 'reject' as const })
      })
      return {
        on: (handler) => session.on((event) => handler(event as unknown as RuntimeEvent)),
        // responseFormat is on the raw RPC only in SDK 1.0.14 (responseSchema arrives in 1.0.16).
        // Our schema is plain JSON; the SDK types it as its own JsonValue.
        send: (request) => session.rpc.send(request as Parameters<CopilotSession['rpc']['send']>[0])
      }
    },
    forceStop: () => client.forceStop()
  }
}
