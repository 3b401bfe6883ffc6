import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { API_VERSION, createOctokit } from '../../src/github/octokit.js'
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

  it('reaches a GITHUB_API_URL given with a trailing slash, REST and GraphQL alike, writes too', async () => {
    github = await startGitHubEmulator(sampleRepo())
    const octokit = createOctokit('ghs_test', `${github.url}//`)
    const { owner, repo } = github.state
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      owner,
      repo,
      issue_number: 1,
      labels: ['bug']
    })
    await octokit.graphql(
      'query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { name } }',
      {
        owner,
        repo
      }
    )
    expect(github.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST /repos/${owner}/${repo}/issues/1/labels 200`,
      'POST /graphql 200'
    ])
    expect(github.issue(1).labels).toContain('bug')
    expect(github.rejected).toEqual([])
  })

  it('names the request that got something other than JSON, for paged reads too', async () => {
    const html = { status: 200, body: '<html>Maintenance</html>', headers: { 'content-type': 'text/html' } }
    github = await startGitHubEmulator(sampleRepo(), {
      faults: [{ path: 'issues/list-labels-for-repo', ...html }]
    })
    const octokit = createOctokit('ghs_test', github.url)
    const { owner, repo } = github.state
    await expect(
      octokit.paginate('GET /repos/{owner}/{repo}/labels', { owner, repo, per_page: 100 })
    ).rejects.toThrow(
      `GitHub answered GET /repos/${owner}/${repo}/labels with something that is not JSON (text/html); nothing more was written.`
    )
    // JSON answers and empty 204s pass untouched.
    const issue = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: 1
    })
    expect(issue.data.number).toBe(1)
    const locked = await octokit.request('PUT /repos/{owner}/{repo}/issues/{issue_number}/lock', {
      owner,
      repo,
      issue_number: 1
    })
    expect(locked.status).toBe(204)
  })

  it('names the REST API version on every request, REST and GraphQL alike', async () => {
    github = await startGitHubEmulator(sampleRepo())
    const octokit = createOctokit('ghs_test', github.url)
    const { owner, repo } = github.state
    await octokit.request('GET /repos/{owner}/{repo}/labels', { owner, repo })
    await octokit.graphql('query { viewer { login } }').catch(() => undefined)
    expect(github.requests.map((r) => r.headers['x-github-api-version'])).toEqual([API_VERSION, API_VERSION])
    expect(API_VERSION).toBe('2022-11-28')
  })
})
