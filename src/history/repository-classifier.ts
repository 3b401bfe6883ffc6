/**
 * The repository's history classifier as a run uses it: restored from the store when one was trained
 * for this label set less than `history-max-age` days ago, otherwise trained on the issues people
 * labelled and stored for the next runs.
 */
import { createHash } from 'node:crypto'
import type { LabelledHistory } from '../gather/labelled-history.js'
import type { RepoRef } from '../gather/repository.js'
import { fromJSON, toJSON, train, type Model, type ModelJSON, type TrainOptions } from './classifier.js'
import type { ModelStore } from './store.js'

/** Bumped whenever the stored document or the features change: older entries are then never read. */
export const STORE_FORMAT = 1

/** How the classifier came to be, for the summary. */
export interface ClassifierOrigin {
  how: 'restored' | 'trained'
  /** Why it was trained: no stored classifier, a stale one, another label set, or an unreadable one. */
  why?: string
  key: string
  trainedAt: string
  /** Issues people labelled that it learned from, and how many were read to find them. */
  issues: number
  examined: number
  /** GitHub requests the training read took (0 when restored). */
  requests: number
  /** Seconds spent reading and training, or restoring. */
  seconds: number
  /** Why the freshly trained classifier could not be stored (it is retrained next run). */
  saveWarning?: string
  /** A stale classifier kept because training failed. */
  staleBecause?: string
}

/** The trained labels and types, with their origin. */
export interface HistoryClassifier {
  labels: Model
  /** Issue types learned from the history; undefined when the repository or its history has none. */
  types: Model | undefined
  origin: ClassifierOrigin
}

/** What is stored under a key. */
interface StoredDocument {
  format: number
  repo: string
  labelSet: string
  trainedAt: string
  issues: number
  examined: number
  labels: ModelJSON
  types: ModelJSON | null
}

/** What a label set is, as a short hash: another set means another classifier. */
export function labelSetHash(labels: string[], types: string[]): string {
  const names = [...labels].sort().join('\n') + '\n\n' + [...types].sort().join('\n')
  return createHash('sha256').update(names).digest('hex').slice(0, 12)
}

/** The store's key prefix for this repository (any label set), and for this label set. */
export function keyPrefixes(ref: RepoRef, labelSet: string): { repo: string; set: string } {
  const repo = `issue-triage-history-v${STORE_FORMAT}-${ref.owner}-${ref.repo}-`.toLowerCase()
  return { repo, set: `${repo}${labelSet}-` }
}

export interface LoadOptions {
  store: ModelStore
  ref: RepoRef
  /** The labels and types the action may choose from now. */
  labels: string[]
  types: string[]
  maxAgeDays: number
  /** Reads the issues people labelled (called only when training). */
  read: () => Promise<LabelledHistory>
  now?: Date
  train?: TrainOptions
  /** Train without the store, for this reason (a backtest holding its replayed issues out). */
  fresh?: string
}

/**
 * The classifier for this repository and label set: the stored one when fresh, else trained now and
 * stored. A failed store read or write never fails the run (the classifier is trained again); a failed
 * training read keeps a stale classifier when there is one, and throws otherwise.
 */
export async function loadClassifier(opts: LoadOptions): Promise<HistoryClassifier> {
  const started = Date.now()
  const now = opts.now ?? new Date()
  const labelSet = labelSetHash(opts.labels, opts.types)
  const prefixes = keyPrefixes(opts.ref, labelSet)
  const found = opts.fresh ? undefined : await opts.store.restore(prefixes.set, [prefixes.set, prefixes.repo])
  let stale: Restored | undefined
  let why = opts.fresh ?? 'no classifier was stored for this repository yet'
  const restored = (entry: Restored, staleBecause?: string): HistoryClassifier => ({
    labels: entry.labels,
    types: entry.types,
    origin: {
      how: 'restored',
      key: entry.key,
      trainedAt: entry.doc.trainedAt,
      issues: entry.doc.issues,
      examined: entry.doc.examined,
      requests: 0,
      seconds: (Date.now() - started) / 1000,
      ...(staleBecause ? { staleBecause } : {})
    }
  })
  if (found) {
    const entry = parseEntry(found.key, found.text)
    const ageDays = entry ? (now.getTime() - Date.parse(entry.doc.trainedAt)) / 86_400_000 : NaN
    if (!entry) why = `the stored classifier ${found.key} could not be read`
    else if (entry.doc.labelSet !== labelSet) why = 'the label set changed since it was trained'
    else if (!(ageDays <= opts.maxAgeDays)) {
      why = `the stored one is ${Math.floor(ageDays)} days old (history-max-age ${opts.maxAgeDays})`
      stale = entry
    } else return restored(entry)
  }

  let history: LabelledHistory
  try {
    history = await opts.read()
  } catch (error) {
    if (!stale) throw error
    return restored(stale, `retraining failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  const issues = history.issues.map((i) => ({ title: i.title, body: i.body, labels: i.labels }))
  const typed = history.issues.filter((i) => i.type !== null && opts.types.includes(i.type))
  const labels = train(issues, opts.train)
  const types =
    typed.length > 0
      ? train(
          typed.map((i) => ({ title: i.title, body: i.body, labels: [i.type as string] })),
          opts.train
        )
      : undefined
  const trainedAt = now.toISOString()
  const key = `${prefixes.set}${now.getTime()}`
  const doc: StoredDocument = {
    format: STORE_FORMAT,
    repo: `${opts.ref.owner}/${opts.ref.repo}`,
    labelSet,
    trainedAt,
    issues: history.issues.length,
    examined: history.examined,
    labels: toJSON(labels),
    types: types ? toJSON(types) : null
  }
  const saveWarning = opts.fresh ? undefined : await opts.store.save(key, JSON.stringify(doc))
  return {
    labels,
    types,
    origin: {
      how: 'trained',
      why,
      key,
      trainedAt,
      issues: history.issues.length,
      examined: history.examined,
      requests: history.requests,
      seconds: (Date.now() - started) / 1000,
      ...(saveWarning ? { saveWarning } : {})
    }
  }
}

/** A stored entry, its models read once. */
interface Restored {
  key: string
  doc: StoredDocument
  labels: Model
  types: Model | undefined
}

// A corrupt or older-format entry is undefined here, so it is retrained rather than failing every issue.
function parseEntry(key: string, text: string): Restored | undefined {
  try {
    const doc = JSON.parse(text) as StoredDocument
    if (doc?.format !== STORE_FORMAT || typeof doc.trainedAt !== 'string' || !doc.labels) return undefined
    return { key, doc, labels: fromJSON(doc.labels), types: doc.types ? fromJSON(doc.types) : undefined }
  } catch {
    return undefined
  }
}
