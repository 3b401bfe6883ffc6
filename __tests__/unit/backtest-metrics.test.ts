import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { issuesPerMonth, summariseCost } from '../../src/backtest/cost.js'
import { scoreDuplicates, type DuplicateCase } from '../../src/backtest/duplicates.js'
import {
  SWEEP,
  scoreBacktest,
  sweepThresholds,
  type BacktestCase,
  type LabelStats
} from '../../src/backtest/metrics.js'
import { worstMistakes } from '../../src/backtest/mistakes.js'

// The universe: `security` is neither expected nor predicted anywhere, `ui` is predicted but never
// expected, `perf` is expected but never predicted (only proposed below the threshold).
const LABELS = ['bug', 'feature', 'docs', 'perf', 'security', 'ui']

// Run threshold 0.6. `belowThreshold` holds what policy refused for low confidence only.
const CASES: BacktestCase[] = [
  {
    issue: 1,
    expected: ['bug'],
    predicted: [{ name: 'bug', confidence: 0.9 }],
    expectedType: 'Bug',
    predictedType: 'bug'
  },
  {
    issue: 2, // multi-label: bug hit, docs missed, feature wrong
    expected: ['bug', 'docs'],
    predicted: [
      { name: 'bug', confidence: 0.8 },
      { name: 'feature', confidence: 0.6 }
    ],
    expectedType: 'Bug',
    predictedType: 'Feature',
    rationale: { feature: 'asks for an option' }
  },
  {
    issue: 3, // empty predictions; the right label was proposed at 0.55
    expected: ['feature'],
    predicted: [],
    belowThreshold: [{ name: 'feature', confidence: 0.55 }],
    expectedType: 'Feature',
    predictedType: null,
    rationale: { feature: 'wants a new flag' }
  },
  {
    issue: 4,
    expected: ['docs'],
    predicted: [
      { name: 'docs', confidence: 0.95 },
      { name: 'bug', confidence: 0.7 }
    ],
    predictedType: 'Task',
    rationale: { bug: 'has a stack trace', docs: 'mentions the README' }
  },
  { issue: 5, expected: ['perf'], predicted: [], belowThreshold: [{ name: 'perf', confidence: 0.5 }] },
  // `question` is outside the universe: it is neither a miss nor counted anywhere but unscoredTruth.
  { issue: 6, expected: ['question'], predicted: [{ name: 'feature', confidence: 0.65 }] },
  { issue: 7, expected: [], predicted: [{ name: 'ui', confidence: 0.62 }] }
]

const byLabel = (stats: LabelStats[]) => Object.fromEntries(stats.map((s) => [s.label, s]))

