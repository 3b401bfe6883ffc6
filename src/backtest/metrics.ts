import { nameKey } from '../policy/labels.js'
import { summariseCost, type CostSummary } from './cost.js'
import { worstMistakes, type Mistake } from './mistakes.js'

/** A label the model proposed, with the confidence (0–1) it gave. */
export interface ScoredLabel {
  name: string
  confidence: number
}

/** One already-triaged issue replayed through the decide stage. */
export interface BacktestCase {
  issue: number | string
  /** The labels maintainers gave the issue: the ground truth. */
  expected: string[]
  /** The labels the decision kept after policy: what the action would have written. */
  predicted: ScoredLabel[]
  /**
   * Labels the model proposed that policy refused only for falling below min-confidence. The headline
   * metrics ignore them; the threshold sweep lets them back in at thresholds they clear. Labels refused
   * for any other reason (unknown, excluded, already on the issue, removed by a person) do not belong here.
   */
  belowThreshold?: ScoredLabel[]
  expectedType?: string | null
  predictedType?: string | null
  /** The model's reason for each label it proposed, by label name. */
  rationale?: Record<string, string>
  tokens?: { prompt: number; completion: number }
  credits?: number
}

/** Counts and scores for one label. A score is null when its denominator is zero. */
export interface LabelStats {
  label: string
  /** Cases whose truth has the label. */
  support: number
  /** Cases the label was predicted for. */
  predicted: number
  tp: number
  fp: number
  fn: number
  /** tp / predicted; null when the label was never predicted. */
  precision: number | null
  /** tp / support; null when no case's truth has the label. */
  recall: number | null
  /** 2tp / (2tp + fp + fn); null only when the label was neither predicted nor expected anywhere. */
  f1: number | null
}

export interface Averages {
  precision: number | null
  recall: number | null
  f1: number | null
}

/** Precision and recall when only proposals at or above `minConfidence` are kept. */
export interface ThresholdRow {
  minConfidence: number
  micro: Averages & { predicted: number }
  labels: Record<string, { precision: number | null; recall: number | null; predicted: number }>
}

export interface TypeAccuracy {
  /** Cases whose truth has a type. */
  cases: number
  correct: number
  /** correct / cases; null when no case's truth has a type. */
  accuracy: number | null
  /** Cases given a type although their truth has none (not counted in the accuracy). */
  typedWithoutTruth: number
}

export interface BacktestReport {
  cases: number
  minConfidence: number
  labels: LabelStats[]
  /** Pooled counts over every label of the universe. */
  micro: Averages
  /** Mean of per-label scores over the whole universe, a null score counted as 0 (scikit-learn's zero_division=0). */
  macro: Averages
  /** The same mean over labels with support > 0 only, so labels the sample never exercises do not drag it down. */
  macroSupported: Averages
  /** Truth labels outside the universe, with the number of cases carrying each: no metric counts them. */
  unscoredTruth: Record<string, number>
  type: TypeAccuracy
  thresholds: ThresholdRow[]
  /** Per label, the lowest threshold of the sweep at which its precision reaches `targetPrecision`; null if none. */
  preciseFrom: Record<string, number | null>
  targetPrecision: number
  mistakes: Mistake[]
  cost: CostSummary
}

export interface BacktestOptions {
  /** The labels the action may apply: the universe of the per-label metrics. */
  labels: string[]
  /** The min-confidence the run used, echoed in the report. */
  minConfidence: number
  /** Incoming issues a month, for the cost estimate (see issuesPerMonth in cost.ts). */
  issuesPerMonth?: number | null
  /** Precision a label must reach for preciseFrom; 0.9 unless given. */
  targetPrecision?: number
}

/** 0.50, 0.55, …, 0.95, built from integers so each equals its decimal literal (0.7, not 0.7000000000000001). */
export const SWEEP = Array.from({ length: 10 }, (_, i) => (50 + 5 * i) / 100)

interface Counts {
  tp: number
  fp: number
  fn: number
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den)
const f1Of = (c: Counts) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)

/** The universe in the caller's spelling, keyed by nameKey, each label once. */
function universeOf(labels: string[]): Map<string, string> {
  const universe = new Map<string, string>()
  for (const label of labels) if (!universe.has(nameKey(label))) universe.set(nameKey(label), label)
  return universe
}

/**
 * Per-label tp/fp/fn of one set of predictions. Names are compared as GitHub does (nameKey); names
 * outside the universe are ignored on both sides: the action could never write them.
 */
function countLabels(
  cases: BacktestCase[],
  universe: Map<string, string>,
  predictionsOf: (c: BacktestCase) => ScoredLabel[]
): Map<string, Counts> {
  const counts = new Map<string, Counts>([...universe.keys()].map((k) => [k, { tp: 0, fp: 0, fn: 0 }]))
  for (const c of cases) {
    const truth = new Set(c.expected.map(nameKey))
    const guess = new Set(predictionsOf(c).map((p) => nameKey(p.name)))
    for (const [key, count] of counts) {
      if (truth.has(key) && guess.has(key)) count.tp++
      else if (guess.has(key)) count.fp++
      else if (truth.has(key)) count.fn++
    }
  }
  return counts
}

