/**
 * A loopback Copilot API (and the two GitHub API calls the runtime makes first), for checking the
 * stand-in against the real runtime: the pinned runtime is pointed here with its own debug variables
 * COPILOT_API_URL and COPILOT_DEBUG_GITHUB_API_URL, and every model request is answered with one
 * failure's `github` answer from failures.json. A proxy that refuses everything is started too: the
 * runtime is given it as HTTPS_PROXY, so a request meant for anywhere else is caught and counted
 * instead of leaving the machine.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import type { RuntimeFailure } from './index.js'

const REQUEST_ID = '0400:C0DE:5EED:1'

// The model list the runtime fetches before a call; without gpt-5-mini in it the runtime routes the
// call to its default endpoint instead of here.
const MODELS = {
  object: 'list',
  data: [
    {
      id: 'gpt-5-mini',
      name: 'GPT-5 mini',
      object: 'model',
      vendor: 'Azure OpenAI',
      version: 'gpt-5-mini',
      preview: false,
      model_picker_enabled: true,
      capabilities: {
        family: 'gpt-5-mini',
        type: 'chat',
        object: 'model_capabilities',
        tokenizer: 'o200k_base',
        limits: { max_context_window_tokens: 264000, max_output_tokens: 64000, max_prompt_tokens: 128000 },
        supports: { streaming: true, structured_outputs: true, tool_calls: true, parallel_tool_calls: true }
      },
      policy: { state: 'enabled', terms: '' },
      supported_endpoints: ['/chat/completions', '/responses'],
      billing: { is_premium: false, multiplier: 0 }
    }
  ]
}

export interface LoopbackCopilot {
  url: string
  /** HTTPS_PROXY for the runtime: refuses, and records what was asked of it. */
  proxyUrl: string
  /** The x-github-request-id every answer carries; the runtime quotes it. */
  requestId: string
  /** Model requests received (POST /responses or /chat/completions). */
  modelCalls(): number
  /** Authorization headers seen, to check the token arrived. */
  authorizations(): string[]
  /** Connections the runtime tried to open elsewhere (through the proxy). */
  escapes(): string[]
  close(): Promise<void>
}

/** Starts the loopback Copilot API answering every model request with `failure.github`. */
export async function startLoopbackCopilot(failure: RuntimeFailure): Promise<LoopbackCopilot> {
  let calls = 0
  const auth: string[] = []
  const escapes: string[] = []
  const api = createHttpServer((req, res) => {
    req.resume()
    req.on('end', () => {
      auth.push(req.headers.authorization ?? '')
      const path = (req.url ?? '').split('?')[0]
      const headers = { 'content-type': 'application/json', 'x-github-request-id': REQUEST_ID }
      if (req.method === 'GET' && path === '/models') {
        res.writeHead(200, headers)
        return res.end(JSON.stringify(MODELS))
      }
      if (req.method === 'POST' && (path === '/responses' || path === '/chat/completions')) {
        calls++
        res.writeHead(failure.github.status, { ...headers, ...failure.github.headers })
        return res.end(JSON.stringify(failure.github.body))
      }
      // Team customizations and anything else: what GitHub answers for a feature that is not set up.
      res.writeHead(404, headers)
      res.end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }))
    })
  })
  const proxy = createNetServer((socket) => {
    socket.once('data', (data) => {
      escapes.push(data.toString('latin1').split('\r\n')[0] ?? '')
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')
    })
    socket.on('error', () => undefined)
  })
  const listen = (server: Server | ReturnType<typeof createNetServer>) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
    )
  const [apiPort, proxyPort] = await Promise.all([listen(api), listen(proxy)])
  return {
    url: `http://127.0.0.1:${apiPort}`,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    requestId: REQUEST_ID,
    modelCalls: () => calls,
    authorizations: () => [...auth],
    escapes: () => [...escapes],
    close: () => {
      api.closeAllConnections()
      return Promise.all(
        [api, proxy].map((server) => new Promise<void>((resolve) => server.close(() => resolve())))
      ).then(() => undefined)
    }
  }
}
