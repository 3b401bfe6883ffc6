import type { RunContext } from '../context.js'
import type { HistoryClassifier } from '../history/repository-classifier.js'
import type { TriageResult } from '../result.js'
import { escapeMarkdown } from '../text/hygiene.js'
import { writeSummary } from './outputs.js'

const cell = (text: string, max = 200) => escapeMarkdown(text, max)

/** The banner above a summary where fallback-provider decided: said first, since it changes what the labels mean. */
export function fallbackBanner(results: TriageResult[]): string[] {
  const fell = results.filter((r) => r.fellBack)
  if (fell.length === 0) return []
  const why = cell(fell[0]!.fellBack!, 400)
  return [
    '> [!WARNING]',
    `> The model provider could not triage ${fell.length === results.length ? (fell.length === 1 ? 'this issue' : 'these issues') : `${fell.length} of these ${results.length} issues`}: ${why}.`,
    "> They were labelled by the classifier trained on this repository's labelled issues instead (fallback-provider: history). It judges no duplicates.",
    ''
  ]
}

/** The job summary's section on the history classifier: where it came from, and what it cannot predict. */
export function renderHistory(classifier: HistoryClassifier): string {
  const lines = ['', '**History classifier**', '', cell(describeOrigin(classifier), 600)]
  const never = [...classifier.labels.tooFew, ...(classifier.types?.tooFew ?? [])]
  if (never.length > 0) {
    const shown = never
      .slice(0, 30)
      .map((l) => `${cell(l.name, 60)} (${l.examples})`)
      .join(', ')
    lines.push(
      '',
      `Never predicted, too few examples to learn from (fewer than 5 issues people labelled): ${shown}${never.length > 30 ? `, and ${never.length - 30} more` : ''}.`
    )
  }
  const { origin } = classifier
  if (origin.saveWarning) lines.push('', `Not stored for the next runs: ${cell(origin.saveWarning, 300)}.`)
  if (origin.staleBecause)
    lines.push(
      '',
      `Trained ${origin.trainedAt.slice(0, 10)}, older than history-max-age: ${cell(origin.staleBecause, 300)}.`
    )
  return lines.join('\n') + '\n'
}

/** Appends the history classifier's section to the job summary when this run used it. */
export async function reportHistory(ctx: RunContext, results: TriageResult[]): Promise<void> {
  if (ctx.options.provider !== 'history' && !results.some((r) => r.decidedBy === 'history')) return
  const classifier = await ctx.classifier().catch(() => undefined)
  if (classifier) await writeSummary(renderHistory(classifier))
}

/** One line on where the classifier came from, for the log and the summary. */
export function describeOrigin(classifier: HistoryClassifier): string {
  const { origin } = classifier
  const learned = `${origin.issues} issues people labelled (of ${origin.examined} read)`
  const labels = `${classifier.labels.labels.length} labels${classifier.types ? ` and ${classifier.types.labels.length} issue types` : ''}`
  return origin.how === 'restored'
    ? `History classifier restored (${origin.key}, trained ${origin.trainedAt.slice(0, 10)} on ${learned}): ${labels}.`
    : `History classifier trained on ${learned} in ${origin.seconds.toFixed(1)} s, ${origin.requests} GitHub requests, because ${origin.why}: ${labels}.`
}
