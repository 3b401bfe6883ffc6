// Platt scaling: a raw logistic score says which issue is more likely to have a label, not how
// likely. Fitting sigmoid(a·score + b) to scores the model gave issues it had not seen makes a
// confidence of 0.6 mean roughly "right six times in ten", which is what a min-confidence input needs.

/** The two parameters of a Platt sigmoid. */
export interface Platt {
  a: number
  b: number
}

/** The calibrated probability of a raw score. */
export function calibrate(platt: Platt, score: number): number {
  return 1 / (1 + Math.exp(-(platt.a * score + platt.b)))
}

/**
 * Fits a Platt sigmoid by Newton's method with backtracking (Lin, Lin & Weng 2007), on held-out
 * scores. Targets are smoothed ((n₊+1)/(n₊+2), 1/(n₋+2)) so a label seen a handful of times does not
 * get confidences of exactly 0 or 1. The slope is kept non-negative, so confidence never falls as the
 * score rises.
 */
export function fitPlatt(scores: number[], positive: boolean[]): Platt {
  const pos = positive.filter(Boolean).length
  const neg = positive.length - pos
  const hi = (pos + 1) / (pos + 2)
  const lo = 1 / (neg + 2)
  const t = positive.map((p) => (p ? hi : lo))
  const loss = (a: number, b: number) => {
    let sum = 0
    scores.forEach((s, i) => {
      const z = a * s + b
      const ti = t[i] as number
      // log(1 + e^z) written to stay finite for large |z|.
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
      sum += softplus - ti * z
    })
    return sum
  }
  let a = 1
  let b = Math.log((pos + 1) / (neg + 1))
  let current = loss(a, b)
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0
    let gb = 0
    let haa = 1e-12
    let hab = 0
    let hbb = 1e-12
    scores.forEach((s, i) => {
      const p = 1 / (1 + Math.exp(-(a * s + b)))
      const d = p - (t[i] as number)
      const h = p * (1 - p)
      ga += d * s
      gb += d
      haa += h * s * s
      hab += h * s
      hbb += h
    })
    if (Math.abs(ga) < 1e-7 && Math.abs(gb) < 1e-7) break
    const det = haa * hbb - hab * hab
    const da = -(hbb * ga - hab * gb) / det
    const db = -(haa * gb - hab * ga) / det
    let step = 1
    while (step > 1e-10) {
      const next = loss(a + step * da, b + step * db)
      if (next < current + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da
        b += step * db
        current = next
        break
      }
      step /= 2
    }
    if (step <= 1e-10) break
  }
  if (a < 0)
    return { a: 0, b: Math.log(hi * pos + lo * neg) - Math.log(positive.length - hi * pos - lo * neg) }
  return { a, b }
}
