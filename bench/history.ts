/**
 * `npm run bench:history`: the history classifier (src/history) on real labelled issues, no model endpoint.
 *   - NLBSE'24 train split: 5-fold cross-validation per repository, macro F1 of the top label, beside
 *     the published baselines on the test split.
 *   - rust-lang/rust 2010–2016: trained on issues opened before 2015, tested on the rest; micro/macro F1
 *     over labels with ≥ 20 training examples and precision at min-confidence 0.6.
 *   - cost: training time and peak memory on 3,000 issues, model size as JSON, time to predict one issue.
 * A report: missed targets exit 0.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readDataset, type DatasetIssue } from '../src/backtest/dataset.js'
import { predict, toJSON, train, type Model, type TrainOptions } from '../src/history/classifier.js'
import { actionCost } from './history-action.js'

const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data')
const dataFile = (name: string) =>
  process.env.BENCH_DATA_DIR ? join(process.env.BENCH_DATA_DIR, name) : join(DATA, name)
const OPTIONS: TrainOptions = JSON.parse(process.env.BENCH_HISTORY_OPTIONS ?? '{}')
const f = (x: number) => x.toFixed(3)

function macroF1(gold: string[], predicted: string[], classes: string[]): number {
  const f1s = classes.map((c) => {
    let tp = 0
    let fp = 0
    let fn = 0
    gold.forEach((g, i) => {
      const p = predicted[i]
      if (p === c && g === c) tp++
      else if (p === c) fp++
      else if (g === c) fn++
    })
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0
  })
  return f1s.reduce((s, x) => s + x, 0) / classes.length
}

function nlbse(): void {
  const issues = readDataset(dataFile('nlbse24-train.csv.gz'))
  const repos = [...new Set(issues.map((i) => i.repo ?? ''))].sort()
  const allGold: string[] = []
  const allPredicted: string[] = []
  const classes = ['bug', 'feature', 'question']
  console.log(`NLBSE'24 train split, 5-fold cross-validation per repository (${issues.length} issues)`)
  const perRepo: number[] = []
  for (const repo of repos) {
    const rows = issues.filter((i) => i.repo === repo)
    const gold: string[] = []
    const predicted: string[] = []
    for (let fold = 0; fold < 5; fold++) {
      const model = train(
        rows.filter((_, i) => i % 5 !== fold),
        OPTIONS
      )
      rows.forEach((issue, i) => {
        if (i % 5 !== fold) return
        gold.push(issue.labels[0] as string)
        predicted.push(predict(model, issue)[0]?.name ?? '')
      })
    }
    const score = macroF1(gold, predicted, classes)
    perRepo.push(score)
    allGold.push(...gold)
    allPredicted.push(...predicted)
    console.log(`  ${repo.padEnd(24)} macro F1 ${f(score)}`)
  }
  const overall = macroF1(allGold, allPredicted, classes)
  console.log(`  ${'overall (pooled)'.padEnd(24)} macro F1 ${f(overall)}   target ≥ 0.760`)
  console.log(
    `  ${'mean of repositories'.padEnd(24)} macro F1 ${f(perRepo.reduce((s, x) => s + x, 0) / perRepo.length)}`
  )
  console.log('  published baselines (test split): fastText 0.718, RoBERTa 0.792, SetFit 0.824')
}

function rust(): DatasetIssue[] {
  const issues = readDataset(dataFile('rust-issues-2010-2016.jsonl.gz'))
  const cut = '2015-01-01T00:00:00.000Z'
  const before = issues.filter((i) => (i.createdAt ?? '') < cut)
  const after = issues.filter((i) => (i.createdAt ?? '') >= cut && i.labels.length)
  const started = performance.now()
  const model = train(before, OPTIONS)
  const seconds = (performance.now() - started) / 1000
  const counts = new Map<string, number>()
  for (const i of before) for (const l of i.labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  const scored = model.labels.filter((l) => (counts.get(l.name) ?? 0) >= 20).map((l) => l.name)
  console.log(
    `\nrust-lang/rust: trained on ${before.length} issues before 2015 (${seconds.toFixed(1)} s), tested on ${after.length} labelled issues after;` +
      ` ${model.labels.length} labels learnt, ${model.tooFew.length} with < 5 examples never predicted; ${scored.length} labels with ≥ 20 training examples scored`
  )
  const stats = new Map(scored.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]))
  const thresholds = [0.5, 0.6, 0.7, 0.8]
  const atThreshold = thresholds.map(() => ({ tp: 0, fp: 0, fn: 0 }))
  for (const issue of after) {
    const predictions = predict(model, issue).filter((p) => stats.has(p.name))
    const gold = new Set(issue.labels.filter((l) => stats.has(l)))
    thresholds.forEach((t, k) => {
      const chosen = new Set(predictions.filter((p) => p.confidence >= t).map((p) => p.name))
      const s = atThreshold[k] as { tp: number; fp: number; fn: number }
      for (const name of chosen)
        if (gold.has(name)) s.tp++
        else s.fp++
      for (const name of gold) if (!chosen.has(name)) s.fn++
      if (t !== 0.5) return
      for (const name of chosen)
        (stats.get(name) as { tp: number; fp: number })[gold.has(name) ? 'tp' : 'fp']++
      for (const name of gold) if (!chosen.has(name)) (stats.get(name) as { fn: number }).fn++
    })
  }
  const f1 = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }) =>
    tp ? (2 * tp) / (2 * tp + fp + fn) : 0
  const macro = [...stats.values()].reduce((s, x) => s + f1(x), 0) / stats.size
  thresholds.forEach((t, k) => {
    const s = atThreshold[k] as { tp: number; fp: number; fn: number }
    const precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 0
    const recall = s.tp / (s.tp + s.fn)
    console.log(
      `  min-confidence ${t}: precision ${f(precision)} recall ${f(recall)} micro F1 ${f(f1(s))} (${s.tp + s.fp} labels applied)` +
        (t === 0.6 ? '   target precision ≥ 0.800' : '') +
        (t === 0.5 ? `; macro F1 ${f(macro)}` : '')
    )
  })
  const best = [...stats].map(([name, s]) => `${name} ${f(f1(s))}`).join(', ')
  console.log(`  per label F1 at 0.5: ${best}`)
  return before
}

function cost(history: DatasetIssue[]): void {
  const sample = history.slice(-3000)
  global.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  const model: Model = train(sample, OPTIONS)
  const seconds = (performance.now() - started) / 1000
  peak = Math.max(peak, process.memoryUsage().rss)
  clearInterval(timer)
  const bytes = Buffer.byteLength(JSON.stringify(toJSON(model)))
  const probe = history.slice(0, 200)
  const t0 = performance.now()
  for (const issue of probe) predict(model, issue)
  const perIssue = (performance.now() - t0) / probe.length
  console.log(
    `\ncost on ${sample.length} issues: training ${seconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (+${((peak - baseline) / 2 ** 20).toFixed(0)} MB),` +
      ` model ${(bytes / 2 ** 20).toFixed(2)} MB as JSON (target ≤ 5 MB; ${model.labels.length} labels, ${model.vocabulary.length} features),` +
      ` predict ${perIssue.toFixed(2)} ms an issue (target ≤ 50 ms)`
  )
}

const only = process.argv[2]
if (!only || only === 'nlbse') nlbse()
if (!only || only === 'rust') cost(rust())
if (!only || only === 'action') {
  console.log(
    '\nthe bundled action, provider history, on 3,300 rust-lang/rust issues (emulated GitHub and cache)'
  )
  await actionCost()
}
