import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import { readRunContext } from '../../src/gather/context.js'
import { createOctokit, isUnreachable } from '../../src/github/octokit.js'
import { failureMessage } from '../../src/report/failure.js'
import { closedUrl, listen } from './loopback.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

// An Octokit that records its requests and does not retry (the retries wait 1 + 4 + 9 s).
function client(url: string) {
  const octokit = createOctokit('t0ken', url)
  const seen: string[] = []
  octokit.hook.before('request', (options) => {
    seen.push(`${options.method} ${options.url}`)
    options.request.retries = 0
  })
  return { octokit, seen }
}

describe('a GitHub that cannot be reached', () => {
  it('fails the reads at the GraphQL request, without the REST fallback, and says so', async () => {
    const url = await closedUrl()
    const { octokit, seen } = client(url)
    const error = await readRunContext(octokit, { owner: 'o', repo: 'r' }, '.github/triage.yml', true).catch(
      (e: unknown) => e
    )
    expect(seen).toEqual(['POST /graphql'])
    expect(isUnreachable(error)).toBe(true)
    const host = new URL(url).host
    expect(failureMessage(error)).toBe(
      `Could not reach GitHub's API at ${host}: connect ECONNREFUSED ${host}. Nothing was written; check the runner's network and proxy settings, then re-run.`
    )
  })

  it('is not what a GitHub that answers 500 is: that answer still falls back to REST', async () => {
    const failing = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end('{"message":"Server Error"}')
    })
    servers.push(failing)
    const { octokit, seen } = client(await listen(failing))
    const error = await readRunContext(octokit, { owner: 'o', repo: 'r' }, '.github/triage.yml', true).catch(
      (e: unknown) => e
    )
    expect(isUnreachable(error)).toBe(false)
    expect(seen).toEqual([
      'POST /graphql',
      expect.stringMatching(/^GET .*\/contents\//),
      expect.stringMatching(/^GET http:.*\/repos\/o\/r\/labels\?/)
    ])
    expect(failureMessage(error)).toBe('Server Error')
  })

  it('abandons a request GitHub never answers at its deadline, and says GitHub could not be reached', async () => {
    const silent = createServer(() => undefined) // accepts, never answers
    servers.push(silent)
    const url = await listen(silent)
    const octokit = createOctokit('t0ken', url, 200)
    const error = await octokit
      .request('GET /repos/{owner}/{repo}/labels', { owner: 'o', repo: 'r', request: { retries: 0 } })
      .catch((e: unknown) => e)
    expect(isUnreachable(error)).toBe(true)
    expect(failureMessage(error)).toMatch(
      /^Could not reach GitHub's API at 127\.0\.0\.1:\d+: no answer before the request deadline \(timed out\)\./
    )
    silent.closeAllConnections()
  })
})