describe('scoreBacktest: per label, micro and macro', () => {
  const report = scoreBacktest(CASES, { labels: LABELS, minConfidence: 0.6 })
  const stats = byLabel(report.labels)

  it('counts each label and leaves undefined scores null', () => {
    // bug: tp 1,2; fp 4. P 2/3, R 2/2, F1 2·2/(4+1+0) = 0.8
    expect(stats.bug).toEqual({
      label: 'bug',
      support: 2,
      predicted: 3,
      tp: 2,
      fp: 1,
      fn: 0,
      precision: 2 / 3,
      recall: 1,
      f1: 0.8
    })
    // feature: fp 2 and 6, fn 3. Every score 0.
    expect(stats.feature).toMatchObject({
      support: 1,
      predicted: 2,
      tp: 0,
      fp: 2,
      fn: 1,
      precision: 0,
      recall: 0,
      f1: 0
    })
    // docs: tp 4, fn 2. P 1, R 1/2, F1 2/(2+0+1) = 2/3
    expect(stats.docs).toMatchObject({
      support: 2,
      predicted: 1,
      tp: 1,
      fp: 0,
      fn: 1,
      precision: 1,
      recall: 0.5
    })
    expect(stats.docs?.f1).toBeCloseTo(2 / 3)
    // perf: never predicted, so precision is undefined; F1 is 0 (one miss, nothing right).
    expect(stats.perf).toMatchObject({
      support: 1,
      predicted: 0,
      tp: 0,
      fp: 0,
      fn: 1,
      precision: null,
      recall: 0,
      f1: 0
    })
    // ui: never in the truth, so recall is undefined; its one prediction was wrong.
    expect(stats.ui).toMatchObject({ support: 0, predicted: 1, fp: 1, precision: 0, recall: null, f1: 0 })
    // security: nothing at all.
    expect(stats.security).toMatchObject({
      support: 0,
      predicted: 0,
      precision: null,
      recall: null,
      f1: null
    })
  })

  it('pools counts for micro averages', () => {
    // tp 3, fp 4 (bug, feature×2, ui), fn 3 (docs, feature, perf): P 3/7, R 3/6, F1 6/(6+4+3)
    expect(report.micro.precision).toBeCloseTo(3 / 7)
    expect(report.micro.recall).toBeCloseTo(0.5)
    expect(report.micro.f1).toBeCloseTo(6 / 13)
  })

  it('counts a null score as 0 in macro averages (zero_division=0), over all labels or supported ones', () => {
    // All six: P (2/3+0+1+0+0+0)/6 = 5/18, R (1+0+0.5+0+0+0)/6 = 0.25, F1 (0.8+0+2/3+0+0+0)/6 = 11/45
    expect(report.macro.precision).toBeCloseTo(5 / 18)
    expect(report.macro.recall).toBeCloseTo(0.25)
    expect(report.macro.f1).toBeCloseTo(11 / 45)
    // bug, feature, docs, perf: P (5/3)/4 = 5/12 (perf's null as 0), R 1.5/4, F1 (22/15)/4 = 11/30
    expect(report.macroSupported.precision).toBeCloseTo(5 / 12)
    expect(report.macroSupported.recall).toBeCloseTo(0.375)
    expect(report.macroSupported.f1).toBeCloseTo(11 / 30)
  })

  it('reports truth labels outside the universe instead of scoring them', () => {
    expect(report.unscoredTruth).toEqual({ question: 1 })
    expect(report.mistakes.find((m) => m.issue === 6)?.misses).toEqual([])
  })

  it('scores the issue type where the truth has one, ignoring case', () => {
    // 1 right (Bug = bug), 2 wrong, 3 untyped; 4 typed without truth.
    expect(report.type).toEqual({ cases: 3, correct: 1, accuracy: 1 / 3, typedWithoutTruth: 1 })
    expect(
      scoreBacktest([CASES[3] as BacktestCase], { labels: LABELS, minConfidence: 0.6 }).type.accuracy
    ).toBeNull()
  })

  it('matches names as GitHub does and reports them in the universe spelling', () => {
    const r = scoreBacktest(
      [{ issue: 'a', expected: ['BUG'], predicted: [{ name: 'Bug', confidence: 1 }] }],
      {
        labels: ['bug', 'Bug'],
        minConfidence: 0.5
      }
    )
    expect(r.labels).toEqual([
      { label: 'bug', support: 1, predicted: 1, tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 }
    ])
  })

  it('gives null, not 0, where nothing was predicted or expected; macro over no label is null', () => {
    const none = scoreBacktest([], { labels: ['bug'], minConfidence: 0.6 })
    expect(none.micro).toEqual({ precision: null, recall: null, f1: null })
    expect(none.macro).toEqual({ precision: 0, recall: 0, f1: 0 })
    expect(none.macroSupported).toEqual({ precision: null, recall: null, f1: null })
    expect(none.mistakes).toEqual([])
    const empty = scoreBacktest([{ issue: 1, expected: ['bug'], predicted: [] }], {
      labels: [],
      minConfidence: 0.6
    })
    expect(empty.labels).toEqual([])
    expect(empty.macro).toEqual({ precision: null, recall: null, f1: null })
    expect(empty.unscoredTruth).toEqual({ bug: 1 })
  })
})

