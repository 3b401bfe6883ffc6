/**
 * GitHub's JSON for the emulator's records, shaped after the description's response schemas (the emulator's
 * tests validate them). `base` is the emulator's own URL, which stands where `https://api.github.com` would.
 */
import type {
  Actor,
  CommentRecord,
  EmulatorState,
  EventRecord,
  IssueRecord,
  LabelRecord,
  ReactionRecord,
  SuggestionRecord
} from './state.js'

type Json = Record<string, unknown>

const WEB = 'https://github.com'
const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'eyes', 'rocket'] as const

/** A stable positive id for a name, so the same login always gets the same user id. */
export function stableId(text: string): number {
  let hash = 7
  for (const ch of text) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 2_000_000_000
  return hash + 1
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`
}

/** A simple-user object; github-actions[bot] keeps its real id. */
export function userJson(base: string, actor: Actor): Json {
  const id = actor.login === 'github-actions[bot]' ? 41898282 : stableId(actor.login)
  const url = `${base}/users/${encodeURIComponent(actor.login)}`
  return {
    login: actor.login,
    id,
    node_id: nodeId(actor.type === 'Bot' ? 'BOT' : 'U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${actor.type === 'Bot' ? 'apps/' + actor.login.replace(/\[bot\]$/, '') : actor.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: actor.type,
    user_view_type: 'public',
    site_admin: false
  }
}

function repoUrl(base: string, state: EmulatorState): string {
  return `${base}/repos/${state.owner}/${state.repo}`
}

/** A label object; the URL carries the name percent-encoded, as GitHub's does. */
export function labelJson(base: string, state: EmulatorState, label: LabelRecord): Json {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${repoUrl(base, state)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.default
  }
}

/** The labels named on an issue, as label objects (a name that vanished from the repo keeps a bare shape). */
export function issueLabelsJson(base: string, state: EmulatorState, names: string[]): Json[] {
  return names.map((name) => {
    const label = state.labels.get(name.toLowerCase())
    return labelJson(
      base,
      state,
      label ?? { id: stableId(name), name, description: null, color: 'ededed', default: false }
    )
  })
}

function reactionRollup(url: string, state: EmulatorState, matches: (r: ReactionRecord) => boolean): Json {
  const mine = state.reactions.filter(matches)
  const counts = Object.fromEntries(REACTIONS.map((c) => [c, mine.filter((r) => r.content === c).length]))
  return { url, total_count: mine.length, ...counts }
}

/** The issue type object embedded in issues and listed by `GET .../issue-types`. */
export function issueTypeJson(type: { id: number; name: string; description: string | null }): Json {
  return {
    id: type.id,
    node_id: nodeId('IT', type.id),
    name: type.name,
    description: type.description,
    color: null,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    is_enabled: true
  }
}

/** An issue (or pull request, which GitHub's issue endpoints also return) object. */
export function issueJson(base: string, state: EmulatorState, issue: IssueRecord): Json {
  const url = `${repoUrl(base, state)}/issues/${issue.number}`
  const web = `${WEB}/${state.owner}/${state.repo}`
  const type = issue.type ? state.issueTypes?.find((t) => t.name === issue.type) : undefined
  const assignees = issue.assignees.map((login) => userJson(base, { login, type: 'User' }))
  const json: Json = {
    id: issue.id,
    node_id: nodeId('I', issue.id),
    url,
    repository_url: repoUrl(base, state),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${web}/${issue.pull_request ? 'pull' : 'issues'}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: userJson(base, issue.user),
    labels: issueLabelsJson(base, state, issue.labels),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: issue.locked,
    active_lock_reason: issue.lock_reason,
    comments: state.comments.filter((c) => c.issue === issue.number).length,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_by: null,
    author_association: issue.author_association,
    type: type ? issueTypeJson(type) : null,
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    reactions: reactionRollup(
      `${url}/reactions`,
      state,
      (r) => 'issue' in r.subject && r.subject.issue === issue.number
    )
  }
  if (issue.pull_request) {
    json.draft = false
    json.pull_request = {
      url: `${repoUrl(base, state)}/pulls/${issue.number}`,
      html_url: `${web}/pull/${issue.number}`,
      diff_url: `${web}/pull/${issue.number}.diff`,
      patch_url: `${web}/pull/${issue.number}.patch`,
      merged_at: null
    }
  }
  return json
}

/** An issue comment object. */
export function commentJson(base: string, state: EmulatorState, comment: CommentRecord): Json {
  const url = `${repoUrl(base, state)}/issues/comments/${comment.id}`
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url,
    html_url: `${WEB}/${state.owner}/${state.repo}/issues/${comment.issue}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(base, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${repoUrl(base, state)}/issues/${comment.issue}`,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    performed_via_github_app: null,
    reactions: reactionRollup(
      `${url}/reactions`,
      state,
      (r) => 'comment' in r.subject && r.subject.comment === comment.id
    )
  }
}

/** An issue event (labeled, unlabeled, closed, reopened…). */
export function eventJson(base: string, state: EmulatorState, event: EventRecord): Json {
  const json: Json = {
    id: event.id,
    node_id: nodeId('LE', event.id),
    url: `${repoUrl(base, state)}/issues/events/${event.id}`,
    actor: userJson(base, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.created_at,
    performed_via_github_app: null
  }
  if (event.label !== undefined) {
    json.label = { name: event.label, color: state.labels.get(event.label.toLowerCase())?.color ?? 'ededed' }
  }
  if (event.state_reason !== undefined) json.state_reason = event.state_reason
  if (event.intent) json.intent = event.intent
  return json
}

/** A comment as the timeline shows it (`event: "commented"`). */
export function timelineCommentJson(base: string, state: EmulatorState, comment: CommentRecord): Json {
  return { event: 'commented', actor: userJson(base, comment.user), ...commentJson(base, state, comment) }
}

/** A reaction object. */
export function reactionJson(base: string, reaction: ReactionRecord): Json {
  return {
    id: reaction.id,
    node_id: nodeId('REA', reaction.id),
    user: userJson(base, reaction.user),
    content: reaction.content,
    created_at: reaction.created_at
  }
}

/** A suggestion object; note the answer spells confidence in capitals where the request used lower case. */
export function suggestionJson(state: EmulatorState, s: SuggestionRecord): Json {
  const issue = state.issues.get(s.issue)
  return {
    id: s.id,
    issue_id: issue?.id ?? 0,
    action: s.kind === 'label' ? 'add_label' : 'set_type',
    state: s.state,
    target_id: s.target_id,
    // As in GitHub's example: a label suggestion names the label by id only.
    target_value: s.kind === 'label' ? null : s.value,
    rationale: s.rationale ?? null,
    confidence: s.confidence ? s.confidence.toUpperCase() : null,
    actor_id: s.actor.login === 'github-actions[bot]' ? 41898282 : stableId(s.actor.login),
    issue_event_id: null,
    resolved_by: s.resolved_by,
    created_at: s.created_at,
    updated_at: s.updated_at
  }
}
