import { afterEach, describe, expect, it } from '@jest/globals'
import { readRunContext } from '../../src/gather/context.js'
import { searchIssues } from '../../src/gather/candidates.js'
import { labelHistory, snapshotIssue } from '../../src/gather/issue.js'
import { listLabels } from '../../src/gather/repository.js'
import { createOctokit } from '../../src/github/octokit.js'
import { InputError } from '../../src/errors.js'
import {
  GRAPHQL_FORBIDDEN,
  sampleRepo,
  startGitHubEmulator,
  type GitHubEmulator,
  type RepoSeed
} from '../emulators/github/index.js'
import type { EmulatorOptions } from '../emulators/github/server.js'

let github: GitHubEmulator | undefined
afterEach(async () => {
  expect(github?.rejected ?? []).toEqual([])
  await github?.close()
  github = undefined
})

const ref = { owner: 'octo-org', repo: 'widgets' }

async function start(change: (seed: RepoSeed) => void = () => {}, options: EmulatorOptions = {}) {
  const seed = sampleRepo()
  seed.files = { ...seed.files, '.github/triage.yml': 'max-labels: 2\n' }
  seed.events = {
    1: [
      { event: 'labeled', label: 'bug', actor: 'maintainer-mia' },
      { event: 'unlabeled', label: 'question', actor: 'maintainer-mia' },
      {
        event: 'labeled',
        label: 'enhancement',
        actor: 'dependabot[bot]',
        actorType: 'Bot',
        created_at: '2025-03-01T10:00:00Z'
      },
      { event: 'unlabeled', label: 'bug', actor: 'github-actions[bot]', actorType: 'Bot' }
    ]
  }
  change(seed)
  github = await startGitHubEmulator(seed, options)
  return createOctokit('ghs_test', github.url)
}

describe('the one GraphQL read of the config file (and labels) for the run', () => {
  it('reads the config file in one request', async () => {
    const octokit = await start()
    const read = await readRunContext(octokit, ref, '.github/triage.yml', false)
    expect(read).toEqual({ config: 'max-labels: 2\n', labels: undefined })
    expect(github!.requests.map((r) => r.operationId)).toEqual(['graphql'])
  })

  it('says a missing config file is missing', async () => {
    const octokit = await start()
    await expect(readRunContext(octokit, ref, '.github/none.yml', false)).resolves.toEqual({
      config: undefined,
      labels: undefined
    })
    expect(github!.requests).toHaveLength(1)
  })

  it("reads an issue's label history from its events: people's decisions count, bots' do not", async () => {
    const octokit = await start()
    await expect(labelHistory(octokit, ref, 1)).resolves.toEqual({
      removedByPeople: ['question'],
      addedByPeople: ['bug'],
      // When each actor last added a label (a backlog run knows its own work by this).
      labeledAt: { 'maintainer-mia': expect.any(String), dependabot: '2025-03-01T10:00:00Z' }
    })
  })

  it('reads more than 100 label events through every REST page, so the last decision counts', async () => {
    const octokit = await start((seed) => {
      seed.events = {
        1: Array.from({ length: 121 }, (_, i) => ({
          event: i % 2 === 0 ? ('unlabeled' as const) : ('labeled' as const),
          label: 'bug',
          actor: 'maintainer-mia'
        }))
      }
    })
    await expect(labelHistory(octokit, ref, 1)).resolves.toEqual({
      removedByPeople: ['bug'],
      addedByPeople: [],
      labeledAt: { 'maintainer-mia': expect.any(String) }
    })
    expect(github!.requests.map((r) => r.operationId)).toEqual(['issues/list-events', 'issues/list-events'])
  })

  it('falls back to the REST reads when GraphQL fails, with their results', async () => {
    const octokit = await start(undefined, { faults: [GRAPHQL_FORBIDDEN] })
    const read = await readRunContext(octokit, ref, '.github/triage.yml', true)
    expect(read.config).toBe('max-labels: 2\n')
    expect(read.labels!.length).toBeGreaterThan(0)
    expect(github!.requests.map((r) => r.operationId).sort()).toEqual([
      'graphql',
      'issues/list-labels-for-repo',
      'repos/get-content'
    ])
  })

  it('names the input when the config path is a directory (through the REST read)', async () => {
    const octokit = await start()
    const read = readRunContext(octokit, ref, '.github', false)
    await expect(read).rejects.toThrow(InputError)
    await expect(read).rejects.toThrow('Input "config": .github is not a file.')
  })
})

describe('the labels in the same GraphQL read', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      name: `area/${String(i).padStart(3, '0')}`,
      description: `Area ${i}`
    }))

  for (const [count, requests] of [
    [12, ['graphql']],
    [180, ['graphql']],
    [
      250,
      ['graphql', 'issues/list-labels-for-repo', 'issues/list-labels-for-repo', 'issues/list-labels-for-repo']
    ]
  ] as const) {
    it(`reads ${count} labels, in the order REST lists them, with ${requests.length} request(s)`, async () => {
      const octokit = await start((seed) => {
        if (count !== 12) seed.labels = [...seed.labels, ...many(count - seed.labels.length)]
      })
      const labels = (await readRunContext(octokit, ref, '.github/none.yml', true)).labels!
      expect(github!.requests.map((r) => r.operationId)).toEqual(requests)
      const rest = await listLabels(octokit, ref)
      expect(labels).toHaveLength(count)
      expect(labels.map((l) => [l.name, l.description])).toEqual(rest.map((l) => [l.name, l.description]))
    })
  }
})

describe('the duplicate searches, as the emulator runs them', () => {
  it('keep every OR alternative to older issues: never this issue, a newer one or a pull request', async () => {
    const octokit = await start((seed) => {
      // Newer issues and a pull request that share the issue's words.
      for (const [number, pr] of [
        [41, false],
        [42, true]
      ] as const)
        seed.issues.push({
          ...seed.issues[0]!,
          number,
          created_at: '2025-06-01T00:00:00Z',
          ...(pr ? { pull_request: true } : {})
        })
    })
    const { number, title, body, created_at, user } = sampleRepo().issues[0]!
    const issue = snapshotIssue({ number, id: 1, title, body, created_at, user })
    const run = await searchIssues(octokit, ref, issue, { semantic: 'unknown' })
    const lexical = run.searches.filter((s) => s.kind === 'lexical')
    expect(lexical.length).toBeGreaterThan(0)
    const found = run.lists.flat().map((item) => item.number)
    expect(found).not.toContain(1)
    expect(found).not.toContain(41)
    expect(found).not.toContain(42)
  })
})