describe('threshold sweep', () => {
  const rows = sweepThresholds(CASES, LABELS)
  const at = (t: number) => rows.find((r) => r.minConfidence === t)

  it('sweeps 0.50 to 0.95 in exact steps', () => {
    expect(rows.map((r) => r.minConfidence)).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95])
  })

  it('lets labels refused for low confidence back in where they clear the threshold', () => {
    // 0.50: every proposal. tp 5 (bug×2, feature 3, docs 4, perf 5), fp 4, fn 1 (docs 2)
    expect(at(0.5)?.micro).toMatchObject({ predicted: 9, precision: 5 / 9, recall: 5 / 6 })
    expect(at(0.5)?.labels.perf).toEqual({ precision: 1, recall: 1, predicted: 1 })
    // 0.55: perf (0.5) drops. tp 4, fp 4, fn 2
    expect(at(0.55)?.micro).toMatchObject({ predicted: 8, precision: 0.5, recall: 4 / 6 })
  })

  it('reproduces the headline at the run threshold and drops kept labels above it', () => {
    const report = scoreBacktest(CASES, { labels: LABELS, minConfidence: 0.6 })
    expect(at(0.6)?.micro).toEqual({ ...report.micro, predicted: 7 })
    // 0.65: feature 0.6 (case 2) and ui 0.62 drop. tp 3, fp 2, fn 3
    expect(at(0.65)?.micro).toMatchObject({ predicted: 5, precision: 3 / 5, recall: 0.5 })
    expect(at(0.75)?.micro).toMatchObject({ predicted: 3, precision: 1, recall: 0.5 }) // bug 0.7 gone
    expect(at(0.85)?.micro).toMatchObject({ predicted: 2, precision: 1 }) // bug 0.8 gone
    expect(at(0.85)?.micro.recall).toBeCloseTo(2 / 6)
    expect(at(0.95)?.micro).toMatchObject({ predicted: 1, precision: 1 })
    expect(at(0.95)?.labels.bug).toEqual({ precision: null, recall: 0, predicted: 0 })
  })

  it('finds per label the lowest threshold with precision ≥ 0.9, or null', () => {
    const report = scoreBacktest(CASES, { labels: LABELS, minConfidence: 0.6 })
    // bug: 2/3 until its fp at 0.7 drops (0.75). feature: 1/3 at best. ui: 0, then never predicted.
    expect(report.preciseFrom).toEqual({
      bug: 0.75,
      feature: null,
      docs: 0.5,
      perf: 0.5,
      security: null,
      ui: null
    })
    const strict = scoreBacktest(CASES, { labels: LABELS, minConfidence: 0.6, targetPrecision: 0.5 })
    expect(strict.preciseFrom.bug).toBe(0.5)
  })
})

describe('worst mistakes', () => {
  it('ranks confident false positives first, then misses, with the wrong label’s rationale', () => {
    const mistakes = worstMistakes(CASES, LABELS)
    // fp 0.7 (4), 0.65 (6), 0.62 (7), 0.6 (2, plus a miss), then the miss-only cases in their order.
    expect(mistakes.map((m) => m.issue)).toEqual([4, 6, 7, 2, 3, 5])
    expect(mistakes[0]).toEqual({
      issue: 4,
      expected: ['docs'],
      predicted: CASES[3]?.predicted,
      falsePositives: [{ name: 'bug', confidence: 0.7, rationale: 'has a stack trace' }],
      misses: []
    })
    expect(mistakes[3]?.misses).toEqual([{ name: 'docs', confidence: null }])
    expect(mistakes[4]?.misses).toEqual([
      { name: 'feature', confidence: 0.55, rationale: 'wants a new flag' }
    ])
  })

  it('keeps ten, and puts more errors first among equal confidence', () => {
    const many: BacktestCase[] = Array.from({ length: 12 }, (_, i) => ({
      issue: i,
      expected: i === 11 ? ['docs'] : [],
      predicted: [{ name: 'bug', confidence: i === 0 ? 0.99 : 0.7 }]
    }))
    const ranked = worstMistakes(many, LABELS).map((m) => m.issue)
    expect(ranked).toHaveLength(10)
    expect(ranked.slice(0, 3)).toEqual([0, 11, 1])
  })
})

