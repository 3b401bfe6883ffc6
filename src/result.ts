import type { ActResult } from './act/act.js'
import type { DedupeActResult } from './act/duplicates.js'
import type { Usage } from './decide/decide.js'
import type { Decision } from './decide/validate.js'
import type { Candidate, SearchRecord } from './gather/candidates.js'
import type { Mode } from './inputs/choices.js'

/** Everything one issue's triage produced; the `result` output is this, as JSON. */
export interface TriageResult {
  issue: number
  title: string
  mode: Mode
  status: 'triaged' | 'skipped' | 'failed'
  reason?: string
  /** Skipped because this action already triaged the issue and nothing relevant changed since. */
  alreadyDone?: boolean
  error?: { kind: string; message: string }
  decision?: Decision
  acted?: ActResult
  usage?: Usage
  /** `history` when the history classifier decided (provider history, or the fallback). */
  decidedBy?: 'history'
  /** The chosen provider's failure, when fallback-provider decided instead. */
  fellBack?: string
  /** Duplicate detection: what was searched, shown to the model, found and written. */
  dedupe?: DedupeReport
}

/** The dedupe part of the result output (the benchmark reads `candidates`, `searchCalls`, `candidateTokens`). */
export interface DedupeReport {
  candidates: Pick<Candidate, 'number' | 'title' | 'state' | 'score' | 'via'>[]
  searchCalls: number
  searches: SearchRecord[]
  candidateTokens: number
  duplicates: number[]
  /** No judge: the history classifier lists the likeliest candidates and writes nothing about them. */
  unjudged?: boolean
  acted?: DedupeActResult
  notes: string[]
}
