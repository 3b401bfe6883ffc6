import { afterEach, describe, expect, it, jest } from '@jest/globals'
import Bottleneck from 'bottleneck/light.js'
import { createOctokit } from '../../src/github/octokit.js'
import { sampleRepo, startGitHubEmulator, type GitHubEmulator } from '../emulators/github/index.js'

let github: GitHubEmulator | undefined
afterEach(async () => {
  jest.restoreAllMocks()
  await github?.close()
  github = undefined
})

describe('the REST client', () => {
  it('sends the token, a user agent, and reaches GITHUB_API_URL', async () => {
    github = await startGitHubEmulator(sampleRepo())
    const octokit = createOctokit('ghs_test', github.url)
    const { owner, repo } = github.state
    const res = await octokit.request('GET /repos/{owner}/{repo}/labels', { owner, repo, per_page: 100 })
    expect(res.data.length).toBeGreaterThan(0)
    expect(github.requests).toHaveLength(1)
    expect(github.requests[0]!.path).toBe(`/repos/${owner}/${repo}/labels`)
    expect(github.requests[0]!.headers.authorization).toBe('token ghs_test')
    expect(github.requests[0]!.headers['user-agent']).toMatch(/^issue-triage-action /)
    expect(github.rejected).toEqual([])
  })

  it("runs Bottleneck's steps without timers, so a job finishes while timers are frozen", async () => {
    createOctokit('ghs_test', 'http://127.0.0.1:9')
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] })
    try {
      const limiter = new Bottleneck({ maxConcurrent: 1 })
      const store = (limiter as unknown as { _store: { yieldLoop(t?: number): Promise<void> } })._store
      // Each step of a job yields this way; with setTimeout(0) it would wait for the frozen clock.
      await expect(
        Promise.race([store.yieldLoop(), new Promise((r) => setImmediate(() => setImmediate(r, 'stuck')))])
      ).resolves.toBeUndefined()
    } finally {
      jest.useRealTimers()
    }
  })
})
