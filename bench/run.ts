/**
 * The benchmark: runs the bundled action (dist/index.js on Node 24) against the loopback GitHub and model
 * emulators in a typical and a worst-case repository, next to a bare-openai baseline process, and prints
 * medians, call counts, prompt tokens, bundle sizes and the targets. A report, not a test: a missed
 * target still exits 0; a failed run (non-zero exit, a refused GitHub request, no labels) exits 1.
 *
 *   npm run bench [-- --runs N] [-- --scenario typical|worst]     (BENCH_DEDUPE=false: no duplicate search)
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { NODE24 } from '../__tests__/e2e/harness.js'
import { measureBaseline, measureScenario, measureStartup, type ActionSample } from './measure.js'
import { bundleLine, phaseLines, resultsJson, spread, table, targetLines, targets } from './report.js'
import { scenarios, type Scenario } from './scenarios.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const WARMUP = 1

function options(): { runs: number; only: Scenario['name'] | undefined } {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '11' }, scenario: { type: 'string' } }
  })
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a whole number ≥ 1, not ${values.runs}`)
  const only = values.scenario
  if (only !== undefined && only !== 'typical' && only !== 'worst') {
    throw new Error(`--scenario must be typical or worst, not ${only}`)
  }
  return { runs, only }
}

/** Bytes of dist/index.js and of every other dist/*.js chunk. */
function bundleSizes(): Record<string, number> {
  const dist = join(root, 'dist')
  const files = readdirSync(dist)
    .filter((f) => f.endsWith('.js'))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)))
  return Object.fromEntries(files.map((f) => [`dist/${f}`, statSync(join(dist, f)).size]))
}

async function main(): Promise<void> {
  const { runs, only } = options()
  const all = scenarios()
  const chosen = (only ? [all[only]] : [all.typical, all.worst]) as Scenario[]
  const node = execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim()
  const order = ['baseline', 'startup', ...chosen.map((s) => s.name)].join(', ')
  console.log(
    `Issue triage benchmark: dist/index.js on Node ${node}, ${runs} run${runs === 1 ? '' : 's'} each, interleaved (${order}), ` +
      `after ${WARMUP} warm-up round`
  )

  const baselineMs: number[] = []
  const startupMs: number[] = []
  const samples = new Map<Scenario['name'], ActionSample[]>(chosen.map((s) => [s.name, []]))
  for (let round = -WARMUP; round < runs; round++) {
    const counted = round >= 0
    const b = await measureBaseline()
    const s = await measureStartup(all.typical.seed)
    if (counted) baselineMs.push(b)
    if (counted) startupMs.push(s)
    for (const scenario of chosen) {
      const sample = await measureScenario(scenario)
      if (counted) samples.get(scenario.name)!.push(sample)
    }
    process.stdout.write(counted ? `.` : 'w')
  }
  process.stdout.write('\n\n')

  const baseline = spread(baselineMs)
  const startup = spread(startupMs)
  const figures = chosen.map((scenario) => {
    const list = samples.get(scenario.name)!
    return { scenario, time: spread(list.map((x) => x.ms)), samples: list }
  })
  const bundle = bundleSizes()
  const met = targets(baseline, figures)

  console.log(table(baseline, startup, figures))
  console.log('')
  console.log(bundleLine(bundle))
  console.log(phaseLines(figures))
  for (const f of figures) {
    const s = f.samples[0]!
    if (s.reportedPromptTokens !== null && s.reportedPromptTokens !== s.promptTokens) {
      console.log(
        `note: ${f.scenario.label}: result.usage.promptTokens ${s.reportedPromptTokens} ≠ emulator count ${s.promptTokens}`
      )
    }
    if (s.notes.length > 0) console.log(`${f.scenario.label}: ${s.notes.join('; ')}`)
  }
  console.log('')
  console.log(targetLines(met))

  const out = join(root, '.bench')
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, 'results.json'),
    resultsJson({ runs, warmup: WARMUP, node, bundle, baseline, startup, figures, targets: met })
  )
  console.log('\nFigures written to .bench/results.json')
}

main().catch((error: unknown) => {
  process.stdout.write('\n')
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
