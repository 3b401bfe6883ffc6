/**
 * A stand-in for the Copilot runtime process, for tests of what the action does when GitHub refuses a
 * Copilot call. The real @github/copilot-sdk spawns it exactly as it spawns the runtime and talks to it
 * over stdio (JSON-RPC with Content-Length framing), so everything between the action and the process
 * is real. It answers the SDK's handshake, session and send requests with the real runtime's shapes,
 * then either answers the prompt or fails the turn with one of the GitHub-side failures in
 * failures.json, emitting the runtime's retry events first where the runtime retries on its own.
 *
 * Plain JavaScript because the SDK starts it with the action's own `node` and no loader. Tests start it
 * through a launcher that index.ts writes: `run({ scenario, log })`. Every process start, request and
 * emulated model call is appended to `log` (JSON lines), so tests can count them.
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { setTimeout } from 'node:timers'

const VERSION = '1.0.102'
const catalogue = JSON.parse(readFileSync(new URL('./failures.json', import.meta.url), 'utf8'))

// What the `copilot` command accepts of what it may be given: the SDK's own flags, then ours. Anything
// else makes it exit, as the real one does, so a flag the runtime would refuse fails the test too.
const VALUED = new Set(['--log-level', '--auth-token-env'])
const FLAGS = new Set([
  '--headless',
  '--stdio',
  '--no-auto-update',
  '--no-auto-login',
  '--disable-client-telemetry',
  '--disable-builtin-mcps',
  '--no-custom-instructions',
  ...VALUED
])

/**
 * Runs the stand-in on this process's stdio until stdin closes or it is killed.
 * @param {{ scenario: string, log: string, answer?: string }} options `scenario` is a key of
 *   failures.json, or `answer` to answer `options.answer`.
 */
