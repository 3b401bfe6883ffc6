/**
 * The two repositories the benchmark triages an issue in: a typical one (10 described labels, a ~1 KB bug
 * report) and a worst case (Kubernetes' 180 labels, a 1 MiB body).
 */
import { readFileSync } from 'node:fs'
import { openedPayload } from '../__tests__/e2e/fixtures.js'
import { sampleRepo, type RepoSeed } from '../__tests__/emulators/github/index.js'
import { TYPICAL_BODY, TYPICAL_TITLE, WORST_TITLE, worstBody } from './bodies.js'

/** A benchmark scenario: what GitHub holds, and the `issues.opened` payload of the issue to triage. */
export interface Scenario {
  name: 'typical' | 'worst'
  /** How the output names it. */
  label: string
  /** Upper bound on the median wall time as a multiple of the bare-openai baseline's median. */
  maxRatio: number
  /** Upper bound on prompt tokens for its target. */
  maxPromptTokens: number
  /** A fresh seed each call: the emulator changes what it is given. */
  seed(): RepoSeed
  payload: Record<string, unknown>
  bodyBytes: number
  labelCount: number
}

const typicalLabels: RepoSeed['labels'] = [
  { name: 'bug', description: "Something isn't working", color: 'd73a4a' },
  { name: 'documentation', description: 'Improvements or additions to documentation', color: '0075ca' },
  { name: 'duplicate', description: 'This issue or pull request already exists', color: 'cfd3d7' },
  { name: 'enhancement', description: 'New feature or request', color: 'a2eeef' },
  { name: 'good first issue', description: 'Good for newcomers', color: '7057ff' },
  { name: 'question', description: 'Further information is requested', color: 'd876e3' },
  { name: 'area: cli', description: 'The widgets command-line interface', color: '1d76db' },
  { name: 'area: export', description: 'Exporting widgets to CSV, JSON and other formats', color: '5319e7' },
  { name: 'kind/crash', description: 'The program crashes or hangs', color: 'b60205' },
  { name: 'performance', description: 'Slow commands, high memory or CPU use', color: 'fbca04' }
]

/** sampleRepo() reduced to one untriaged issue with the given labels, title and body. */
function seedWith(labels: RepoSeed['labels'], title: string, body: string): RepoSeed {
  const seed = sampleRepo()
  const issue = { ...seed.issues[0]!, title, body, labels: [] }
  return { ...seed, labels: structuredClone(labels), issues: [issue], events: {}, files: {} }
}

function kubernetesLabels(): RepoSeed['labels'] {
  const url = new URL('../__fixtures__/labels-kubernetes.json', import.meta.url)
  const file = JSON.parse(readFileSync(url, 'utf8')) as { labels: RepoSeed['labels'] }
  return file.labels
}

function scenario(
  name: Scenario['name'],
  label: string,
  maxRatio: number,
  maxPromptTokens: number,
  labels: RepoSeed['labels'],
  title: string,
  body: string
): Scenario {
  const seed = () => seedWith(labels, title, body)
  return {
    name,
    label,
    maxRatio,
    maxPromptTokens,
    seed,
    payload: openedPayload(seed(), 1),
    bodyBytes: Buffer.byteLength(body),
    labelCount: labels.length
  }
}

/** The scenarios by name; the worst case's body is generated once here (~1 MiB). */
export function scenarios(): Record<Scenario['name'], Scenario> {
  return {
    typical: scenario('typical', 'typical', 1.5, 2500, typicalLabels, TYPICAL_TITLE, TYPICAL_BODY),
    worst: scenario('worst', 'worst case', 2, 8000, kubernetesLabels(), WORST_TITLE, worstBody())
  }
}
