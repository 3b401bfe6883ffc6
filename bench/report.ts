/** Turns the benchmark's samples into figures, a table, target lines and the JSON written to .bench/. */
import type { ActionSample, Phases } from './measure.js'
import type { Scenario } from './scenarios.js'

/** Median, min and max of a series of timings, in milliseconds. */
export interface Spread {
  median: number
  min: number
  max: number
  runs: number[]
}

/** Median (mean of the middle two for an even count), min and max. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  const r = (n: number) => Math.round(n * 10) / 10
  return { median: r(median), min: r(sorted[0]!), max: r(sorted[sorted.length - 1]!), runs: values.map(r) }
}

/** Everything measured for one scenario. */
export interface ScenarioFigures {
  scenario: Scenario
  time: Spread
  samples: ActionSample[]
}

/** One target, met or not. */
export interface Target {
  name: string
  ok: boolean
  detail: string
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number) => `${int(n)} ms`

/** "5" when every run agrees, "5–6" when they do not. */
function range(values: (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null)
  if (known.length === 0) return '–'
  const lo = Math.min(...known)
  const hi = Math.max(...known)
  return lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`
}

/** The figures table: one row per timed series. */
export function table(baseline: Spread, startup: Spread | null, figures: ScenarioFigures[]): string {
  const rows: string[][] = [
    [
      '',
      'median',
      'min',
      'max',
      'vs base',
      'GitHub (GraphQL)',
      'search',
      'model',
      'prompt tok',
      'request tok',
      'labels applied'
    ]
  ]
  const timing = (t: Spread, base: boolean) => [
    ms(t.median),
    ms(t.min),
    ms(t.max),
    base ? '' : `${t.median >= baseline.median ? '+' : ''}${ms(t.median - baseline.median)}`
  ]
  rows.push(['baseline (bare openai call)', ...timing(baseline, true), '0', '0', '1', '', '', ''])
  if (startup) rows.push(['startup only (push event)', ...timing(startup, false), '0', '0', '0', '', '', ''])
  for (const f of figures) {
    const s = f.samples
    rows.push([
      `${f.scenario.label} (${f.scenario.labelCount} labels, ${size(f.scenario.bodyBytes)})`,
      ...timing(f.time, false),
      `${range(s.map((x) => x.githubCalls))} (${range(s.map((x) => x.graphqlCalls))})`,
      range(s.map((x) => x.searchCalls)),
      range(s.map((x) => x.modelCalls)),
      range(s.map((x) => x.promptTokens)),
      range(s.map((x) => x.requestTokens)),
      [...new Set(s.flatMap((x) => x.labelsApplied))].join(', ')
    ])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const right = (c: number) => c > 0 && c < 10
  return rows
    .map((r) =>
      r
        .map((cell, c) => (right(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

/** Median of each phase over a scenario's runs. */
export function medianPhases(samples: ActionSample[]): Phases {
  const m = (k: keyof Phases) => spread(samples.map((s) => s.phases[k])).median
  return {
    load: m('load'),
    reads: m('reads'),
    prepare: m('prepare'),
    model: m('model'),
    writes: m('writes'),
    finish: m('finish')
  }
}

/** One line per scenario: where its run time goes, phase by phase (medians). */
export function phaseLines(figures: ScenarioFigures[]): string {
  const width = Math.max(...figures.map((f) => f.scenario.label.length))
  const lines = figures.map((f) => {
    const p = medianPhases(f.samples)
    const parts = Object.entries(p).map(([k, v]) => `${k} ${int(v)}`)
    return `  ${f.scenario.label.padEnd(width)}  ${parts.join(' · ')}`
  })
  return [
    'Where the time goes (medians, ms; cut at the requests the emulators received):',
    '  load = spawn → 1st GitHub request, reads → last read, prepare → model request, model → 1st write,',
    '  writes → last write, finish → exit',
    ...lines
  ].join('\n')
}

/** The bundle's files, one line. */
export function bundleLine(bundle: Record<string, number>): string {
  const total = Object.values(bundle).reduce((a, b) => a + b, 0)
  const files = Object.entries(bundle).map(([file, bytes]) => `${file} ${int(bytes)} B`)
  return `Bundle: ${files.join(', ')} (total ${int(total)} B, ${size(total)})`
}

/** The targets, evaluated on what was measured. */
export function targets(baseline: Spread, figures: ScenarioFigures[]): Target[] {
  const out: Target[] = []
  const per = (pick: (s: ActionSample) => number) =>
    figures.map((f) => `${f.scenario.label} ${range(f.samples.map(pick))}`).join(', ')
  const all = (test: (s: ActionSample) => boolean) => figures.every((f) => f.samples.every(test))
  out.push({
    name: '1 model call per run',
    ok: all((s) => s.modelCalls === 1),
    detail: per((s) => s.modelCalls)
  })
  out.push({
    name: '≤ 6 GitHub API calls per run, a GraphQL request counting as one (issue searches counted apart)',
    ok: all((s) => s.githubCalls <= 6),
    detail: per((s) => s.githubCalls)
  })
  out.push({
    name: '≤ 3 duplicate-candidate searches per run',
    ok: all((s) => s.searchCalls <= 3),
    detail: per((s) => s.searchCalls)
  })
  for (const f of figures) {
    const worst = Math.max(...f.samples.map((s) => s.promptTokens))
    const limit = f.scenario.maxPromptTokens
    const over = worst > limit ? ` (${int(worst - limit)} over)` : ''
    out.push({
      name: `≤ ${int(limit)} prompt tokens (${f.scenario.label})`,
      ok: worst <= limit,
      detail: `${int(worst)}${over}`
    })
  }
  for (const f of figures) {
    const allowed = baseline.median + 100
    const diff = f.time.median - baseline.median
    const over = f.time.median > allowed ? `; ${ms(f.time.median - allowed)} over` : ''
    out.push({
      name: `median ≤ baseline + 100 ms (${f.scenario.label})`,
      ok: f.time.median <= allowed,
      detail: `${ms(f.time.median)} vs baseline ${ms(baseline.median)} (${diff >= 0 ? '+' : ''}${ms(diff)}${over})`
    })
  }
  return out
}

/** One line per target. */
export function targetLines(list: Target[]): string {
  return list.map((t) => `${t.ok ? '✓' : '✗'} ${t.name}: ${t.detail}`).join('\n')
}

/** The figures as JSON for .bench/results.json. */
export function resultsJson(data: {
  runs: number
  warmup: number
  node: string
  bundle: Record<string, number>
  baseline: Spread
  startup: Spread | null
  figures: ScenarioFigures[]
  targets: Target[]
}): string {
  const scenarios = Object.fromEntries(
    data.figures.map((f) => [
      f.scenario.name,
      {
        labels: f.scenario.labelCount,
        bodyBytes: f.scenario.bodyBytes,
        timeMs: f.time,
        vsBaselineMs: f.time.median - data.baseline.median,
        githubCalls: f.samples.map((s) => s.githubCalls),
        graphqlCalls: f.samples.map((s) => s.graphqlCalls),
        searchCalls: f.samples.map((s) => s.searchCalls),
        modelCalls: f.samples.map((s) => s.modelCalls),
        promptTokens: f.samples.map((s) => s.promptTokens),
        reportedPromptTokens: f.samples.map((s) => s.reportedPromptTokens),
        requestTokens: f.samples.map((s) => s.requestTokens),
        labelsApplied: f.samples.map((s) => s.labelsApplied),
        phasesMedianMs: medianPhases(f.samples),
        notes: f.samples[0]?.notes ?? []
      }
    ])
  )
  const { runs, warmup, node, bundle, baseline, startup } = data
  const json = { date: new Date().toISOString(), node, runs, warmup, bundle, baseline, startup, scenarios }
  return `${JSON.stringify({ ...json, targets: data.targets }, null, 2)}\n`
}
