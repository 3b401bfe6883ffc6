import type { IssueSnapshot, LabelHistory } from '../gather/issue.js'
import type { IssueType } from '../gather/repository.js'
import { canonicalLabel, globMatcher, nameKey, type Label } from '../policy/labels.js'
import { bound, stripInvisible } from '../text/hygiene.js'
import { judgeDuplicates, type DuplicateChoice, type DuplicateRefusal } from '../policy/duplicates.js'
import type { ModelAnswer } from './schema.js'

/** A choice that survived policy. */
export interface Choice {
  name: string
  rationale: string
  confidence: number
}

/** A choice policy refused, and why, for the job summary and the `result` output. */
export interface Refusal {
  name: string
  confidence: number
  reason: string
}

/** The decision after policy: only what may be written. */
export interface Decision {
  labels: Choice[]
  refusedLabels: Refusal[]
  type: Choice | null
  refusedType: Refusal | null
  /** Likely originals that survived the dedupe policy; empty when none or dedupe is off. */
  duplicates: DuplicateChoice[]
  refusedDuplicates: DuplicateRefusal[]
  summary: string
}

export interface PolicyContext {
  repoLabels: Label[]
  allowedLabels: Label[]
  issueTypes: IssueType[]
  issue: IssueSnapshot
  history: LabelHistory
  maxLabels: number
  minConfidence: number
  /** Globs such as "kind/*": at most one label of each group on the issue. */
  exclusiveGroups?: string[]
  /** Other names for labels (alias → label), matched case-insensitively. */
  aliases?: Record<string, string>
  /** A kept or present label matching `label` sets `type`. */
  typeRules?: { label: string; type: string }[]
  /**
   * Duplicate policy: numbers rejected on appeal and the threshold. `shown` (the candidates the prompt
   * carried) is set by decide(), which alone knows what survived the token budget.
   */
  duplicates?: { shown?: number[]; rejected: number[]; minConfidence: number }
}

function resolveName(name: string, ctx: PolicyContext): Label | undefined {
  const direct = canonicalLabel(name, ctx.repoLabels)
  if (direct) return direct
  const alias = Object.entries(ctx.aliases ?? {}).find(([a]) => nameKey(a) === nameKey(name.trim()))
  return alias ? canonicalLabel(alias[1], ctx.repoLabels) : undefined
}

const clean = (text: string, max: number) => bound(stripInvisible(text).replace(/\s+/g, ' ').trim(), max)

/**
 * Checks the model's answer against live repository data and the maintainers' policy. Names are
 * matched to labels that exist (never created); excluded, present, person-removed, low-confidence,
 * repeated and excess labels are refused with a reason.
 */
export function applyPolicy(answer: ModelAnswer, ctx: PolicyContext): Decision {
  const refusedLabels: Refusal[] = []
  const kept: Choice[] = []
  const onIssue = new Set(ctx.issue.labels.map(nameKey))
  const removed = new Set(ctx.history.removedByPeople.map(nameKey))
  const seen = new Set<string>()
  const groups = (ctx.exclusiveGroups ?? []).map((g) => ({ glob: g, match: globMatcher([g]) }))
  // A group is taken by a label already on the issue (a person's choice) or one kept earlier (higher confidence).
  const groupTaken = (name: string): string | undefined =>
    groups.find(
      (g) => g.match(name) && [...ctx.issue.labels, ...kept.map((k) => k.name)].some((l) => g.match(l))
    )?.glob

  const byConfidence = [...answer.labels].sort((a, b) => b.confidence - a.confidence)
  for (const item of byConfidence) {
    const shown = clean(item.name, 100)
    const refuse = (reason: string) =>
      refusedLabels.push({ name: shown, confidence: item.confidence, reason })
    const label = resolveName(item.name, ctx)
    if (!label) {
      refuse('not a label of this repository')
      continue
    }
    const key = nameKey(label.name)
    if (seen.has(key)) continue
    seen.add(key)
    if (!canonicalLabel(label.name, ctx.allowedLabels))
      refuse('not allowed by the labels / exclude-labels inputs')
    else if (onIssue.has(key)) refuse('already on the issue')
    else if (removed.has(key)) refuse('a person removed it from this issue')
    else if (item.confidence < ctx.minConfidence)
      refuse(`confidence ${item.confidence} is below min-confidence ${ctx.minConfidence}`)
    else if (groupTaken(label.name)) refuse(`exclusive group ${groupTaken(label.name)} already has a label`)
    else if (kept.length >= ctx.maxLabels) refuse(`over max-labels (${ctx.maxLabels})`)
    else kept.push({ name: label.name, rationale: clean(item.rationale, 300), confidence: item.confidence })
  }

  let type: Choice | null = null
  let refusedType: Refusal | null = null
  if (answer.type) {
    const t = answer.type
    const known = ctx.issueTypes.find((x) => nameKey(x.name) === nameKey(t.name.trim()))
    const refuse = (reason: string) =>
      (refusedType = { name: clean(t.name, 100), confidence: t.confidence, reason })
    if (!known) refuse('not an issue type of this repository')
    else if (ctx.issue.type) refuse(`the issue already has type ${ctx.issue.type}`)
    else if (t.confidence < ctx.minConfidence)
      refuse(`confidence ${t.confidence} is below min-confidence ${ctx.minConfidence}`)
    else type = { name: known.name, rationale: clean(t.rationale, 300), confidence: t.confidence }
  }

  // Maintainers' type rules are deterministic and win over the model's type choice.
  if (!ctx.issue.type) {
    const labelsNow = [...ctx.issue.labels, ...kept.map((k) => k.name)]
    for (const rule of ctx.typeRules ?? []) {
      const match = globMatcher([rule.label])
      const known = ctx.issueTypes.find((t) => nameKey(t.name) === nameKey(rule.type))
      const hit = labelsNow.find((l) => match(l))
      if (known && hit) {
        type = {
          name: known.name,
          rationale: `type rule: label ${hit} means type ${known.name}`,
          confidence: 1
        }
        refusedType = null
        break
      }
    }
  }

  const dup = judgeDuplicates(answer.duplicates ?? [], {
    issueNumber: ctx.issue.number,
    shown: ctx.duplicates?.shown ?? [],
    rejected: ctx.duplicates?.rejected ?? [],
    minConfidence: ctx.duplicates?.minConfidence ?? 1
  })
  return {
    labels: kept,
    refusedLabels,
    type,
    refusedType,
    duplicates: dup.kept,
    refusedDuplicates: dup.refused,
    summary: clean(answer.summary, 300)
  }
}
