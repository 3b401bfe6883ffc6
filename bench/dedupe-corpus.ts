/**
 * The corpus bench:dedupe replays: rust-lang/rust's 2010–2016 issues, their labels and the known duplicate pairs
 * (/work/shared/data, or BENCH_DATA_DIR), turned into an emulator seed and `issues.opened` events, plus the BM25
 * reference ranking computed with the emulator's own index.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Bm25Index } from '../__tests__/emulators/github/bm25.js'
import { ISSUE_INDEX } from '../__tests__/emulators/github/search.js'
import type { RepoSeed, SeedIssue } from '../__tests__/emulators/github/state.js'

const DATA = process.env.BENCH_DATA_DIR ?? '/work/shared/data'
const FILES = {
  issues: 'rust-issues-2010-2016.jsonl.gz',
  labels: 'rust-labels.json',
  pairs: 'rust-duplicates-dev.jsonl'
}

/** An issue as the archive has it. */
export interface RawIssue {
  number: number
  title: string
  body: string | null
  labels: string[]
  state: 'open' | 'closed'
  state_reason: SeedIssue['state_reason']
  created_at: string
  closed_at: string | null
  user: string
  author_association: SeedIssue['author_association']
}

/** A duplicate and the older issue it was closed as a duplicate of. */
export interface Pair {
  duplicate: number
  original: number
}

/** What the bench replays. */
export interface Corpus {
  issues: RawIssue[]
  byNumber: Map<number, RawIssue>
  labels: RepoSeed['labels']
  pairs: Pair[]
  /** Records dropped because their number was already listed (the archive lists two numbers twice). */
  repeated: number
}

/** Reads the corpus and the first `limit` pairs, or exits with a clear message when the files are absent. */
export function loadCorpus(limit: number): Corpus {
  const missing = Object.values(FILES).filter((f) => !existsSync(join(DATA, f)))
  if (missing.length) {
    console.error(
      `bench:dedupe needs ${missing.join(', ')} in ${DATA} (set BENCH_DATA_DIR to where they are).`
    )
    process.exit(1)
  }
  const lines = (text: string) => text.split('\n').filter((l) => l.trim())
  const all = lines(gunzipSync(readFileSync(join(DATA, FILES.issues))).toString('utf8')).map(
    (l) => JSON.parse(l) as RawIssue
  )
  const byNumber = new Map<number, RawIssue>()
  for (const issue of all) if (!byNumber.has(issue.number)) byNumber.set(issue.number, issue)
  const labels = (JSON.parse(readFileSync(join(DATA, FILES.labels), 'utf8')) as RepoSeed['labels']).map(
    ({ name, description, color }) => ({ name, description, color })
  )
  const pairs = lines(readFileSync(join(DATA, FILES.pairs), 'utf8'))
    .map((l) => JSON.parse(l) as Pair)
    .filter((p) => byNumber.has(p.duplicate) && byNumber.has(p.original))
    .slice(0, limit)
  return { issues: [...byNumber.values()], byNumber, labels, pairs, repeated: all.length - byNumber.size }
}

/** The emulator seed: every issue with its final state; search shows each as of the duplicate's date. */
export function seedOf(corpus: Corpus): RepoSeed {
  return {
    owner: 'rust-lang',
    repo: 'rust',
    labels: corpus.labels,
    issues: corpus.issues.map((i) => ({
      number: i.number,
      title: i.title,
      body: i.body,
      labels: i.labels,
      state: i.state,
      state_reason: i.state_reason,
      user: { login: i.user, type: i.user.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: i.created_at,
      updated_at: i.closed_at ?? i.created_at,
      ...(i.closed_at ? { closed_at: i.closed_at } : {}),
      author_association: i.author_association
    }))
  }
}

/** The `issues.opened` event of `issue` as it was when opened (open, unlabelled), on a real payload `template`. */
export function openedEvent(template: Record<string, unknown>, issue: RawIssue): Record<string, unknown> {
  const payload = structuredClone(template)
  const json = payload.issue as Record<string, unknown>
  Object.assign(json, {
    number: issue.number,
    id: issue.number * 1000 + 7,
    title: issue.title,
    body: issue.body,
    labels: [],
    state: 'open',
    state_reason: null,
    created_at: issue.created_at,
    updated_at: issue.created_at,
    closed_at: null,
    user: { ...(json.user as object), login: issue.user, type: 'User' }
  })
  return payload
}

/**
 * The reference: for each pair, one BM25 query of the duplicate's whole title and body over every issue created
 * before it, open or closed, with the index the emulator searches with. Top 10 numbers, best first.
 */
export function referenceRankings(corpus: Corpus): number[][] {
  const index = new Bm25Index(ISSUE_INDEX)
  for (const i of corpus.issues) index.add(i.number, { title: i.title, body: i.body })
  return corpus.pairs.map((p) => {
    const dup = corpus.byNumber.get(p.duplicate)!
    const before = (n: number) => corpus.byNumber.get(n)!.created_at < dup.created_at
    return index.search(`${dup.title}\n${dup.body ?? ''}`, { filter: before, limit: 10 }).map((h) => h.id)
  })
}