describe('cost', () => {
  it('totals tokens and credits, averages over the cases that reported them, and projects a month', () => {
    const cost = summariseCost(
      [
        { tokens: { prompt: 1000, completion: 100 }, credits: 1.5 },
        { tokens: { prompt: 2000, completion: 200 }, credits: 2.5 },
        { tokens: { prompt: 1500, completion: 150 } },
        { tokens: { prompt: 1500, completion: 150 } },
        {}
      ],
      30
    )
    expect(cost).toEqual({
      casesWithTokens: 4,
      casesWithCredits: 2,
      promptTokens: 6000,
      completionTokens: 600,
      credits: 4,
      perIssue: { promptTokens: 1500, completionTokens: 150, credits: 2 },
      issuesPerMonth: 30,
      perMonth: { promptTokens: 45000, completionTokens: 4500, credits: 60 }
    })
  })

  it('says null for what was not reported or not given', () => {
    expect(summariseCost([{}])).toMatchObject({
      credits: null,
      perIssue: { promptTokens: null, credits: null },
      perMonth: null
    })
    expect(
      scoreBacktest(CASES, { labels: LABELS, minConfidence: 0.6, issuesPerMonth: 10 }).cost.issuesPerMonth
    ).toBe(10)
  })

  it('derives issues a month from creation dates: n − 1 arrivals over the span', () => {
    // 30.4375 days (a twelfth of 365.25) = 30 days 10.5 hours: one arrival after the first.
    expect(issuesPerMonth(['2024-01-01T00:00:00Z', '2024-01-31T10:30:00Z'])).toBeCloseTo(1)
    const five = [
      '2024-01-31T10:30:00Z',
      '2024-01-01T00:00:00Z',
      '2024-01-10T00:00:00Z',
      '2024-01-20T00:00:00Z',
      '2024-01-05T00:00:00Z'
    ]
    expect(issuesPerMonth(five)).toBeCloseTo(4)
    expect(issuesPerMonth([])).toBeNull()
    expect(issuesPerMonth(['2024-01-01T00:00:00Z'])).toBeNull()
    expect(issuesPerMonth(['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'])).toBeNull()
    expect(() => issuesPerMonth(['2024-01-01', 'last tuesday'])).toThrow("'last tuesday' is not a date")
  })
})

describe('duplicates', () => {
  it('separates retrieval from judgement and counts false alarms', () => {
    const cases: DuplicateCase[] = [
      { issue: 10, trueOriginal: 1, shown: [1, 2], verdict: [1] }, // shown, found
      { issue: 11, trueOriginal: 3, shown: [3, 4], verdict: [4] }, // shown, wrong one named
      { issue: 12, trueOriginal: 5, shown: [6], verdict: [] }, // never shown
      { issue: 13, shown: [7], verdict: [7, 7] }, // not a duplicate: a false alarm (7 counted once)
      { issue: 14, trueOriginal: null, shown: [8], verdict: [] }
    ]
    // Duplicates 10, 11, 12: shown 2/3, found 1/3, found when shown 1/2. Verdicts 1, 4, 7: one right.
    expect(scoreDuplicates(cases)).toEqual({
      cases: 5,
      duplicates: 3,
      nonDuplicates: 2,
      recallAtShown: 2 / 3,
      verdicts: 3,
      correctVerdicts: 1,
      precision: 1 / 3,
      recall: 1 / 3,
      recallWhenShown: 0.5,
      falseAlarmRate: 0.5
    })
  })

  it('leaves rates without a denominator null', () => {
    expect(scoreDuplicates([])).toMatchObject({
      recallAtShown: null,
      precision: null,
      recall: null,
      recallWhenShown: null,
      falseAlarmRate: null
    })
  })
})

