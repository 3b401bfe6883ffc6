import { readDataset } from '../backtest/dataset.js'
import { train } from '../history/classifier.js'
import type { HistoryClassifier } from '../history/repository-classifier.js'

/**
 * `eval --provider history --train FILE`: one classifier per value of the training file's `repo`
 * column (one for the whole file when it has none), trained on that file alone, so the dataset it is
 * scored on is never seen in training.
 */
export function trainPerRepo(file: string, now = new Date()): Map<string, HistoryClassifier> {
  const issues = readDataset(file)
  const repos = [...new Set(issues.map((i) => i.repo ?? ''))]
  return new Map(
    repos.map((repo) => {
      const started = Date.now()
      const mine = issues.filter((i) => (i.repo ?? '') === repo)
      const labels = train(mine.map((i) => ({ title: i.title, body: i.body, labels: i.labels })))
      const classifier: HistoryClassifier = {
        labels,
        types: undefined,
        origin: {
          how: 'trained',
          why: `--train ${file}`,
          key: '',
          trainedAt: now.toISOString(),
          issues: mine.length,
          examined: mine.length,
          requests: 0,
          seconds: (Date.now() - started) / 1000
        }
      }
      return [repo, classifier]
    })
  )
}

/** The classifier that scores an issue of `repo`: its own, or the file's only one. */
export function classifierFor(
  classifiers: Map<string, HistoryClassifier>,
  repo: string | undefined
): HistoryClassifier | undefined {
  return classifiers.get(repo ?? '') ?? (classifiers.size === 1 ? [...classifiers.values()][0] : undefined)
}
