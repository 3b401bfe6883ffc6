import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetchFor } from '../../src/http/fetch.js'
import { HttpResponse } from '../../src/http/http-fetch.js'
import * as runner from '../../src/github/runner.js'
import { parseOutputs } from '../e2e/harness.js'
import { listen } from './loopback.js'

// What the runner reads from a step: the exact lines on stdout and the GITHUB_OUTPUT file.
let dir: string
let stdout: string[]
const saved = { ...process.env }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-test-'))
  stdout = []
  jest.spyOn(runner.stdout, 'write').mockImplementation((text: string) => void stdout.push(text))
})
afterEach(() => {
  jest.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
  process.env = { ...saved }
  process.exitCode = undefined
})

describe('runner commands', () => {
  it('reads inputs the way the runner passes them: INPUT_<NAME>, trimmed, empty when unset', () => {
    const env = { 'INPUT_API-KEY': '  sk-1 \n', INPUT_MAX_LABELS: '3' }
    expect(runner.getInput('api-key', env)).toBe('sk-1')
    expect(runner.getInput('max labels', env)).toBe('3')
    expect(runner.getInput('model', env)).toBe('')
  })

  it('escapes annotations so issue text cannot start a workflow command of its own', () => {
    runner.warning('50% done\n::add-mask::x\r\nnext')
    runner.notice('plain')
    expect(stdout).toEqual(['::warning::50%25 done%0A::add-mask::x%0D%0Anext\n', '::notice::plain\n'])
  })

  it('masks secrets and fails the step with an error annotation', () => {
    runner.setSecret('sk-secret')
    runner.setFailed('bad token')
    expect(stdout).toEqual(['::add-mask::sk-secret\n', '::error::bad token\n'])
    expect(process.exitCode).toBe(1)
  })

  it('writes outputs the runner parses back exactly, multi-line values included', () => {
    const file = join(dir, 'output')
    writeFileSync(file, '')
    process.env.GITHUB_OUTPUT = file
    const value = JSON.stringify({ rationale: 'line one\nline two\nEOF' })
    runner.setOutput('result', value)
    runner.setOutput('labels', '["bug"]')
    expect(parseOutputs(readFileSync(file, 'utf8'))).toEqual({ result: value, labels: '["bug"]' })
  })

  it('never uses a delimiter the value contains, so a value cannot end its block and set another output', () => {
    const file = join(dir, 'output')
    writeFileSync(file, '')
    process.env.GITHUB_OUTPUT = file
    // The first delimiter drawn is the one the value holds; the second draw differs.
    const draws = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5]
    jest.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.25)
    const hostile = 'x\nghadelimiter_0000\nlabels<<y\n["owned"]\ny'
    runner.setOutput('result', hostile)
    const written = readFileSync(file, 'utf8')
    expect(written.startsWith('result<<ghadelimiter_80000000800000008000000080000000\n')).toBe(true)
    expect(parseOutputs(written)).toEqual({ result: hostile })
  })

  it('falls back to a set-output command when the runner gives no output file', () => {
    delete process.env.GITHUB_OUTPUT
    runner.setOutput('labels', '[]')
    expect(stdout.join('')).toBe('\n::set-output name=labels::[]\n')
  })

  it('appends to the job summary, and says so when the runner gave no summary file', () => {
    const file = join(dir, 'summary')
    writeFileSync(file, '# before\n')
    runner.appendSummary('| a |\n', { GITHUB_STEP_SUMMARY: file })
    expect(readFileSync(file, 'utf8')).toBe('# before\n| a |\n')
    expect(() => runner.appendSummary('x', {})).toThrow('GITHUB_STEP_SUMMARY is not set')
  })
})

// A forward proxy that maps every host to loopback: a request to a made-up host succeeds only through it.
async function startProxy(target: number): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    const url = new URL(req.url ?? '/')
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target, path: url.pathname, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    req.pipe(upstream)
  })
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`)
    const upstream = connect(target, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
  })
  return { url: await listen(server), seen, server }
}

describe('fetchFor', () => {
  let servers: Server[] = []
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
    servers = []
  })

  async function setup() {
    const api = createServer((_req, res) => res.end('{"ok":true}'))
    const port = Number(new URL(await listen(api)).port)
    const proxy = await startProxy(port)
    servers.push(api, proxy.server)
    return { port, proxy }
  }

  it("is fetch over Node's HTTP client when the runner sets no proxy", async () => {
    const { port, proxy } = await setup()
    for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) delete process.env[name]
    const res = await fetchFor(`http://127.0.0.1:${port}`)(`http://127.0.0.1:${port}/labels`)
    expect(res).toBeInstanceOf(HttpResponse)
    expect(await res.json()).toEqual({ ok: true })
    expect(proxy.seen).toEqual([])
  })

  it("goes through the runner's proxy when one is set", async () => {
    const { port, proxy } = await setup()
    process.env.HTTP_PROXY = proxy.url
    delete process.env.NO_PROXY
    const res = await fetchFor(`http://api.example.test:${port}`)(`http://api.example.test:${port}/labels`)
    expect(await res.json()).toEqual({ ok: true })
    expect(proxy.seen).toHaveLength(1)
    expect(proxy.seen[0]).toContain(`api.example.test:${port}`)
  })

  it('honours NO_PROXY', async () => {
    const { port, proxy } = await setup()
    process.env.HTTP_PROXY = proxy.url
    process.env.NO_PROXY = 'api.example.test'
    const fetcher = fetchFor(`http://api.example.test:${port}`)
    // Without the proxy the made-up host does not resolve, which shows the proxy was not used.
    await expect(fetcher(`http://api.example.test:${port}/labels`)).rejects.toThrow()
    expect(proxy.seen).toEqual([])
  })
})