describe('properties', () => {
  const label = fc.constantFrom('bug', 'Bug', 'feature', 'docs', 'other')
  const scored = fc.record({ name: label, confidence: fc.double({ min: 0, max: 1, noNaN: true }) })
  const testCase = fc.record({
    issue: fc.nat(),
    expected: fc.uniqueArray(label),
    predicted: fc.array(scored, { maxLength: 4 }),
    belowThreshold: fc.array(scored, { maxLength: 4 })
  })
  const universe = ['bug', 'feature', 'docs', 'ui']

  it('keeps every score in [0, 1], tp + fn = support and tp + fp = predicted', () => {
    fc.assert(
      fc.property(fc.array(testCase, { maxLength: 20 }), (cases) => {
        const report = scoreBacktest(cases, { labels: universe, minConfidence: 0.6 })
        for (const s of report.labels) {
          const support = cases.filter((c) => c.expected.some((e) => e.toLowerCase() === s.label)).length
          expect(s.tp + s.fn).toBe(support)
          expect(s.support).toBe(support)
          expect(s.tp + s.fp).toBe(s.predicted)
        }
        const averages = [
          report.micro,
          report.macro,
          report.macroSupported,
          ...report.thresholds.map((r) => r.micro)
        ]
        for (const score of [...report.labels, ...averages].flatMap((s) => [s.precision, s.recall, s.f1]))
          if (score !== null) expect(score >= 0 && score <= 1).toBe(true)
      })
    )
  })

  it('never predicts more as the threshold rises, overall or for any label', () => {
    fc.assert(
      fc.property(fc.array(testCase, { maxLength: 20 }), (cases) => {
        const rows = sweepThresholds(cases, universe)
        for (let i = 1; i < rows.length; i++) {
          const [low, high] = [rows[i - 1], rows[i]]
          expect(high?.micro.predicted).toBeLessThanOrEqual(low?.micro.predicted ?? 0)
          for (const name of universe)
            expect(high?.labels[name]?.predicted).toBeLessThanOrEqual(low?.labels[name]?.predicted ?? 0)
        }
      })
    )
  })

  it('gives at each swept threshold the headline a run at that threshold would get', () => {
    fc.assert(
      fc.property(fc.array(testCase, { maxLength: 20 }), fc.constantFrom(...SWEEP), (cases, t) => {
        const asRun = cases.map((c) => {
          const all = [...c.predicted, ...c.belowThreshold]
          return {
            ...c,
            predicted: all.filter((p) => p.confidence >= t),
            belowThreshold: all.filter((p) => p.confidence < t)
          }
        })
        const report = scoreBacktest(asRun, { labels: universe, minConfidence: t })
        const row = report.thresholds.find((r) => r.minConfidence === t)
        expect(row?.micro).toEqual({
          ...report.micro,
          predicted: report.labels.reduce((n, s) => n + s.predicted, 0)
        })
      })
    )
  })

  it('scores duplicates within [0, 1], and never finds more originals than were shown', () => {
    const dupCase = fc
      .record({
        trueOriginal: fc.option(fc.integer({ min: 1, max: 6 })),
        shown: fc.uniqueArray(fc.integer({ min: 1, max: 6 }))
      })
      .chain((c) => fc.subarray(c.shown).map((verdict) => ({ issue: 0, ...c, verdict })))
    fc.assert(
      fc.property(fc.array(dupCase, { maxLength: 15 }), (cases) => {
        const r = scoreDuplicates(cases)
        for (const v of [r.recallAtShown, r.precision, r.recall, r.recallWhenShown, r.falseAlarmRate])
          if (v !== null) expect(v >= 0 && v <= 1).toBe(true)
        expect(r.recall ?? 0).toBeLessThanOrEqual(r.recallAtShown ?? 0)
      })
    )
  })
})
