// The history classifier on toy issues whose answers are known by construction.
import { describe, expect, it } from '@jest/globals'
import { calibrate, fitPlatt } from '../../src/history/calibration.js'
import { charGrams, extractFeatures } from '../../src/history/features.js'
import {
  featureCaps,
  TRAIN_DEFAULTS,
  fromJSON,
  predict,
  toJSON,
  train,
  type TrainingIssue
} from '../../src/history/classifier.js'
import { logCountRatios } from '../../src/history/naive-bayes.js'
import { fitOneVsRest, type SparseVector } from '../../src/history/logistic.js'

const crash = ['panic', 'crash', 'segfault', 'abort', 'overflow', 'null']
const docs = ['typo', 'readme', 'documentation', 'tutorial', 'guide', 'example']

// Bug reports talk about crashes, docs issues about documentation; the filler words are shared.
function history(): TrainingIssue[] {
  const issues: TrainingIssue[] = []
  for (let i = 0; i < 30; i++) {
    const filler = `version release window module ${i % 7 === 0 ? 'please' : 'thanks'}`
    issues.push({
      title: `${crash[i % 6]} in ${crash[(i + 1) % 6]} handler`,
      body: `It will ${crash[(i + 2) % 6]}. ${filler}`,
      labels: ['bug']
    })
    issues.push({
      title: `${docs[i % 6]} is unclear`,
      body: `The ${docs[(i + 3) % 6]} page needs work. ${filler}`,
      labels: ['docs']
    })
  }
  // Seen three times: fewer than the five a label needs.
  for (let i = 0; i < 3; i++)
    issues.push({ title: 'security hole', body: 'cve exploit', labels: ['security', 'bug'] })
  return issues
}

describe('history classifier', () => {
  const model = train(history())

  it('tells clearly different issues apart with high confidence', () => {
    const bug = predict(model, { title: 'segfault in the panic handler', body: 'it will abort' })
    expect(bug[0]?.name).toBe('bug')
    expect(bug[0]?.confidence).toBeGreaterThan(0.8)
    const doc = predict(model, { title: 'readme is unclear', body: 'the tutorial page needs work' })
    expect(doc[0]?.name).toBe('docs')
    expect(predict(model, { title: 'readme typo', body: '' }, 0.6).map((p) => p.name)).toEqual(['docs'])
  })

  it('never predicts a label with fewer than five examples, and says so', () => {
    expect(model.tooFew).toEqual([{ name: 'security', examples: 3 }])
    expect(model.labels.map((l) => l.name)).toEqual(['bug', 'docs'])
    const names = predict(model, { title: 'security hole', body: 'cve exploit' }).map((p) => p.name)
    expect(names).not.toContain('security')
  })

  it('survives a JSON round trip with identical predictions', () => {
    const loaded = fromJSON(JSON.parse(JSON.stringify(toJSON(model))))
    for (const issue of history().slice(0, 10)) expect(predict(loaded, issue)).toEqual(predict(model, issue))
    expect(() => fromJSON({} as never)).toThrow('not a history model')
    const json = toJSON(model)
    expect(json.idf).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(fromJSON(JSON.parse(JSON.stringify(json))).idf).toEqual(model.idf)
    const cut = { ...json, labels: json.labels.map((l) => ({ ...l, weights: l.weights.slice(4) })) }
    expect(() => fromJSON(cut)).toThrow("label 'bug' weights are")
    // A model stored before character n-grams reads issues differently: refused, not misread.
    expect(() => fromJSON({ ...toJSON(model), format: 'issue-triage-history/1' } as never)).toThrow('retrain')
  })

  it('stores how it reads issues, so a loaded model extracts the same features', () => {
    const custom = train(history(), { charGrams: [2, 3], charWeight: 0.5 })
    const json = JSON.parse(JSON.stringify(toJSON(custom)))
    expect(json.reading).toEqual({ charGrams: [2, 3], bodyCharGrams: false, charWeight: 0.5 })
    expect(custom.vocabulary).toContain('c:<s')
    const issue = { title: 'segfaults in the tutorial', body: 'crashing' }
    expect(predict(fromJSON(json), issue)).toEqual(predict(custom, issue))
  })

  it('learns from word parts: an unseen inflection still points to its label', () => {
    // "crashing" and "segfaulted" never occur in training; their n-grams do ("<cras", "segfault").
    const bug = predict(model, { title: 'crashing segfaulted', body: '' })
    expect(bug[0]?.name).toBe('bug')
    const words = train(history(), { charGrams: null })
    expect(words.vocabulary.some((name) => name.startsWith('c:'))).toBe(false)
    expect(predict(words, { title: 'crashing segfaulted', body: '' })[0]?.confidence).toBeLessThan(
      bug[0]?.confidence as number
    )
  })

  it('is deterministic for the same issues and seed', () => {
    expect(JSON.stringify(toJSON(train(history())))).toBe(JSON.stringify(toJSON(model)))
  })
})

