import type { Octokit } from '../github/octokit.js'
import type { RepoRef } from './repository.js'

/**
 * The state duplicate detection keeps on an issue, hidden at the start of its one comment: no
 * database, and a maintainer can read it in the comment's source.
 */
export interface DuplicateMarker {
  v: 1
  /** Hash of title, body and settings when the verdict was last made. */
  hash: string
  /** The likely originals, best first; empty when the verdict was withdrawn. */
  verdict: number[]
  /** Numbers rejected on appeal: never suggested for this issue again. */
  rejected: number[]
  status: 'found' | 'cleared' | 'appealed' | 'closed'
  /** When the current verdict was first posted (closing counts days from here). */
  since: string
}

const PREFIX = '<!-- issue-triage:duplicates '
const SUFFIX = ' -->'
const STATUSES: readonly string[] = ['found', 'cleared', 'appealed', 'closed']
const numbers = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length <= 50 && value.every((n) => Number.isSafeInteger(n) && n > 0)

// Checked by hand: the marker is tiny, and zod stays off the start path.
function markerOf(value: unknown): DuplicateMarker | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const m = value as Record<string, unknown>
  const ok =
    m.v === 1 &&
    typeof m.hash === 'string' &&
    /^[0-9a-f]{8,64}$/.test(m.hash) &&
    numbers(m.verdict) &&
    numbers(m.rejected) &&
    typeof m.status === 'string' &&
    STATUSES.includes(m.status) &&
    typeof m.since === 'string' &&
    m.since.length <= 40
  if (!ok) return undefined
  const { v, hash, verdict, rejected, status, since } = m as unknown as DuplicateMarker
  return { v, hash, verdict, rejected, status, since }
}

/** A comment as the REST API returns it, reduced to what the marker logic reads. */
export interface RawComment {
  id: number
  body?: string | null
  user?: { login?: string; type?: string } | null
  author_association?: string
  created_at: string
  updated_at?: string
}

// Only our own comment may steer the action: written by a bot (the workflow token's identity) or by
// someone with write access (a token of theirs). Anyone else can paste a marker into a comment.
function trusted(comment: RawComment): boolean {
  return (
    comment.user?.type === 'Bot' ||
    ['OWNER', 'MEMBER', 'COLLABORATOR'].includes(comment.author_association ?? '')
  )
}

/** The marker of a comment the action wrote, or undefined. */
export function readMarker(comment: RawComment): DuplicateMarker | undefined {
  const body = comment.body ?? ''
  if (!body.startsWith(PREFIX) || !trusted(comment)) return undefined
  const end = body.indexOf(SUFFIX, PREFIX.length)
  if (end < 0) return undefined
  try {
    return markerOf(JSON.parse(body.slice(PREFIX.length, end)))
  } catch {
    return undefined
  }
}

/** The marker line that starts the comment. Holds only numbers, a hex hash and fixed words. */
export function writeMarker(marker: DuplicateMarker): string {
  const checked = markerOf(marker)
  if (!checked) throw new Error('writeMarker: not a valid marker')
  return `${PREFIX}${JSON.stringify(checked)}${SUFFIX}`
}

/** The action's comment on an issue, with its marker. */
export interface BotComment {
  id: number
  createdAt: string
  marker: DuplicateMarker
  /** Older comments of the same bot with a marker, which overlapping runs left: deleted by the next write. */
  extras: number[]
}

/**
 * The other comments by the same bot as `kept` that carry a marker: what overlapping runs left. Only a
 * bot's are counted, so a person's comment is never taken for one.
 */
export function extraComments(comments: RawComment[], kept: RawComment): RawComment[] {
  if (kept.user?.type !== 'Bot') return []
  return comments.filter(
    (c) => c.id !== kept.id && c.user?.type === 'Bot' && c.user.login === kept.user?.login && readMarker(c)
  )
}

/** The issue's comments and the action's own among them (the last one, if several). */
export async function readComments(
  octokit: Octokit,
  ref: RepoRef,
  number: number
): Promise<{ comments: RawComment[]; bot: BotComment | undefined }> {
  const comments = (await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...ref,
    issue_number: number,
    per_page: 100
  })) as RawComment[]
  let last: { comment: RawComment; marker: DuplicateMarker } | undefined
  for (const c of comments) {
    const marker = readMarker(c)
    if (marker) last = { comment: c, marker }
  }
  const bot = last && {
    id: last.comment.id,
    createdAt: last.comment.created_at,
    marker: last.marker,
    extras: extraComments(comments, last.comment).map((c) => c.id)
  }
  return { comments, bot }
}
