import type { Octokit } from '../github/octokit.js'
import { nameKey } from '../policy/labels.js'
import type { RepoRef } from './repository.js'

/** The parts of an issue triage reads. */
export interface IssueSnapshot {
  number: number
  id: number
  title: string
  body: string
  labels: string[]
  type: string | null
  state: string
  author: string
  authorIsBot: boolean
  isPullRequest: boolean
  createdAt: string
  /** When anything about the issue last changed (an edit, a comment, a label); '' when not known. */
  updatedAt: string
  /** How many comments the issue had when read (0 for a just-opened issue: nothing to read). */
  commentCount: number
  /** A locked conversation: GitHub refuses the workflow token's comments. */
  locked: boolean
}

/** Labels people decided about: never re-add what a person removed, never touch what a person added. */
export interface LabelHistory {
  removedByPeople: string[]
  addedByPeople: string[]
  /**
   * When each actor last added a label, by `loginKey`: how a backlog run knows its own work (with a
   * person's token, that person's labels count as the action's).
   */
  labeledAt?: Record<string, string>
}

export interface RawIssue {
  number: number
  id: number
  title?: string | null
  body?: string | null
  labels?: (string | { name?: string | null })[]
  type?: { name?: string | null } | null
  state?: string
  user?: { login?: string; type?: string } | null
  pull_request?: unknown
  created_at?: string
  updated_at?: string
  comments?: number
  locked?: boolean
}

/** Normalises an issue object from a webhook payload or the REST API. */
export function snapshotIssue(raw: RawIssue): IssueSnapshot {
  const login = raw.user?.login ?? 'ghost'
  return {
    number: raw.number,
    id: raw.id,
    title: raw.title ?? '',
    body: raw.body ?? '',
    labels: (raw.labels ?? [])
      .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
      .filter((n) => n.length > 0),
    type: raw.type?.name ?? null,
    state: raw.state ?? 'open',
    author: login,
    authorIsBot: raw.user?.type === 'Bot' || /\[bot\]$/.test(login),
    isPullRequest: raw.pull_request !== undefined && raw.pull_request !== null,
    createdAt: raw.created_at ?? '',
    updatedAt: raw.updated_at ?? '',
    commentCount: typeof raw.comments === 'number' ? raw.comments : 0,
    locked: raw.locked === true
  }
}

/** Fetches an issue by number (for workflow_dispatch and backlog runs). */
export async function fetchIssue(octokit: Octokit, ref: RepoRef, number: number): Promise<IssueSnapshot> {
  const res = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
    ...ref,
    issue_number: number
  })
  return snapshotIssue(res.data as RawIssue)
}

/** True for events or comments by a bot (or a deleted account): they are not a person's decision. */
export function isBot(actor: { login?: string; type?: string } | null | undefined): boolean {
  return !actor || actor.type === 'Bot' || /\[bot\]$/.test(actor.login ?? '')
}

/** An issue event as the REST API lists it, reduced to what triage reads. */
export interface IssueEvent {
  event?: string
  label?: { name?: string }
  actor?: { login?: string; type?: string } | null
  created_at?: string
}

/** A login as GraphQL and REST both name it: a bot's without its `[bot]` suffix, in lower case. */
export function loginKey(login: string): string {
  return login.replace(/\[bot\]$/i, '').toLowerCase()
}

/** Every event of an issue (all pages). */
export async function listIssueEvents(octokit: Octokit, ref: RepoRef, number: number): Promise<IssueEvent[]> {
  return (await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
    ...ref,
    issue_number: number,
    per_page: 100
  })) as IssueEvent[]
}

/**
 * The labels people decided about, from an issue's events. A label a person removed stays off
 * limits until a person adds it back (a bot re-adding it does not count); a label a person added
 * is theirs.
 */
export function historyOf(events: IssueEvent[]): LabelHistory {
  const removed = new Set<string>()
  const added = new Set<string>()
  const labeledAt: Record<string, string> = {}
  for (const e of events) {
    if (e.event === 'labeled' && e.actor?.login && e.created_at) {
      const key = loginKey(e.actor.login)
      if (!(labeledAt[key]! > e.created_at)) labeledAt[key] = e.created_at
    }
    if ((e.event !== 'labeled' && e.event !== 'unlabeled') || !e.label?.name || isBot(e.actor)) continue
    const name = nameKey(e.label.name)
    if (e.event === 'unlabeled') {
      removed.add(name)
      added.delete(name)
    } else {
      added.add(name)
      removed.delete(name)
    }
  }
  return { removedByPeople: [...removed], addedByPeople: [...added], labeledAt }
}

/** Reads the issue's label events into the labels people decided about (see historyOf). */
export async function labelHistory(octokit: Octokit, ref: RepoRef, number: number): Promise<LabelHistory> {
  return historyOf(await listIssueEvents(octokit, ref, number))
}
