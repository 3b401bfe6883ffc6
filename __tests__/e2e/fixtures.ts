import {
  sampleRepo,
  startGitHubEmulator,
  type GitHubEmulator,
  type RepoSeed
} from '../emulators/github/index.js'
import {
  startModelEmulator,
  type ModelEmulator,
  type ModelEmulatorOptions
} from '../emulators/openai/server.js'
import { runAction, webhookExample, type ActionRun } from './harness.js'

/** A seeded GitHub, a model endpoint, and a way to run the bundled action against both. */
export interface World {
  github: GitHubEmulator
  model: ModelEmulator
  seed: RepoSeed
  run(opts?: {
    event?: string
    payload?: Record<string, unknown>
    inputs?: Record<string, string>
    issue?: number
    /** How long the bundle may run (default 60 s). */
    timeoutMs?: number
    /** More of the runner's environment (an Actions cache service, say). */
    env?: Record<string, string>
  }): Promise<ActionRun>
  close(): Promise<void>
}

/** The real `issues.opened` webhook example, re-pointed at an issue of the seeded repository. */
export function openedPayload(seed: RepoSeed, number: number, action = 'opened'): Record<string, unknown> {
  const payload = webhookExample('issues', action)
  const seeded = seed.issues.find((i) => i.number === number)!
  const issue = payload.issue as Record<string, unknown>
  Object.assign(issue, {
    number,
    id: seeded.id ?? number * 1000 + 7,
    title: seeded.title,
    body: seeded.body,
    labels: seeded.labels.map((name) => ({ name })),
    state: seeded.state,
    user: { ...(issue.user as object), login: seeded.user.login, type: seeded.user.type },
    type: null,
    created_at: seeded.created_at,
    comments: seeded.comments?.length ?? 0,
    locked: seeded.locked === true,
    active_lock_reason: seeded.locked === true ? 'resolved' : null
  })
  if (seeded.pull_request) issue.pull_request = { url: 'https://api.github.com/pulls/1' }
  const repository = payload.repository as Record<string, unknown>
  Object.assign(repository, {
    name: seed.repo,
    full_name: `${seed.owner}/${seed.repo}`,
    // Issue types exist only for organizations; a seed with types is an organization's repository.
    owner: {
      ...(repository.owner as object),
      login: seed.owner,
      type: seed.issueTypes ? 'Organization' : 'User'
    }
  })
  return payload
}

/** The real `issue_comment.created` example: `login` comments `body` on a seeded issue. */
export function commentPayload(
  seed: RepoSeed,
  number: number,
  body: string,
  login: string,
  userType: 'User' | 'Bot' = 'User'
): Record<string, unknown> {
  const payload = webhookExample('issue_comment', 'created')
  const opened = openedPayload(seed, number)
  payload.issue = opened.issue
  payload.repository = opened.repository
  const comment = payload.comment as Record<string, unknown>
  Object.assign(comment, { body, user: { ...(comment.user as object), login, type: userType } })
  return payload
}

export async function world(
  change: (seed: RepoSeed) => void = () => {},
  modelOptions: ModelEmulatorOptions = {},
  githubOptions: Parameters<typeof startGitHubEmulator>[1] = {}
): Promise<World> {
  const seed = sampleRepo()
  change(seed)
  const github = await startGitHubEmulator(seed, { checkResponses: true, ...githubOptions })
  const model = await startModelEmulator(modelOptions)
  return {
    github,
    model,
    seed,
    run: (opts = {}) => {
      const event = opts.event ?? 'issues'
      const payload =
        opts.payload ??
        (event === 'issues' ? openedPayload(seed, opts.issue ?? 1) : webhookExample(event, ''))
      return runAction({
        githubUrl: github.url,
        repository: `${seed.owner}/${seed.repo}`,
        eventName: event,
        payload,
        inputs: {
          provider: 'openai',
          endpoint: model.url,
          'api-key': 'sk-test-key-123456',
          model: 'test-model',
          ...opts.inputs
        },
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        ...(opts.env === undefined ? {} : { env: opts.env })
      })
    },
    close: async () => {
      await Promise.all([github.close(), model.close()])
    }
  }
}

/** The label names the model was allowed to choose from, read from the schema it was sent. */
export function schemaLabelEnum(body: unknown): string[] {
  const schema = (body as { response_format?: { json_schema?: { schema?: Record<string, unknown> } } })
    .response_format?.json_schema?.schema as {
    properties?: { labels?: { items?: { properties?: { name?: { enum?: string[] } } } } }
  }
  return schema?.properties?.labels?.items?.properties?.name?.enum ?? []
}

export const answer = (labels: { name: string; confidence?: number }[], type: string | null = null) =>
  JSON.stringify({
    labels: labels.map((l) => ({
      name: l.name,
      rationale: `mentions ${l.name}`,
      confidence: l.confidence ?? 0.9
    })),
    type: type ? { name: type, rationale: 'it is one', confidence: 0.9 } : null,
    summary: 'A summary.'
  })
