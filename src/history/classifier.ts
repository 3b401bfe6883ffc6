// A classifier trained on a repository's own labelled issues: labels with no model endpoint. One
// logistic regression per label over a capped vocabulary, calibrated on held-out folds, stored as
// 8-bit weights so a repository's model stays a few MB of JSON.
import { calibrate, fitPlatt, type Platt } from './calibration.js'
import { extractFeatures, type FeatureOptions, type IssueText } from './features.js'
import { dot, fitOneVsRest, shuffled, type SparseVector } from './logistic.js'
import { logCountRatios } from './naive-bayes.js'

/** An issue of the history with the labels people gave it. */
export interface TrainingIssue extends IssueText {
  labels: string[]
}

/** Training settings; every field has a default that suits a repository of a few thousand issues. */
export interface TrainOptions {
  /** A label with fewer examples is never predicted (default 5). */
  minExamples?: number
  /** Vocabulary cap, the commonest features first: bounds the model's size (default 25,000). */
  maxFeatures?: number
  /** A feature must appear in this many issues to be kept (default 1). */
  minDocuments?: number
  epochs?: number
  l2?: number
  learningRate?: number
  /** Character n-gram lengths inside words, `null` for none (default [3, 5]). */
  charGrams?: [number, number] | null
  /** Character n-grams from body words too, not only the title's (default false). */
  bodyCharGrams?: boolean
  /** Weight of the character n-grams beside the words, each group of unit length (default 0.25). */
  charWeight?: number
  /** Vocabulary cap for character n-grams, kept apart from `maxFeatures` (default 15,000). */
  maxCharFeatures?: number
  /** Scale each feature by its naive Bayes log-count ratio before the regression (default true). */
  nbScale?: boolean
  /** Held-out folds the calibration is fitted on (default 3). */
  calibrationFolds?: number
  seed?: number
  /**
   * The stored model's size budget in bytes (default 4.5 MB): with many labels both vocabulary caps
   * shrink in proportion, since every label keeps a weight for every feature.
   */
  maxModelBytes?: number
}

/** A label the model can predict. */
export interface LabelModel {
  name: string
  examples: number
  bias: number
  /** weights[j] · scale is the weight of vocabulary entry j. */
  scale: number
  weights: Int8Array
  platt: Platt
}

/** A trained model; `toJSON` / `fromJSON` store and load it. */
export interface Model {
  vocabulary: string[]
  idf: Float32Array
  labels: LabelModel[]
  /** Labels seen too rarely to learn: never predicted, listed so a report can say why. */
  tooFew: { name: string; examples: number }[]
  columns: Map<string, number>
  reading: Reading
}

/** A predicted label and its calibrated confidence (0–1). */
export interface Prediction {
  name: string
  confidence: number
}

/** Every training setting's default. */
export const TRAIN_DEFAULTS: Required<TrainOptions> = {
  minExamples: 5,
  maxFeatures: 25000,
  minDocuments: 1,
  epochs: 5,
  l2: 1e-4,
  learningRate: 0.1,
  charGrams: [3, 5],
  bodyCharGrams: false,
  charWeight: 0.25,
  maxCharFeatures: 15000,
  nbScale: true,
  calibrationFolds: 3,
  seed: 1,
  maxModelBytes: 4_500_000
}

// Stored bytes per feature: a base64 byte of weight per label, and the feature's name and idf.
const bytesPerFeature = (labels: number) => (labels * 4) / 3 + 16

/** The vocabulary caps, shrunk in proportion when `labels` weights per feature would pass the budget. */
export function featureCaps(options: Required<TrainOptions>, labels: number): Required<TrainOptions> {
  const fits = Math.floor(options.maxModelBytes / bytesPerFeature(labels))
  const wanted = options.maxFeatures + options.maxCharFeatures
  if (fits >= wanted) return options
  const share = fits / wanted
  return {
    ...options,
    maxFeatures: Math.floor(options.maxFeatures * share),
    maxCharFeatures: Math.floor(options.maxCharFeatures * share)
  }
}

// Three decimals of an idf are plenty and make a model survive JSON unchanged.
const round3 = (x: number) => Math.round(x * 1000) / 1000

