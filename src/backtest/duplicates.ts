/** One replayed issue with duplicate ground truth. */
export interface DuplicateCase {
  issue: number | string
  /** The issue maintainers closed it as a duplicate of; absent (or null) when it is not a duplicate. */
  trueOriginal?: number | null
  /** Candidate issues the prompt showed the model. */
  shown: number[]
  /** Issues the model named as originals at or above its duplicate threshold. */
  verdict: number[]
}

/** Scores of duplicate detection; each is null when its denominator is zero. */
export interface DuplicateReport {
  cases: number
  /** Cases that are duplicates, and cases that are not. */
  duplicates: number
  nonDuplicates: number
  /** Share of duplicates whose original was among the candidates shown: the ceiling retrieval sets. */
  recallAtShown: number | null
  /** Issues named as originals, over all cases, and how many were the true original. */
  verdicts: number
  correctVerdicts: number
  /** correctVerdicts / verdicts. */
  precision: number | null
  /** Share of duplicates whose original was named. */
  recall: number | null
  /** The same among duplicates whose original was shown: the model's judgement alone. */
  recallWhenShown: number | null
  /** Share of non-duplicates for which the model named any original. */
  falseAlarmRate: number | null
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den)
const isDuplicate = (c: DuplicateCase): c is DuplicateCase & { trueOriginal: number } =>
  typeof c.trueOriginal === 'number'

/**
 * Scores duplicate detection against known originals, separating retrieval (was the original shown?)
 * from judgement (was it named?). A number named twice for one case counts once.
 */
export function scoreDuplicates(cases: DuplicateCase[]): DuplicateReport {
  const duplicates = cases.filter(isDuplicate)
  const others = cases.filter((c) => !isDuplicate(c))
  const shown = duplicates.filter((c) => c.shown.includes(c.trueOriginal))
  const found = (c: DuplicateCase & { trueOriginal: number }) => c.verdict.includes(c.trueOriginal)
  const verdicts = cases.reduce((n, c) => n + new Set(c.verdict).size, 0)
  const correctVerdicts = duplicates.filter(found).length
  return {
    cases: cases.length,
    duplicates: duplicates.length,
    nonDuplicates: others.length,
    recallAtShown: ratio(shown.length, duplicates.length),
    verdicts,
    correctVerdicts,
    precision: ratio(correctVerdicts, verdicts),
    recall: ratio(correctVerdicts, duplicates.length),
    recallWhenShown: ratio(shown.filter(found).length, shown.length),
    falseAlarmRate: ratio(others.filter((c) => c.verdict.length > 0).length, others.length)
  }
}
