/**
 * `issue-triage eval`: a dataset of labelled issues through the decide stage with a real provider (the model
 * emulator, scripted with known mistakes), results appended as they come, the backtest's metrics at the end.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { evalCommand } from '../../src/cli/eval.js'
import { startModelEmulator, type ChatRequest, type ModelEmulator } from '../emulators/openai/server.js'
import { messageText } from '../emulators/openai/tokens.js'

let model: ModelEmulator | undefined
let dir = ''
afterEach(async () => {
  await model?.close()
  model = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const ISSUES = [
  {
    number: 1,
    title: 'Crash on save',
    body: 'It crashes.',
    labels: ['bug'],
    created_at: '2024-01-01T00:00:00Z'
  },
  {
    number: 2,
    title: 'Add dark mode',
    body: 'Please.',
    labels: ['feature'],
    created_at: '2024-01-11T00:00:00Z'
  },
  {
    number: 3,
    title: 'How to configure the cache',
    body: '?',
    labels: ['question'],
    created_at: '2024-01-21T00:00:00Z'
  },
  { number: 4, title: 'Docs typo', body: 'intall', labels: ['docs'], created_at: '2024-01-31T00:00:00Z' }
]
// Right on 1 and 2, wrong on 3, unsure (under min-confidence 0.6) on 4.
const ANSWERS: Record<string, [string, number]> = {
  'Crash on save': ['bug', 0.9],
  'Add dark mode': ['feature', 0.8],
  'How to configure the cache': ['bug', 0.7],
  'Docs typo': ['docs', 0.5]
}

function scripted(req: ChatRequest): string {
  const user = [...req.messages].reverse().find((m) => m.role === 'user')
  const title = /^Title: (.*)$/m.exec(user ? messageText(user) : '')?.[1] ?? ''
  const [name, confidence] = ANSWERS[title]!
  return JSON.stringify({ labels: [{ name, rationale: 'r', confidence }], summary: title })
}

async function setUp() {
  model = await startModelEmulator({ respond: scripted })
  dir = mkdtempSync(join(tmpdir(), 'eval-test-'))
  const dataset = join(dir, 'issues.jsonl')
  writeFileSync(dataset, ISSUES.map((i) => JSON.stringify(i)).join('\n') + '\n')
  const args = (...more: string[]) => [
    '--dataset',
    dataset,
    '--provider',
    'openai',
    '--endpoint',
    model!.url,
    '--api-key',
    'sk-eval',
    '--model',
    'test-model',
    '--report',
    join(dir, 'report.json'),
    ...more
  ]
  return { dataset, args, report: () => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) }
}

describe('issue-triage eval', () => {
  it('scores every issue of a dataset with the metrics of the backtest', async () => {
    const { args, report } = await setUp()
    expect(await evalCommand(args(), {})).toBe(0)
    const r = report()
    expect(r.cases).toBe(4)
    // 2 right of 3 written; 2 of the 4 labels people chose.
    expect(r.micro.precision).toBeCloseTo(2 / 3, 10)
    expect(r.micro.recall).toBeCloseTo(0.5, 10)
    const bug = r.labels.find((l: { label: string }) => l.label === 'bug')
    expect(bug).toMatchObject({ support: 1, predicted: 2, tp: 1, fp: 1, precision: 0.5, recall: 1 })
    // The model chose among the dataset's own labels.
    const offered = (
      model!.chatRequests()[0]!.response_format?.json_schema?.schema as {
        properties: { labels: { items: { properties: { name: { enum: string[] } } } } }
      }
    ).properties.labels.items.properties.name.enum
    expect(offered).toEqual(['bug', 'docs', 'feature', 'question'])
    expect(r.preciseFrom.docs).toBe(0.5)
  })

  it('resumes an interrupted run without asking the model again about what it scored', async () => {
    const { args, report } = await setUp()
    expect(await evalCommand(args('--limit', '2'), {})).toBe(0)
    expect(model!.chatRequests()).toHaveLength(2)
    expect(await evalCommand(args(), {})).toBe(0)
    expect(model!.chatRequests()).toHaveLength(4)
    expect(report().cases).toBe(4)
    expect(await evalCommand(args(), {})).toBe(0)
    expect(model!.chatRequests()).toHaveLength(4)
  })

  it('says what is missing, before any call', async () => {
    await expect(evalCommand([], {})).rejects.toThrow(/--dataset is required/)
    const { args } = await setUp()
    await expect(evalCommand([...args(), '--concurrency', '0'], {})).rejects.toThrow(/--concurrency must be/)
    expect(model!.requests).toEqual([])
  })
})

describe('issue-triage eval --provider history', () => {
  // Two repositories, each with its own words for its labels: a classifier per repo learns each apart.
  const kinds = {
    'acme/app': { bug: 'crash segfault when saving', feature: 'please add support for export' },
    'acme/lib': { bug: 'panic overflow in parser', docs: 'typo in the readme guide' }
  } as const
  const rows = (start: number, count: number) =>
    Object.entries(kinds).flatMap(([repo, labels]) =>
      Object.entries(labels).flatMap(([label, words]) =>
        Array.from({ length: count }, (_, i) => ({
          number: start + i,
          repo,
          title: `${words} ${['today', 'again', 'on linux', 'on mac', 'at startup', 'sometimes'][i % 6]}`,
          body: `${words}. Details ${i}.`,
          labels: [label],
          created_at: '2024-02-01T00:00:00Z'
        }))
      )
    )

  it('trains on one file, one classifier per repo, and scores the other with no model', async () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-history-'))
    const trainFile = join(dir, 'train.jsonl')
    const dataset = join(dir, 'test.jsonl')
    writeFileSync(
      trainFile,
      rows(1, 12)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    writeFileSync(
      dataset,
      rows(100, 3)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    const reportFile = join(dir, 'report.json')
    const args = ['--provider', 'history', '--train', trainFile, '--dataset', dataset, '--report', reportFile]
    expect(await evalCommand(args, {})).toBe(0)
    const r = JSON.parse(readFileSync(reportFile, 'utf8'))
    expect(r.cases).toBe(12)
    expect(r.micro.precision).toBe(1)
    expect(r.micro.recall).toBe(1)
    expect(Object.keys(r.repos)).toEqual(['acme/app', 'acme/lib'])
    // Its results are kept apart from a model's, so a resume never mixes the two.
    expect(readFileSync(`${dataset}.history.results.jsonl`, 'utf8').trim().split('\n')).toHaveLength(12)
  })

  it('needs --train, and --train needs provider history', async () => {
    await expect(evalCommand(['--dataset', 'x.jsonl', '--provider', 'history'], {})).rejects.toThrow(
      /--provider history needs --train FILE/
    )
    await expect(
      evalCommand(
        ['--dataset', 'x.jsonl', '--provider', 'openai', '--api-key', 'k', '--model', 'm', '--train', 'y'],
        {}
      )
    ).rejects.toThrow(/--train applies to --provider history only/)
  })
})