/** How a model reads an issue: the feature options and the weight of the character n-grams. */
export interface Reading extends FeatureOptions {
  charWeight: number
}

const isCharGram = (name: string) => name.startsWith('c:')

/**
 * Feature bags to sparse tf-idf vectors. Words and character n-grams are each scaled to unit length,
 * then the n-grams by `charWeight`: long issues must not outvote short ones, and the dozen n-grams of
 * each word must not outvote the word.
 */
function vectorize(
  bag: Map<string, number>,
  columns: Map<string, number>,
  idf: Float32Array,
  charWeight: number
): SparseVector {
  const entries: [number, number, boolean][] = []
  const squares = [0, 0]
  for (const [name, weight] of bag) {
    const j = columns.get(name)
    if (j === undefined) continue
    const v = (1 + Math.log(weight)) * (idf[j] as number)
    const char = isCharGram(name)
    entries.push([j, v, char])
    squares[char ? 1 : 0]! += v * v
  }
  entries.sort((x, y) => x[0] - y[0])
  const wordNorm = Math.sqrt(squares[0] as number) || 1
  const charNorm = (Math.sqrt(squares[1] as number) || 1) / charWeight
  return {
    index: Int32Array.from(entries, ([j]) => j),
    value: Float32Array.from(entries, ([, v, char]) => v / (char ? charNorm : wordNorm))
  }
}

// Issues are read twice, once to count features and once to vectorize them, rather than holding every
// issue's feature bag at once: thousands of bags of hundreds of strings cost more memory than training.
function buildVocabulary(issues: IssueText[], reading: Reading, options: Required<TrainOptions>) {
  const documents = new Map<string, number>()
  for (const issue of issues)
    for (const name of extractFeatures(issue, reading).keys())
      documents.set(name, (documents.get(name) ?? 0) + 1)
  const commonest = (char: boolean, cap: number) =>
    [...documents]
      .filter(([name, n]) => n >= options.minDocuments && isCharGram(name) === char)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, cap)
  const vocabulary = [...commonest(false, options.maxFeatures), ...commonest(true, options.maxCharFeatures)]
  const idf = Float32Array.from(vocabulary, ([, n]) => round3(Math.log((issues.length + 1) / (n + 1)) + 1))
  return { vocabulary: vocabulary.map(([name]) => name), idf }
}

/**
 * Trains a model on labelled issues. Labels with fewer than `minExamples` issues (or on every issue,
 * where there is nothing to tell apart) go to `tooFew` and are never predicted.
 */
export function train(issues: TrainingIssue[], trainOptions: TrainOptions = {}): Model {
  const options = { ...TRAIN_DEFAULTS, ...trainOptions }
  const counts = new Map<string, number>()
  for (const issue of issues)
    for (const label of new Set(issue.labels)) counts.set(label, (counts.get(label) ?? 0) + 1)
  const names = [...counts.keys()].sort()
  const learnable = names.filter(
    (name) => (counts.get(name) as number) >= options.minExamples && counts.get(name) !== issues.length
  )
  const tooFew = names
    .filter((name) => !learnable.includes(name))
    .map((name) => ({ name, examples: counts.get(name) as number }))

  const reading: Reading = {
    charGrams: options.charGrams,
    bodyCharGrams: options.bodyCharGrams,
    charWeight: options.charWeight
  }
  const { vocabulary, idf } = buildVocabulary(issues, reading, featureCaps(options, learnable.length))
  const columns = new Map(vocabulary.map((name, j) => [name, j]))
  const docs = issues.map((issue) =>
    vectorize(extractFeatures(issue, reading), columns, idf, reading.charWeight)
  )
  const targets = learnable.map((name) =>
    Uint8Array.from(issues, (issue) => (issue.labels.includes(name) ? 1 : 0))
  )
  const fit = (rows: number[]) => {
    const x = rows.map((d) => docs[d] as SparseVector)
    const y = targets.map((t) => Uint8Array.from(rows, (d) => t[d] as number))
    const scales = options.nbScale ? logCountRatios(x, y, vocabulary.length) : undefined
    return fitOneVsRest(x, y, vocabulary.length, { ...options, scales })
  }

  // Scores for each issue from a model that did not see it: what the calibration is fitted on.
  const heldOut = learnable.map(() => new Float64Array(issues.length))
  const order = shuffled(issues.length, options.seed)
  const folds = Math.max(2, options.calibrationFolds)
  for (let fold = 0; fold < folds; fold++) {
    const test = order.filter((_, i) => i % folds === fold)
    const model = fit(order.filter((_, i) => i % folds !== fold))
    learnable.forEach((_, l) => {
      for (const d of test)
        (heldOut[l] as Float64Array)[d] = dot(
          model.weights[l] as Float32Array,
          1,
          model.bias[l] as number,
          docs[d] as SparseVector
        )
    })
  }

  const final = fit(order)
  const labels = learnable.map((name, l): LabelModel => {
    const row = final.weights[l] as Float32Array
    const max = row.reduce((m, w) => Math.max(m, Math.abs(w)), 0)
    const scale = max / 127 || 1
    return {
      name,
      examples: counts.get(name) as number,
      bias: final.bias[l] as number,
      scale,
      weights: Int8Array.from(row, (w) => Math.round(w / scale)),
      platt: fitPlatt(
        Array.from(heldOut[l] as Float64Array),
        Array.from(targets[l] as Uint8Array, (y) => y === 1)
      )
    }
  })
  return { vocabulary, idf, labels, tooFew, columns, reading }
}

