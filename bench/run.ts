/**
 * The benchmark: runs the bundled action (dist/index.js on Node 24) against the loopback GitHub and model
 * emulators in a typical and a worst-case repository, interleaved with a bare-openai baseline process, and
 * prints each target with ✓ or ✗: wall time as a multiple of the baseline (medians), model, GitHub and search
 * calls, prompt tokens, and the size of the action's download. A report, not a test: a missed target still
 * exits 0; a failed run (non-zero exit, a refused GitHub request, no labels) exits 1.
 *
 *   npm run bench [-- --runs N] [-- --scenario typical|worst]     (BENCH_DEDUPE=false: no duplicate search)
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { NODE24 } from '../__tests__/e2e/harness.js'
import { measureBaseline, measureScenario, type ActionSample } from './measure.js'
import { downloadTarget, median, scenarioTargets, type Target } from './report.js'
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

/** `git archive HEAD | gzip -9 | wc -c`: what a workflow downloads, from the committed tree. */
function downloadBytes(): number {
  const out = execFileSync('bash', ['-o', 'pipefail', '-c', 'git archive HEAD | gzip -9 | wc -c'], {
    cwd: root,
    encoding: 'utf8'
  })
  return Number(out.trim())
}

async function main(): Promise<void> {
  const { runs, only } = options()
  const all = scenarios()
  const chosen = only ? [all[only]] : [all.typical, all.worst]
  const node = execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim()
  const order = ['baseline', ...chosen.map((s) => s.label)].join(', ')
  console.log(
    `Issue triage benchmark: dist/index.js on Node ${node}, ${runs} run${runs === 1 ? '' : 's'} each, interleaved (${order}), ` +
      `after ${WARMUP} warm-up round`
  )

  const baselineMs: number[] = []
  const samples = new Map<Scenario['name'], ActionSample[]>(chosen.map((s) => [s.name, []]))
  for (let round = -WARMUP; round < runs; round++) {
    const counted = round >= 0
    const b = await measureBaseline()
    if (counted) baselineMs.push(b)
    for (const scenario of chosen) {
      const sample = await measureScenario(scenario)
      if (counted) samples.get(scenario.name)!.push(sample)
    }
    process.stdout.write(counted ? `.` : 'w')
  }
  process.stdout.write('\n\n')

  const baseline = median(baselineMs)
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
  const bytes = downloadBytes()
  const targets: Target[] = []
  for (const scenario of chosen) {
    const list = scenarioTargets(scenario, samples.get(scenario.name)!, baseline)
    const kib = scenario.bodyBytes / 1024
    const body = kib >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${kib.toFixed(1)} KiB`
    console.log(`${scenario.label} (${scenario.labelCount} labels, ${body} body)`)
    for (const t of list) console.log(`  ${t.line}`)
    targets.push(...list)
  }
  const download = downloadTarget(bytes, commit)
  targets.push(download)
  console.log(`\n${download.line}`)
  const missed = targets.filter((t) => !t.ok).length
  console.log(
    missed === 0 ? `\nAll ${targets.length} targets met.` : `\n${missed} of ${targets.length} targets missed.`
  )

  const out = join(root, '.bench')
  mkdirSync(out, { recursive: true })
  const json = {
    date: new Date().toISOString(),
    node,
    runs,
    warmup: WARMUP,
    baselineMs,
    scenarios: Object.fromEntries(samples),
    download: { commit, bytes },
    targets
  }
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(json, null, 2)}\n`)
  console.log('Figures written to .bench/results.json')
}

main().catch((error: unknown) => {
  process.stdout.write('\n')
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
