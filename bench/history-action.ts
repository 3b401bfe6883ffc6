/**
 * `npm run bench:history -- action`: the bundled action with `provider: history` on a copy of
 * rust-lang/rust (3,300 real issues before 2015, each label a person's label event), against the GitHub
 * and Actions cache emulators: the first run reads the history, trains and stores the classifier; the
 * second restores it. Prints wall time, GitHub requests and the stored entry's size for each.
 */
import { actionsCache } from '../__tests__/e2e/harness.js'
import { openedPayload } from '../__tests__/e2e/fixtures.js'
import { startGitHubEmulator, type RepoSeed } from '../__tests__/emulators/github/index.js'
import { loadCorpus } from './dedupe-corpus.js'
import { timeAction } from './spawn.js'

/** Runs the two timed runs and prints one line each. */
export async function actionCost(count = 3300): Promise<void> {
  // loadCorpus keeps one record per number, and the repository's real label set.
  const corpus = loadCorpus(0)
  const issues = corpus.issues
    .filter((i) => i.created_at < '2015-01-01')
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, count)
  const newest = issues[0]!
  const seed: RepoSeed = {
    owner: 'rust-lang',
    repo: 'rust',
    labels: corpus.labels,
    issues: issues.map((i) => ({
      number: i.number,
      title: i.title,
      body: i.body ?? '',
      // The newest issue is the one triaged: as it was opened, unlabelled.
      labels: i === newest ? [] : i.labels,
      state: 'closed' as const,
      user: { login: i.user, type: 'User' as const },
      created_at: i.created_at
    })),
    events: Object.fromEntries(
      issues
        .filter((i) => i !== newest)
        .map((i) => [
          i.number,
          i.labels.map((label) => ({
            event: 'labeled' as const,
            label,
            actor: 'maintainer',
            created_at: i.created_at
          }))
        ])
    )
  }
  const github = await startGitHubEmulator(seed)
  const cache = await actionsCache()
  try {
    const payload = openedPayload(seed, newest.number)
    for (const which of ['first run (train and store)', 'second run (restore)']) {
      const before = github.requests.length
      const run = await timeAction({
        githubUrl: github.url,
        repository: 'rust-lang/rust',
        eventName: 'issues',
        payload,
        inputs: { provider: 'history', mode: 'dry-run', dedupe: 'false' },
        env: cache.env
      })
      const result = JSON.parse(run.outputs.result ?? '{}') as {
        status?: string
        decision?: { labels: { name: string }[] }
      }
      const requests = github.requests.slice(before)
      const graphql = requests.filter((r) => r.operationId === 'graphql').length
      const entry = cache.emulator.entries().at(-1)
      console.log(
        `  ${which}: ${(run.ms / 1000).toFixed(1)} s, exit ${run.code}, ${result.status}, ` +
          `${requests.length} GitHub requests (${graphql} GraphQL), labels ${JSON.stringify(result.decision?.labels.map((l) => l.name) ?? [])}` +
          (entry?.size ? `; cache entry ${(entry.size / 1e6).toFixed(2)} MB compressed` : '')
      )
    }
  } finally {
    await Promise.all([github.close(), cache.emulator.close()])
  }
}
