/**
 * The small part of the Copilot SDK the provider uses, as our own interfaces: `sdk.ts` adapts the
 * real SDK to them and tests hand in a stand-in, so no test needs the 200 MB runtime.
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
 * instructions, and none of the runtime's cross-session features (see CLEAN_SESSION in launch.ts).
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