function statsOf(label: string, c: Counts): LabelStats {
  const support = c.tp + c.fn
  const predicted = c.tp + c.fp
  return {
    label,
    support,
    predicted,
    ...c,
    precision: ratio(c.tp, predicted),
    recall: ratio(c.tp, support),
    f1: f1Of(c)
  }
}

function micro(counts: Iterable<Counts>): Averages {
  const sum = { tp: 0, fp: 0, fn: 0 }
  for (const c of counts) {
    sum.tp += c.tp
    sum.fp += c.fp
    sum.fn += c.fn
  }
  return { precision: ratio(sum.tp, sum.tp + sum.fp), recall: ratio(sum.tp, sum.tp + sum.fn), f1: f1Of(sum) }
}

// zero_division=0: an undefined score counts as 0, so a label never predicted costs the macro precision
// as it costs the macro recall, and no mean rises by leaving a label out. F1 is the mean of per-label F1s.
function macro(stats: LabelStats[]): Averages {
  const mean = (pick: (s: LabelStats) => number | null) =>
    stats.length === 0 ? null : stats.reduce((sum, s) => sum + (pick(s) ?? 0), 0) / stats.length
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) }
}

function unscoredTruth(cases: BacktestCase[], universe: Map<string, string>): Record<string, number> {
  // A Map, not an object literal: a label may be named `__proto__`.
  const counts = new Map<string, number>()
  for (const c of cases)
    for (const name of new Set(c.expected))
      if (!universe.has(nameKey(name))) counts.set(name, (counts.get(name) ?? 0) + 1)
  return Object.fromEntries(counts)
}

function typeAccuracy(cases: BacktestCase[]): TypeAccuracy {
  const typed = cases.filter((c) => c.expectedType)
  const correct = typed.filter(
    (c) => c.predictedType && nameKey(c.predictedType) === nameKey(c.expectedType as string)
  ).length
  return {
    cases: typed.length,
    correct,
    accuracy: ratio(correct, typed.length),
    typedWithoutTruth: cases.filter((c) => !c.expectedType && c.predictedType).length
  }
}

/** Every label the model proposed, kept or refused for low confidence; the sweep's raw material. */
export function proposals(c: BacktestCase): ScoredLabel[] {
  return [...c.predicted, ...(c.belowThreshold ?? [])]
}

/**
 * Re-scores the cases as if min-confidence were each value of SWEEP: a proposal (kept or below the
 * run's threshold) counts as predicted when its confidence reaches the threshold. Max-labels and
 * exclusive groups are not re-applied, so rows below the run's threshold are an upper bound on what
 * would be written.
 */
export function sweepThresholds(cases: BacktestCase[], labels: string[]): ThresholdRow[] {
  const universe = universeOf(labels)
  return SWEEP.map((threshold) => {
    const counts = countLabels(cases, universe, (c) => proposals(c).filter((p) => p.confidence >= threshold))
    const stats = [...counts].map(([key, c]) => statsOf(universe.get(key) as string, c))
    return {
      minConfidence: threshold,
      micro: { ...micro(counts.values()), predicted: stats.reduce((n, s) => n + s.predicted, 0) },
      labels: Object.fromEntries(
        stats.map((s) => [s.label, { precision: s.precision, recall: s.recall, predicted: s.predicted }])
      )
    }
  })
}

/**
 * Per label, the lowest swept threshold whose precision reaches `target`. Precision need not rise with
 * the threshold, so a higher one can fall below again; the rows show that.
 */
export function preciseFrom(
  rows: ThresholdRow[],
  labels: string[],
  target = 0.9
): Record<string, number | null> {
  return Object.fromEntries(
    [...universeOf(labels).values()].map((label) => {
      const row = rows.find((r) => (r.labels[label]?.precision ?? -1) >= target)
      return [label, row ? row.minConfidence : null]
    })
  )
}

/**
 * Scores a backtest: how well the decisions, after policy, match the labels and types maintainers
 * gave, what other thresholds would have done, the worst mistakes and what it cost. Pure: the caller
 * gathers the cases.
 */
export function scoreBacktest(cases: BacktestCase[], options: BacktestOptions): BacktestReport {
  const universe = universeOf(options.labels)
  const counts = countLabels(cases, universe, (c) => c.predicted)
  const labels = [...counts].map(([key, c]) => statsOf(universe.get(key) as string, c))
  const thresholds = sweepThresholds(cases, options.labels)
  const targetPrecision = options.targetPrecision ?? 0.9
  return {
    cases: cases.length,
    minConfidence: options.minConfidence,
    labels,
    micro: micro(counts.values()),
    macro: macro(labels),
    macroSupported: macro(labels.filter((s) => s.support > 0)),
    unscoredTruth: unscoredTruth(cases, universe),
    type: typeAccuracy(cases),
    thresholds,
    preciseFrom: preciseFrom(thresholds, options.labels, targetPrecision),
    targetPrecision,
    mistakes: worstMistakes(cases, options.labels),
    cost: summariseCost(cases, options.issuesPerMonth ?? null)
  }
}
