// A classifier trained on a repository's own labelled issues: labels with no model endpoint. One
// logistic regression per label over a capped vocabulary, calibrated on held-out folds, stored as
// 8-bit weights so a repository's model stays a few MB of JSON.
import { calibrate, fitPlatt, type Platt } from './calibration.js'
import { extractFeatures, type IssueText } from './features.js'
import { dot, fitOneVsRest, shuffled, type SparseVector } from './logistic.js'

/** An issue of the history with the labels people gave it. */
export interface TrainingIssue extends IssueText {
  labels: string[]
}

/** Training settings; every field has a default that suits a repository of a few thousand issues. */
export interface TrainOptions {
  /** A label with fewer examples is never predicted (default 5). */
  minExamples?: number
  /** Vocabulary cap, the commonest features first: bounds the model's size (default 30,000). */
  maxFeatures?: number
  /** A feature must appear in this many issues to be kept (default 2). */
  minDocuments?: number
  epochs?: number
  l2?: number
  learningRate?: number
  /** Held-out folds the calibration is fitted on (default 3). */
  calibrationFolds?: number
  seed?: number
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
}

/** A predicted label and its calibrated confidence (0–1). */
export interface Prediction {
  name: string
  confidence: number
}

const DEFAULTS: Required<TrainOptions> = {
  minExamples: 5,
  maxFeatures: 30000,
  minDocuments: 2,
  epochs: 8,
  l2: 1e-4,
  learningRate: 0.5,
  calibrationFolds: 3,
  seed: 1
}

// Three decimals of an idf are plenty and make a model survive JSON unchanged.
const round3 = (x: number) => Math.round(x * 1000) / 1000

/** Feature bags to sparse tf-idf vectors of unit length: long issues must not outvote short ones. */
function vectorize(bag: Map<string, number>, columns: Map<string, number>, idf: Float32Array): SparseVector {
  const entries: [number, number][] = []
  for (const [name, weight] of bag) {
    const j = columns.get(name)
    if (j !== undefined) entries.push([j, (1 + Math.log(weight)) * (idf[j] as number)])
  }
  entries.sort((x, y) => x[0] - y[0])
  const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1
  return {
    index: Int32Array.from(entries, ([j]) => j),
    value: Float32Array.from(entries, ([, v]) => v / norm)
  }
}

function buildVocabulary(bags: Map<string, number>[], options: Required<TrainOptions>) {
  const documents = new Map<string, number>()
  for (const bag of bags) for (const name of bag.keys()) documents.set(name, (documents.get(name) ?? 0) + 1)
  const vocabulary = [...documents]
    .filter(([, n]) => n >= options.minDocuments)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, options.maxFeatures)
  const idf = Float32Array.from(vocabulary, ([, n]) => round3(Math.log((bags.length + 1) / (n + 1)) + 1))
  return { vocabulary: vocabulary.map(([name]) => name), idf }
}

/**
 * Trains a model on labelled issues. Labels with fewer than `minExamples` issues (or on every issue,
 * where there is nothing to tell apart) go to `tooFew` and are never predicted.
 */
export function train(issues: TrainingIssue[], trainOptions: TrainOptions = {}): Model {
  const options = { ...DEFAULTS, ...trainOptions }
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

  const bags = issues.map(extractFeatures)
  const { vocabulary, idf } = buildVocabulary(bags, options)
  const columns = new Map(vocabulary.map((name, j) => [name, j]))
  const docs = bags.map((bag) => vectorize(bag, columns, idf))
  const targets = learnable.map((name) =>
    Uint8Array.from(issues, (issue) => (issue.labels.includes(name) ? 1 : 0))
  )
  const fit = (rows: number[]) =>
    fitOneVsRest(
      rows.map((d) => docs[d] as SparseVector),
      targets.map((t) => Uint8Array.from(rows, (d) => t[d] as number)),
      vocabulary.length,
      options
    )

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
  return { vocabulary, idf, labels, tooFew, columns }
}

/**
 * Every label the model can predict for an issue with its calibrated confidence, most likely first;
 * `minConfidence` drops the rest.
 */
export function predict(model: Model, issue: IssueText, minConfidence = 0): Prediction[] {
  const x = vectorize(extractFeatures(issue), model.columns, model.idf)
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
  format: 'issue-triage-history/1'
  vocabulary: string[]
  idf: number[]
  labels: (Omit<LabelModel, 'weights'> & { weights: string })[]
  tooFew: { name: string; examples: number }[]
}

/** The model as JSON-ready data. */
export function toJSON(model: Model): ModelJSON {
  return {
    format: 'issue-triage-history/1',
    vocabulary: model.vocabulary,
    idf: Array.from(model.idf),
    labels: model.labels.map((label) => ({
      ...label,
      weights: Buffer.from(label.weights.buffer, label.weights.byteOffset, label.weights.byteLength).toString(
        'base64'
      )
    })),
    tooFew: model.tooFew
  }
}

/** A model from `toJSON`'s data; throws on anything else. */
export function fromJSON(json: ModelJSON): Model {
  if (json?.format !== 'issue-triage-history/1')
    throw new Error('not a history model (format issue-triage-history/1 expected)')
  const size = json.vocabulary.length
  const labels = json.labels.map((label) => {
    const bytes = Buffer.from(label.weights, 'base64')
    if (bytes.length !== size)
      throw new Error(`history model: label '${label.name}' has ${bytes.length} weights for ${size} features`)
    return { ...label, weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length).slice() }
  })
  return {
    vocabulary: json.vocabulary,
    idf: Float32Array.from(json.idf),
    labels,
    tooFew: json.tooFew,
    columns: new Map(json.vocabulary.map((name, j) => [name, j]))
  }
}
