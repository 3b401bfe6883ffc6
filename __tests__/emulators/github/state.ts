/**
 * What the emulated repository holds: the seed a test writes, and the mutable records the handlers change.
 * Records keep only facts; shapes.ts turns them into GitHub's JSON.
 */

/** Who did something: a login and whether GitHub shows it as a user or a bot. */
export interface Actor {
  login: string
  type: 'User' | 'Bot'
}

/** An issue or pull request as a test seeds it. */
export interface SeedIssue {
  number: number
  title: string
  body: string | null
  labels: string[]
  state: 'open' | 'closed'
  state_reason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  user: Actor
  created_at: string
  updated_at?: string
  /** When a closed issue was closed; defaults to `updated_at`, else `created_at`. */
  closed_at?: string
  /** Present (true) when the number belongs to a pull request: GitHub lists those with issues. */
  pull_request?: true
  /** Name of the issue type, which must be one of `RepoSeed.issueTypes`. */
  type?: string | null
  /** Database id, distinct from the number (duplicate_issue_id takes this); defaults to number * 1000 + 7. */
  id?: number
  author_association?:
    'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'FIRST_TIMER' | 'NONE'
  comments?: { body: string; user: string; userType?: 'User' | 'Bot'; created_at?: string }[]
  assignees?: string[]
  /** A locked conversation: GitHub refuses new comments from the workflow token. */
  locked?: boolean
}

/**
 * A seeded event: `labeled` / `unlabeled`, e.g. to show a maintainer already triaged the issue, or
 * `marked_as_duplicate` / `unmarked_as_duplicate` with the original (`canonical`), as GitHub's "Close as
 * duplicate" records it.
 */
export type SeedEvent = {
  actor: string
  actorType?: 'User' | 'Bot'
  created_at?: string
} & (
  | { event: 'labeled' | 'unlabeled'; label: string }
  | { event: 'marked_as_duplicate' | 'unmarked_as_duplicate'; canonical: number }
)

/** The repository a test starts from. */
export interface RepoSeed {
  owner: string
  repo: string
  labels: { name: string; description?: string | null; color?: string }[]
  issues: SeedIssue[]
  events?: Record<number, SeedEvent[]>
  /** null or absent: the repository has no issue types, and `GET .../issue-types` answers 404. */
  issueTypes?: { id: number; name: string; description?: string | null }[] | null
  /** Default true. When false, label and type items with `suggest: true` are dropped, as GitHub does. */
  suggestionsEnabled?: boolean
  /** path → text, served base64-encoded by `GET .../contents/{path}`. */
  files?: Record<string, string>
  defaultBranch?: string
  /** login → role (admin, maintain, write, triage, read, none); anyone else is `read`. */
  permissions?: Record<string, string>
}

export interface LabelRecord {
  id: number
  name: string
  description: string | null
  color: string
  default: boolean
}

export interface IssueRecord {
  id: number
  number: number
  title: string
  body: string | null
  /** Label names in the order they were applied. */
  labels: string[]
  state: 'open' | 'closed'
  state_reason: string | null
  user: Actor
  created_at: string
  updated_at: string
  closed_at: string | null
  pull_request: boolean
  type: string | null
  locked: boolean
  lock_reason: string | null
  assignees: string[]
  author_association: string
  duplicate_of: number | null
}

export interface CommentRecord {
  id: number
  issue: number
  body: string
  user: Actor
  created_at: string
  updated_at: string
}

export interface EventRecord {
  id: number
  issue: number
  event: string
  actor: Actor
  label?: string
  /** The original of a `marked_as_duplicate` / `unmarked_as_duplicate` event (an issue of this repository). */
  canonical?: number
  state_reason?: string | null
  intent?: { rationale: string | null; confidence: string | null }
  created_at: string
}

export interface SuggestionRecord {
  id: number
  issue: number
  kind: 'label' | 'type'
  value: string
  target_id: number | null
  rationale?: string
  confidence?: string
  state: 'pending' | 'approved' | 'dismissed'
  actor: Actor
  created_at: string
  updated_at: string
  resolved_by: number | null
}

export interface ReactionRecord {
  id: number
  subject: { issue: number } | { comment: number }
  content: string
  user: Actor
  created_at: string
}

/** Everything the emulator holds; tests may read it directly. */
export interface EmulatorState {
  owner: string
  repo: string
  defaultBranch: string
  /** Keyed by lower-cased name: GitHub matches label names without regard to case. */
  labels: Map<string, LabelRecord>
  issues: Map<number, IssueRecord>
  comments: CommentRecord[]
  events: EventRecord[]
  suggestions: SuggestionRecord[]
  reactions: ReactionRecord[]
  /** Labels that `POST .../labels` or a label update created because the name was unknown. */
  createdLabels: string[]
  issueTypes: { id: number; name: string; description: string | null }[] | null
  suggestionsEnabled: boolean
  files: Record<string, string>
  permissions: Record<string, string>
  /** Requests counted against GitHub's limits (GITHUB_TOKEN: 1,000 an hour per repository; search 30 a minute). */
  rate: { core: { limit: number; used: number }; search: { limit: number; used: number }; reset: number }
  search: SearchSettings
  /**
   * Milliseconds since the epoch: when a request was received (`RecordedRequest.at`) and the write-limit windows.
   * Tests replace it to move time on; search follows it unless `search.clock` is replaced on its own.
   */
  clock: () => number
  nextId: () => number
}