export function run(options) {
  const record = (entry) => appendFileSync(options.log, `${JSON.stringify(entry)}\n`)
  const args = process.argv.slice(2)
  for (let i = 0; i < args.length; i++) {
    if (!FLAGS.has(args[i])) {
      process.stderr.write(`error: unknown option '${args[i]}'\n`)
      record({ kind: 'refused-flag', flag: args[i] })
      process.exit(1)
    }
    if (VALUED.has(args[i])) i++
  }
  const tokenVar = args.includes('--auth-token-env') ? args[args.indexOf('--auth-token-env') + 1] : undefined
  const token = tokenVar ? process.env[tokenVar] : undefined
  // Names only: a test checks which variables reached the runtime, never a secret's value.
  record({ kind: 'start', args, env: Object.keys(process.env).sort(), tokenVar, hasToken: Boolean(token) })

  const send = frameWriter()
  const sessions = new Map()
  const notify = (sessionId, type, data, extra = {}) => {
    const session = sessions.get(sessionId)
    const event = {
      type,
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      parentId: session.last,
      ...extra,
      data
    }
    session.last = event.id
    send({ jsonrpc: '2.0', method: 'session.event', params: { sessionId, event } })
  }

  const methods = {
    connect: () => ({
      ok: true,
      protocolVersion: 3,
      version: VERSION,
      taskKinds: ['agent', 'shell', 'client']
    }),
    ping: (p) => ({ message: `pong: ${p?.message ?? ''}`, timestamp: Date.now(), protocolVersion: 3 }),
    'status.get': () => ({ version: VERSION, protocolVersion: 3 }),
    'session.create': (p) => {
      const sessionId = p.sessionId ?? randomUUID()
      sessions.set(sessionId, { last: null, model: p.model })
      return {
        sessionId,
        nativeSessionId: sessionId,
        startTime: new Date().toISOString(),
        isRemote: false,
        mode: 'interactive',
        workspacePath: null,
        capabilities: { ui: { elicitation: false, mcpApps: false, canvases: false }, extensions: false },
        modelState: { modelId: p.model, reasoningEffort: p.reasoningEffort }
      }
    },
    'session.options.update': () => ({ success: true, pluginHookCount: 0 }),
    'session.send': (p) => {
      const messageId = randomUUID()
      setTimeout(() => turn(p.sessionId, messageId, p.prompt), 5)
      return { messageId }
    },
    'session.disconnect': () => ({}),
    'runtime.shutdown': () => {
      setTimeout(() => process.exit(0), 5)
      return {}
    }
  }

  function turn(sessionId, messageId, prompt) {
    notify(sessionId, 'user.message', { content: prompt, messageId })
    notify(sessionId, 'assistant.turn_start', { turnId: '0' })
    if (!token) {
      // What both real runtimes report when no token reached them (see TOKEN_ARGS in start-runtime.ts).
      record({ kind: 'no-token' })
      notify(sessionId, 'session.error', {
        errorType: 'query',
        message: 'Execution failed: InvalidArg, No GitHub OAuth token or Copilot HMAC key provided',
        originatingMessageId: messageId
      })
      return notify(sessionId, 'session.idle', {}, { ephemeral: true })
    }
    if (options.scenario === 'answer') return answer(sessionId)
    const failure = catalogue.failures[options.scenario]
    if (!failure) throw new Error(`no scenario ${options.scenario}`)
    const requestId = `0400:${randomUUID().slice(0, 8).toUpperCase()}:1`
    for (let call = 1; call <= failure.calls; call++) {
      record({ kind: 'model-call', status: failure.github.status })
      if (call < failure.calls) notify(sessionId, failure.retry.type, failure.retry.data, { ephemeral: true })
    }
    const { message, ...rest } = failure.error
    notify(sessionId, 'session.error', {
      ...rest,
      message: `${message} (Request ID: ${requestId})`,
      providerCallId: requestId,
      originatingMessageId: messageId
    })
    notify(sessionId, 'session.idle', {}, { ephemeral: true })
  }

  function answer(sessionId) {
    record({ kind: 'model-call', status: 200 })
    const model = sessions.get(sessionId).model
    notify(
      sessionId,
      'assistant.usage',
      { model, inputTokens: 1200, outputTokens: 80, cacheReadTokens: 0 },
      { ephemeral: true }
    )
    notify(sessionId, 'assistant.message', {
      messageId: randomUUID(),
      model,
      content: options.answer ?? '{}'
    })
    notify(sessionId, 'assistant.turn_end', { turnId: '0' })
    notify(sessionId, 'session.idle', {}, { ephemeral: true })
  }

  readFrames(process.stdin, (message) => {
    if (message.id === undefined) return
    record({ kind: 'request', method: message.method, params: summary(message.params) })
    const handler = methods[message.method]
    if (!handler) {
      return send({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32601, message: `Unhandled method ${message.method}` }
      })
    }
    send({ jsonrpc: '2.0', id: message.id, result: handler(message.params ?? {}) })
  })
  process.stdin.on('end', () => process.exit(0))
}

/** The parts of a request a test asserts on; prompts and system messages are long and not needed. */
function summary(params) {
  if (!params || typeof params !== 'object') return params
  const { prompt, systemMessage, ...rest } = params
  return {
    ...rest,
    ...(prompt === undefined ? {} : { promptChars: prompt.length }),
    ...(systemMessage ? { systemMessage: systemMessage.mode } : {})
  }
}

/** Writes JSON-RPC messages with the Content-Length framing vscode-jsonrpc reads. */
function frameWriter() {
  return (message) => {
    const body = Buffer.from(JSON.stringify(message), 'utf8')
    process.stdout.write(
      Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body])
    )
  }
}

/** Reads Content-Length framed JSON-RPC messages from a stream. */
function readFrames(stream, onMessage) {
  let buffer = Buffer.alloc(0)
  stream.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString('ascii'))?.[1])
      if (buffer.length < end + 4 + length) return
      const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8')
      buffer = buffer.subarray(end + 4 + length)
      onMessage(JSON.parse(body))
    }
  })
}
