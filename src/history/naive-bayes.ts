// Naive Bayes log-count ratios (Wang & Manning 2012, "Baselines and Bigrams"): for each label, how much
// more often each feature appears in its issues than in the others. On a few hundred issues a
// logistic regression alone spreads weight over chance words; the ratios say from counts alone which
// features lean towards the label, and scaling each feature by its ratio before the regression sees it
// (NB-SVM) starts the regression from that knowledge.
import type { SparseVector } from './logistic.js'

/**
 * One row per label: r[j] = log(p[j] / |p|₁) − log(q[j] / |q|₁), where p[j] (q[j]) is `alpha` plus the
 * number of issues with (without) the label in which feature j appears. A feature that appears
 * equally often on both sides gets 0.
 */
export function logCountRatios(
  docs: SparseVector[],
  targets: Uint8Array[],
  dims: number,
  alpha = 1
): Float32Array[] {
  const all = new Float64Array(dims)
  for (const x of docs) for (const j of x.index) all[j]! += 1
  // One buffer reused for every label: a repository has dozens of labels and tens of thousands of
  // features.
  const p = new Float64Array(dims)
  return targets.map((target) => {
    p.fill(0)
    docs.forEach((x, d) => {
      if (target[d]) for (const j of x.index) p[j]! += 1
    })
    let sumP = 0
    let sumQ = 0
    for (let j = 0; j < dims; j++) {
      sumP += alpha + (p[j] as number)
      sumQ += alpha + (all[j] as number) - (p[j] as number)
    }
    return Float32Array.from(
      p,
      (pj, j) => Math.log((alpha + pj) / sumP) - Math.log((alpha + (all[j] as number) - pj) / sumQ)
    )
  })
}
