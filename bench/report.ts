/** Turns the benchmark's measurements into target lines: the figure, ✓ or ✗, the limit. */
import type { ActionSample } from './measure.js'
import type { Scenario } from './scenarios.js'

/** Median (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** One target, met or not, as the line that prints it. */
export interface Target {
  ok: boolean
  line: string
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')

function target(figure: string, ok: boolean, limit: string, detail = ''): Target {
  return { ok, line: `${figure} ${ok ? '✓' : '✗'} (${limit})${detail ? `: ${detail}` : ''}` }
}

/** "5" when every run agrees, "5–6" when they do not; met when every run is within min..max. */
function countTarget(name: string, values: number[], min: number, max: number, note = ''): Target {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const limit = `${min === max ? '=' : '≤'} ${int(max)}${note}`
  return target(`${name} ${lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`}`, lo >= min && hi <= max, limit)
}

/** A scenario's targets: wall time against the baseline (medians), then calls and prompt tokens (every run). */
export function scenarioTargets(scenario: Scenario, samples: ActionSample[], baselineMs: number): Target[] {
  const ms = median(samples.map((s) => s.ms))
  const ratio = Math.round((ms / baselineMs) * 100) / 100
  const model = samples.map((s) => s.modelCalls)
  const github = samples.map((s) => s.githubCalls)
  const searches = samples.map((s) => s.searchCalls)
  const tokens = samples.map((s) => s.promptTokens)
  return [
    target(
      `${scenario.label} ${ratio.toFixed(2)}× baseline`,
      ratio <= scenario.maxRatio,
      `≤ ${scenario.maxRatio}×`,
      `median ${int(ms)} ms vs bare openai call ${int(baselineMs)} ms`
    ),
    countTarget('model calls', model, 1, 1),
    countTarget('GitHub calls', github, 0, 6, '; REST and GraphQL requests count one each'),
    countTarget('searches', searches, 0, 3),
    countTarget('prompt tokens', tokens, 0, scenario.maxPromptTokens)
  ]
}

/** The action's download: the committed tree as `git archive` gives it (export-ignore honoured), gzip -9. */
export function downloadTarget(bytes: number, commit: string): Target {
  return target(
    `download ${int(bytes)} B (${(bytes / 1e6).toFixed(2)} MB)`,
    bytes <= 2e6,
    '≤ 2 MB',
    `git archive HEAD | gzip -9 | wc -c, the committed state (${commit}), not the working tree`
  )
}
