import { CopilotClient, RuntimeConnection, type CopilotSession } from '@github/copilot-sdk'
import type { ClientFactory, RuntimeEvent } from './runtime-client.js'

/**
 * Starts runtimes through `@github/copilot-sdk` over stdio. The SDK itself adds `--headless
 * --no-auto-update --no-auto-login --stdio`; ncc bundles it to about 0.5 MB, because its native FFI
 * host (koffi) is only loaded for the in-process mode we never use. Runtimes are only ever killed
 * (see end() in launch.ts), so the SDK's graceful stop is not adapted.
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