/**
 * Every label the model can predict for an issue with its calibrated confidence, most likely first;
 * `minConfidence` drops the rest.
 */
export function predict(model: Model, issue: IssueText, minConfidence = 0): Prediction[] {
  const x = vectorize(
    extractFeatures(issue, model.reading),
    model.columns,
    model.idf,
    model.reading.charWeight
  )
  return model.labels
    .map((label) => ({
      name: label.name,
      confidence: calibrate(label.platt, dot(label.weights, label.scale, label.bias, x))
    }))
    .filter((p) => p.confidence >= minConfidence)
    .sort((p, q) => q.confidence - p.confidence || (p.name < q.name ? -1 : 1))
}

/** The stored form of a model: plain JSON, weights as base64 of signed bytes. */
export interface ModelJSON {
  format: 'issue-triage-history/2'
  reading: Reading
  vocabulary: string[]
  /** Thousandths of each idf, base64 of 16-bit integers (little-endian, as on every runner). */
  idf: string
  labels: (Omit<LabelModel, 'weights'> & { weights: string })[]
  tooFew: { name: string; examples: number }[]
}

const base64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

// A copy, so a typed array over it is aligned and owns its memory.
function bytes(text: string, length: number, what: string): Uint8Array {
  const out = Uint8Array.from(Buffer.from(text, 'base64'))
  if (out.length !== length)
    throw new Error(`history model: ${what} are ${out.length} bytes where ${length} were expected`)
  return out
}

/** The model as JSON-ready data. */
export function toJSON(model: Model): ModelJSON {
  return {
    format: 'issue-triage-history/2',
    reading: model.reading,
    vocabulary: model.vocabulary,
    idf: base64(Uint16Array.from(model.idf, (v) => Math.round(v * 1000))),
    labels: model.labels.map((label) => ({
      ...label,
      weights: base64(label.weights)
    })),
    tooFew: model.tooFew
  }
}

/** A model from `toJSON`'s data; throws on anything else. */
export function fromJSON(json: ModelJSON): Model {
  if (json?.format !== 'issue-triage-history/2')
    throw new Error('not a history model (format issue-triage-history/2 expected; retrain an older model)')
  const size = json.vocabulary.length
  const labels = json.labels.map((label) => ({
    ...label,
    weights: new Int8Array(bytes(label.weights, size, `label '${label.name}' weights`).buffer)
  }))
  return {
    vocabulary: json.vocabulary,
    idf: Float32Array.from(new Uint16Array(bytes(json.idf, 2 * size, 'idf').buffer), (v) => v / 1000),
    labels,
    tooFew: json.tooFew,
    reading: json.reading,
    columns: new Map(json.vocabulary.map((name, j) => [name, j]))
  }
}
