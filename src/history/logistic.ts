// One-vs-rest logistic regression over sparse vectors, written small on purpose: the JavaScript
// classifiers on npm are either dense (ml-logistic-regression builds a documents × vocabulary matrix,
// hundreds of MB for a repository's history) or bring a whole NLP toolkit into the action's download
// (natural). Issues have a few hundred non-zero features each out of tens of thousands, so sparse SGD
// trains every label in a few seconds.

/** A document as the column numbers of its non-zero features and their values. */
export interface SparseVector {
  index: Int32Array
  value: Float32Array
}

/** How hard and how long to fit. */
export interface LogisticOptions {
  epochs: number
  /** L2 penalty: keeps rare words from deciding alone. */
  l2: number
  learningRate: number
  seed: number
  /**
   * A factor per label and feature that multiplies the feature's value before the label's regression
   * sees it (naive Bayes scaling); the weights returned already include it.
   */
  scales?: Float32Array[]
}

/** One weight row per label, and its bias. */
export interface OneVsRest {
  weights: Float32Array[]
  bias: Float64Array
}

/** A small seeded generator, so training twice on the same issues gives the same model. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The indices 0..n-1 in a seeded random order. */
export function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  const next = random(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  return order
}

/** The raw score (log-odds before calibration) of one row for one document. */
export function dot(weights: ArrayLike<number>, scale: number, bias: number, x: SparseVector): number {
  let sum = 0
  for (let k = 0; k < x.index.length; k++)
    sum += (weights[x.index[k] as number] as number) * (x.value[k] as number)
  return bias + sum * scale
}

/**
 * Fits one binary logistic regression per label with AdaGrad, all labels in the same pass over the
 * documents. `targets[label][doc]` is 1 when the document has the label. The L2 penalty is applied to
 * the active features only (the usual sparse approximation), which keeps an epoch linear in the
 * number of non-zeros. Weights are held feature-major (every label's weight for feature j side by
 * side) while fitting: a document then reads a few contiguous runs of memory instead of one scattered
 * read per label, which is what made training slow once the vocabulary outgrew the CPU's cache.
 */
export function fitOneVsRest(
  docs: SparseVector[],
  targets: Uint8Array[],
  dims: number,
  options: LogisticOptions
): OneVsRest {
  const labels = targets.length
  const weights = new Float32Array(dims * labels)
  const squares = new Float32Array(dims * labels).fill(1e-6)
  const scales = options.scales ? interleave(options.scales, dims) : undefined
  const bias = new Float64Array(labels)
  const biasSquares = new Float64Array(labels).fill(1e-6)
  const z = new Float64Array(labels)
  const { learningRate: eta, l2 } = options
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const d of shuffled(docs.length, options.seed + epoch)) {
      const { index, value } = docs[d] as SparseVector
      z.set(bias)
      for (let k = 0; k < index.length; k++) {
        const row = (index[k] as number) * labels
        const v = value[k] as number
        if (scales)
          for (let l = 0; l < labels; l++)
            z[l]! += (weights[row + l] as number) * (scales[row + l] as number) * v
        else for (let l = 0; l < labels; l++) z[l]! += (weights[row + l] as number) * v
      }
      // z becomes each label's error: predicted probability minus target.
      for (let l = 0; l < labels; l++) {
        const error = 1 / (1 + Math.exp(-(z[l] as number))) - ((targets[l] as Uint8Array)[d] as number)
        z[l] = error
        biasSquares[l]! += error * error
        bias[l]! -= (eta * error) / Math.sqrt(biasSquares[l] as number)
      }
      for (let k = 0; k < index.length; k++) {
        const row = (index[k] as number) * labels
        const v = value[k] as number
        for (let l = 0; l < labels; l++) {
          const at = row + l
          const w = weights[at] as number
          const g = (z[l] as number) * (scales ? v * (scales[at] as number) : v) + l2 * w
          const g2 = (squares[at] as number) + g * g
          squares[at] = g2
          weights[at] = w - (eta * g) / Math.sqrt(g2)
        }
      }
    }
  }
  return {
    weights: Array.from({ length: labels }, (_, l) =>
      Float32Array.from({ length: dims }, (_, j) => {
        const at = j * labels + l
        return (weights[at] as number) * (scales ? (scales[at] as number) : 1)
      })
    ),
    bias
  }
}

function interleave(rows: Float32Array[], dims: number): Float32Array {
  const out = new Float32Array(dims * rows.length)
  rows.forEach((row, l) => {
    for (let j = 0; j < dims; j++) out[j * rows.length + l] = row[j] as number
  })
  return out
}
