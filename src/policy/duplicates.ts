import { bound, stripInvisible } from '../text/hygiene.js'

/** A likely original that survived policy. */
export interface DuplicateChoice {
  number: number
  confidence: number
  reason: string
}

/** A duplicate claim policy refused, and why. */
export interface DuplicateRefusal {
  number: number
  confidence: number
  reason: string
}

export interface DuplicatePolicy {
  issueNumber: number
  /** The candidate numbers the prompt actually showed. */
  shown: number[]
  /** Numbers rejected on appeal for this issue. */
  rejected: number[]
  minConfidence: number
}

/** At most this many originals are named in a comment: more is noise, not help. */
export const MAX_DUPLICATES = 3

/**
 * Keeps only the model's duplicate claims that policy allows: numbers that were shown to it (a
 * hostile or confused answer may name any issue), never this issue or a number rejected on appeal,
 * at or above the confidence threshold, each once, the most confident first, at most three.
 */
export function judgeDuplicates(
  claims: { number: number; confidence: number; reason: string }[],
  policy: DuplicatePolicy
): { kept: DuplicateChoice[]; refused: DuplicateRefusal[] } {
  const kept: DuplicateChoice[] = []
  const refused: DuplicateRefusal[] = []
  const shown = new Set(policy.shown)
  const rejected = new Set(policy.rejected)
  const seen = new Set<number>()
  for (const claim of [...claims].sort((a, b) => b.confidence - a.confidence)) {
    const refuse = (reason: string) =>
      refused.push({ number: claim.number, confidence: claim.confidence, reason })
    if (seen.has(claim.number)) continue
    seen.add(claim.number)
    if (claim.number === policy.issueNumber) refuse('an issue cannot duplicate itself')
    else if (!shown.has(claim.number)) refuse('not one of the candidates shown to the model')
    else if (rejected.has(claim.number)) refuse('rejected on appeal for this issue')
    else if (claim.confidence < policy.minConfidence)
      refuse(`confidence ${claim.confidence} is below duplicate-confidence ${policy.minConfidence}`)
    else if (kept.length >= MAX_DUPLICATES) refuse(`more than ${MAX_DUPLICATES} duplicates`)
    else
      kept.push({
        number: claim.number,
        confidence: claim.confidence,
        reason: bound(stripInvisible(claim.reason).replace(/\s+/g, ' ').trim(), 200)
      })
  }
  return { kept, refused }
}
