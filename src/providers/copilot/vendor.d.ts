/**
 * Minimal declarations of the two packages the copilot provider needs that are not yet in
 * package.json (`@github/copilot-sdk` 1.0.14, `@actions/tool-cache` 4.0.0). Ambient declarations
 * win over node_modules, so delete this file once both are installed to check against their own types.
 */

declare module '@github/copilot-sdk' {
  export interface SessionEvent {
    type: string
    data?: unknown
  }
  export interface CopilotSession {
    on(handler: (event: SessionEvent) => void): () => void
    readonly rpc: { send(request: Record<string, unknown>): Promise<unknown> }
    disconnect(): Promise<void>
  }
  export interface RuntimeConnection {
    readonly kind: string
  }
  export const RuntimeConnection: {
    forStdio(options?: {
      path?: string
      args?: readonly string[]
      env?: Record<string, string>
    }): RuntimeConnection
  }
  export class CopilotClient {
    constructor(options?: {
      connection?: RuntimeConnection
      baseDirectory?: string
      workingDirectory?: string
      useLoggedInUser?: boolean
      logLevel?: string
      env?: Record<string, string | undefined>
    })
    start(): Promise<void>
    getStatus(): Promise<{ version: string; protocolVersion: number }>
    createSession(config: Record<string, unknown>): Promise<CopilotSession>
    stop(): Promise<Error[]>
    forceStop(): Promise<void>
  }
}

declare module '@actions/tool-cache' {
  export function find(toolName: string, versionSpec: string, arch?: string): string
  export function findAllVersions(toolName: string, arch?: string): string[]
  export function cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>
}
