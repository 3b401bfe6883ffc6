import { isAscii } from 'node:buffer'
import { readFileSync } from 'node:fs'
import type { RepoRef } from '../gather/repository.js'
import { isBot, snapshotIssue, type IssueSnapshot } from '../gather/issue.js'
import { InputError } from '../errors.js'

/** Which issue a run is about: taken whole from the payload, or a number to fetch. */
export type Target =
  | { kind: 'payload'; issue: IssueSnapshot }
  | { kind: 'number'; number: number }
  | { kind: 'ignore'; reason: string }
  /** A `/not-duplicate` comment: an appeal against the duplicate verdict, no model call. */
  | { kind: 'appeal'; issue: IssueSnapshot; by: { login: string; isBot: boolean } }
  /** A scheduled run: 👎 appeals and, when enabled, closing unchallenged duplicates. */
  | { kind: 'sweep' }
  /** `issue-numbers` or `query` on workflow_dispatch or schedule: many issues, one after another. */
  | { kind: 'backlog' }

/** A run about one issue's triage. */
export type IssueTarget = Extract<Target, { kind: 'payload' | 'number' }>

/** The command that appeals a duplicate verdict, alone on the first line of a comment. */
export const APPEAL_COMMAND = /^\s*\/not-duplicate\b/i

export interface RunEvent {
  name: string
  action: string
  repo: RepoRef
  payload: Record<string, unknown>
}

const TRIAGE_ACTIONS = ['opened', 'reopened', 'edited']

// An event file is often ASCII (JSON escapes nothing, but most issues are plain English): then its bytes
// are its characters, which skips decoding a payload that can carry a megabyte of issue body.
function eventText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/** Reads the event the runner describes in its environment. */
export function readEvent(env: NodeJS.ProcessEnv): RunEvent {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    throw new InputError(
      'GITHUB_REPOSITORY is not set: run this inside GitHub Actions or set it to owner/name.'
    )
  let payload: Record<string, unknown> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(eventText(readFileSync(env.GITHUB_EVENT_PATH))) as Record<string, unknown>
    } catch (error) {
      throw new InputError(
        `Could not read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`
      )
    }
  }
  return {
    name: env.GITHUB_EVENT_NAME ?? '',
    action: typeof payload.action === 'string' ? payload.action : '',
    repo: { owner, repo },
    payload
  }
}

/**
 * Decides which issue to triage: the `issue-number` input wins; then, on workflow_dispatch and
 * schedule, a backlog when `issue-numbers` or `query` is set; then the dispatch form's field or an
 * issues event's own issue. Other events and actions are ignored, not failed.
 */
export function resolveTarget(event: RunEvent, issueNumber: number | undefined, backlog = false): Target {
  if (issueNumber !== undefined) return { kind: 'number', number: issueNumber }
  if (backlog && (event.name === 'workflow_dispatch' || event.name === 'schedule')) return { kind: 'backlog' }
  if (event.name === 'workflow_dispatch') {
    const inputs = (event.payload.inputs ?? {}) as Record<string, unknown>
    const raw = String(inputs['issue-number'] ?? inputs['issue_number'] ?? '')
      .trim()
      .replace(/^#/, '')
    if (/^\d+$/.test(raw) && Number(raw) > 0) return { kind: 'number', number: Number(raw) }
    throw new InputError(
      'workflow_dispatch runs need an issue: set the "issue-number" input (e.g. issue-number: ${{ inputs.issue-number }}), or "issue-numbers" / "query" for a backlog.'
    )
  }
  if (event.name === 'issues') {
    if (!TRIAGE_ACTIONS.includes(event.action)) {
      return {
        kind: 'ignore',
        reason: `issues.${event.action} events are not triaged (only ${TRIAGE_ACTIONS.join(', ')})`
      }
    }
    const issue = event.payload.issue
    if (!issue || typeof issue !== 'object') throw new InputError('The issues event payload has no issue.')
    return { kind: 'payload', issue: snapshotIssue(issue as Parameters<typeof snapshotIssue>[0]) }
  }
  if (event.name === 'issue_comment') {
    const comment = event.payload.comment as
      { body?: string; user?: { login?: string; type?: string } } | undefined
    const issue = event.payload.issue
    if (
      event.action !== 'created' ||
      !APPEAL_COMMAND.test(comment?.body ?? '') ||
      !issue ||
      typeof issue !== 'object'
    )
      return { kind: 'ignore', reason: 'only new comments starting with /not-duplicate are acted on' }
    const login = comment?.user?.login ?? 'ghost'
    return {
      kind: 'appeal',
      issue: snapshotIssue(issue as Parameters<typeof snapshotIssue>[0]),
      by: { login, isBot: isBot(comment?.user) }
    }
  }
  if (event.name === 'schedule') return { kind: 'sweep' }
  return {
    kind: 'ignore',
    reason: `the ${event.name || 'unknown'} event is not triaged: run on issues (opened, reopened, edited), issue_comment, schedule or workflow_dispatch with issue-number`
  }
}