/** How `GET /search/issues` behaves (search.ts); tests and benchmarks may change these while it runs. */
export interface SearchSettings {
  /** `forbidden` (403) or `unprocessable` (422) refuse any `search_type`, as GitHub Enterprise Server does. */
  semantic: 'available' | 'forbidden' | 'unprocessable'
  /** GitHub's search limits (30 a minute, semantic and hybrid 10 a minute); off for benchmarks. */
  limits: boolean
  /**
   * Search sees the repository as it stood at this instant: issues created later are hidden, issues closed later
   * show as open. A function picks the instant per request (e.g. by token), so concurrent clients each get theirs.
   */
  cutoff?: string | ((headers: Record<string, string>) => string | undefined)
  /** Milliseconds since the epoch for the rate windows; tests replace it to move time on. */
  clock: () => number
}

/** The token's identity: what GitHub records as the actor of writes made with `GITHUB_TOKEN`. */
export const TOKEN_ACTOR: Actor = { login: 'github-actions[bot]', type: 'Bot' }

/** Builds the mutable state for `seed`, refusing seeds GitHub could never hold (so test mistakes show early). */
export function createState(seed: RepoSeed): EmulatorState {
  let counter = 9_000_000
  const nextId = (): number => ++counter
  const labels = new Map<string, LabelRecord>()
  seed.labels.forEach((l, i) => {
    if (labels.has(l.name.toLowerCase())) throw new Error(`seed: label "${l.name}" is listed twice`)
    labels.set(l.name.toLowerCase(), {
      id: 1_000_000 + i,
      name: l.name,
      description: l.description ?? null,
      color: l.color ?? 'ededed',
      default: [
        'bug',
        'documentation',
        'duplicate',
        'enhancement',
        'good first issue',
        'help wanted',
        'invalid',
        'question',
        'wontfix'
      ].includes(l.name)
    })
  })
  const typeNames = new Set((seed.issueTypes ?? []).map((t) => t.name))
  const state: EmulatorState = {
    owner: seed.owner,
    repo: seed.repo,
    defaultBranch: seed.defaultBranch ?? 'main',
    labels,
    issues: new Map(),
    comments: [],
    events: [],
    suggestions: [],
    reactions: [],
    createdLabels: [],
    issueTypes: seed.issueTypes
      ? seed.issueTypes.map((t) => ({ ...t, description: t.description ?? null }))
      : null,
    suggestionsEnabled: seed.suggestionsEnabled ?? true,
    files: { ...seed.files },
    permissions: { ...seed.permissions },
    rate: {
      core: { limit: 1000, used: 0 },
      search: { limit: 30, used: 0 },
      reset: Math.floor(Date.now() / 1000) + 3600
    },
    search: { semantic: 'available', limits: true, clock: () => state.clock() },
    clock: () => Date.now(),
    nextId
  }
  for (const s of seed.issues) {
    if (state.issues.has(s.number)) throw new Error(`seed: issue #${s.number} is listed twice`)
    const names = s.labels.map((name) => {
      const label = labels.get(name.toLowerCase())
      if (!label) throw new Error(`seed: issue #${s.number} has label "${name}", which the repository lacks`)
      return label.name
    })
    if (s.type && !typeNames.has(s.type))
      throw new Error(`seed: issue #${s.number} has unknown type "${s.type}"`)
    state.issues.set(s.number, {
      id: s.id ?? s.number * 1000 + 7,
      number: s.number,
      title: s.title,
      body: s.body,
      labels: names,
      state: s.state,
      state_reason: s.state_reason ?? (s.state === 'closed' ? 'completed' : null),
      user: s.user,
      created_at: s.created_at,
      updated_at: s.updated_at ?? s.created_at,
      closed_at: s.state === 'closed' ? (s.closed_at ?? s.updated_at ?? s.created_at) : null,
      pull_request: s.pull_request === true,
      type: s.type ?? null,
      locked: s.locked === true,
      lock_reason: s.locked === true ? 'resolved' : null,
      assignees: s.assignees ?? [],
      author_association: s.author_association ?? 'NONE',
      duplicate_of: null
    })
    for (const c of s.comments ?? []) {
      const at = c.created_at ?? s.created_at
      state.comments.push({
        id: nextId(),
        issue: s.number,
        body: c.body,
        user: { login: c.user, type: c.userType ?? 'User' },
        created_at: at,
        updated_at: at
      })
    }
  }
  for (const [number, events] of Object.entries(seed.events ?? {})) {
    const issue = state.issues.get(Number(number))
    if (!issue) throw new Error(`seed: events for issue #${number}, which is not seeded`)
    for (const e of events) {
      if ('canonical' in e && !state.issues.has(e.canonical))
        throw new Error(
          `seed: issue #${number} is marked a duplicate of #${e.canonical}, which is not seeded`
        )
      state.events.push({
        id: nextId(),
        issue: issue.number,
        event: e.event,
        actor: { login: e.actor, type: e.actorType ?? 'User' },
        ...('label' in e ? { label: e.label } : { canonical: e.canonical }),
        created_at: e.created_at ?? issue.created_at
      })
    }
  }
  return state
}

/** The repository label called `name` (any case), or undefined. */
export function findLabel(state: EmulatorState, name: string): LabelRecord | undefined {
  return state.labels.get(name.toLowerCase())
}

/**
 * The label called `name`, created the way GitHub does when an issue is given a name the repository lacks
 * (colour ededed, no description), and remembered in `createdLabels` so tests can catch it.
 */
export function labelOrCreate(state: EmulatorState, name: string): LabelRecord {
  const found = findLabel(state, name)
  if (found) return found
  const label: LabelRecord = { id: state.nextId(), name, description: null, color: 'ededed', default: false }
  state.labels.set(name.toLowerCase(), label)
  state.createdLabels.push(name)
  return label
}