describe('calibration', () => {
  it('is monotone: a higher score never gets a lower confidence', () => {
    const scores = Array.from({ length: 200 }, (_, i) => (i - 100) / 20)
    const positive = scores.map((s, i) => s + ((i * 37) % 11) / 3 - 1.5 > 0)
    const platt = fitPlatt(scores, positive)
    expect(platt.a).toBeGreaterThan(0)
    const confidences = scores.map((s) => calibrate(platt, s))
    confidences.slice(1).forEach((c, i) => expect(c).toBeGreaterThanOrEqual(confidences[i] as number))
    expect(confidences[0]).toBeLessThan(0.1)
    expect(confidences[199]).toBeGreaterThan(0.9)
  })

  it('falls back to the base rate rather than invert when scores run against the labels', () => {
    const scores = [3, 2, 1, 0, -1, -2, -3, -4]
    const platt = fitPlatt(
      scores,
      scores.map((s) => s < 0)
    )
    expect(platt.a).toBe(0)
    expect(calibrate(platt, 5)).toBeCloseTo(0.5, 1)
  })
})

describe('naive Bayes scaling', () => {
  const doc = (...index: number[]): SparseVector => ({
    index: Int32Array.from(index),
    value: new Float32Array(index.length).fill(1)
  })
  // Feature 0 only in positives, 1 only in negatives, 2 in every issue.
  const docs = [doc(0, 2), doc(0, 2), doc(1, 2), doc(1, 2)]
  const target = Uint8Array.from([1, 1, 0, 0])

  it("gives a feature the log of how much likelier it is in the label's issues", () => {
    const [r] = logCountRatios(docs, [target], 3)
    // p = 1 + [2, 0, 2] = [3, 1, 3], q = [1, 3, 3]; both sum to 7.
    expect(r?.[0]).toBeCloseTo(Math.log(3), 5)
    expect(r?.[1]).toBeCloseTo(-Math.log(3), 5)
    expect(r?.[2]).toBeCloseTo(0, 5)
  })

  it('returns weights that already include the scaling: a feature scaled to 0 is ignored', () => {
    const scales = [Float32Array.from([1, 1, 0])]
    const options = { epochs: 5, l2: 1e-4, learningRate: 0.5, seed: 1 }
    const fitted = fitOneVsRest(docs, [target], 3, { ...options, scales })
    expect(fitted.weights[0]?.[2]).toBe(0)
    expect(fitted.weights[0]?.[0]).toBeGreaterThan(0)
    expect(fitted.weights[0]?.[1]).toBeLessThan(0)
    const plain = fitOneVsRest(docs, [target], 3, options)
    expect(plain.weights[0]?.[2]).not.toBe(0)
  })
})

describe('features', () => {
  it("takes character n-grams inside words with the word's ends marked", () => {
    expect(charGrams('crash', 3, 4)).toEqual([
      '<cr',
      'cra',
      'ras',
      'ash',
      'sh>',
      '<cra',
      'cras',
      'rash',
      'ash>'
    ])
    // Too short for the smallest n: the whole marked word.
    expect(charGrams('a', 3, 5)).toEqual(['<a>'])
    const bag = extractFeatures(
      { title: 'Crash', body: 'window' },
      { charGrams: [3, 5], bodyCharGrams: false }
    )
    expect(bag.get('c:<cr')).toBe(2)
    expect(bag.has('c:<wi')).toBe(false)
    const withBody = extractFeatures(
      { title: 'Crash', body: 'window' },
      { charGrams: [3, 5], bodyCharGrams: true }
    )
    expect(withBody.get('c:<wi')).toBe(1)
    // No n-grams unless asked for.
    expect([...extractFeatures({ title: 'Crash', body: '' }).keys()].some((k) => k.startsWith('c:'))).toBe(
      false
    )
  })

  it('weights title words over body words and marks code, traces and headings', () => {
    const bag = extractFeatures({
      title: 'Crash on startup?',
      body: "### Steps to reproduce\nrun it\n```\nthread 'main' panicked at src/main.rs:1\n```\nrustc 1.2.3"
    })
    expect(bag.get('w:crash')).toBe(2)
    expect(bag.get('t:crash')).toBe(1)
    expect(bag.get('w:run')).toBe(1)
    expect(bag.get('h:steps reproduce')).toBe(1)
    for (const marker of ['m:code', 'm:trace', 'm:version', 'm:title-question'])
      expect(bag.get(marker)).toBe(1)
    // Words inside code blocks are left out: logs would drown the description.
    expect(bag.has('w:panicked')).toBe(false)
  })
})

describe('the stored model stays within its size budget', () => {
  const defaults = TRAIN_DEFAULTS

  it('keeps both vocabulary caps for a few dozen labels, and shrinks them in proportion for many', () => {
    expect(featureCaps(defaults, 62)).toMatchObject({ maxFeatures: 25000, maxCharFeatures: 15000 })
    // 180 labels (a real label set's size): 256 bytes a feature, 17,578 features in 4.5 MB.
    const many = featureCaps(defaults, 180)
    expect(many.maxFeatures + many.maxCharFeatures).toBeLessThanOrEqual(17578)
    expect(many.maxFeatures / many.maxCharFeatures).toBeCloseTo(25 / 15, 2)
  })

  it('a model of many labels trained under a small budget is stored within it', () => {
    const issues: TrainingIssue[] = []
    for (let i = 0; i < 400; i++)
      issues.push({
        title: `word${i} thing${i % 37} part${i % 11}`,
        body: `detail${i} more${i % 13} text${i % 29} ${'x'.repeat(i % 5)}`,
        labels: [`label-${i % 40}`]
      })
    const budget = 60_000
    const size = JSON.stringify(toJSON(train(issues, { maxModelBytes: budget }))).length
    expect(size).toBeLessThanOrEqual(budget * 1.1)
    expect(JSON.stringify(toJSON(train(issues))).length).toBeGreaterThan(budget * 2)
  })
})
