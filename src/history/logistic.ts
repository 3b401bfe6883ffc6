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
 * number of non-zeros.
 */
export function fitOneVsRest(
  docs: SparseVector[],
  targets: Uint8Array[],
  dims: number,
  options: LogisticOptions
): OneVsRest {
  const labels = targets.length
  const weights = Array.from({ length: labels }, () => new Float32Array(dims))
  const squares = Array.from({ length: labels }, () => new Float32Array(dims).fill(1e-6))
  const bias = new Float64Array(labels)
  const biasSquares = new Float64Array(labels).fill(1e-6)
  const { learningRate: eta, l2 } = options
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const d of shuffled(docs.length, options.seed + epoch)) {
      const x = docs[d] as SparseVector
      for (let l = 0; l < labels; l++) {
        const w = weights[l] as Float32Array
        const g2 = squares[l] as Float32Array
        const z = dot(w, 1, bias[l] as number, x)
        const error = 1 / (1 + Math.exp(-z)) - ((targets[l] as Uint8Array)[d] as number)
        for (let k = 0; k < x.index.length; k++) {
          const j = x.index[k] as number
          const g = error * (x.value[k] as number) + l2 * (w[j] as number)
          g2[j] = (g2[j] as number) + g * g
          w[j] = (w[j] as number) - (eta * g) / Math.sqrt(g2[j] as number)
        }
        biasSquares[l] = (biasSquares[l] as number) + error * error
        bias[l] = (bias[l] as number) - (eta * error) / Math.sqrt(biasSquares[l] as number)
      }
    }
  }
  return { weights, bias }
}
