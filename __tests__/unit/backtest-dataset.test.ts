import { afterAll, describe, expect, it } from '@jest/globals'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import ts from 'typescript'
import { appendResult, readDataset, readResults } from '../../src/backtest/dataset.js'
import { InputError } from '../../src/errors.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const fixture = (name: string) => join(root, '__fixtures__/backtest', name)
const scratch = mkdtempSync(join(tmpdir(), 'backtest-dataset-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Writes `text` to a scratch file named `name` (gzipped when it ends in .gz) and returns its path. */
function write(name: string, text: string): string {
  const file = join(scratch, name)
  writeFileSync(file, name.endsWith('.gz') ? gzipSync(text) : text)
  return file
}

const errorOf = (f: () => unknown): InputError => {
  try {
    f()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readDataset: NLBSE CSV', () => {
  it('reads quoted multi-line bodies and commas in titles, and merges the rows of one issue', () => {
    const issues = readDataset(fixture('issues.csv'))
    expect(issues.map((i) => [i.repo, i.createdAt, i.title, i.labels])).toEqual([
      ['octo/app', '2024-03-01T09:15:00.000Z', 'Crash on save, then "data lost"', ['bug', 'question']],
      ['octo/app', '2024-03-02T10:00:00.000Z', 'Dark mode', ['feature']],
      ['octo/lib', '2024-04-10T23:59:59.000Z', 'How do I configure the cache?', ['question']]
    ])
    expect(issues[0]?.body).toBe('Steps:\n1. Open a file, edit it\n2. Save\n\nExpected: saved, "as usual".')
    expect(issues[2]?.body).toBe('')
    expect(issues[0]?.id).toMatch(/^octo\/app@[0-9a-f]{12}$/)
    expect(new Set(issues.map((i) => i.id)).size).toBe(3)
  })

  it('gives the same ids however the rows are ordered, so results resume', () => {
    const [header, ...rows] = readFileSync(fixture('issues.csv'), 'utf8').split(/\n(?=octo)/)
    const reversed = write('reversed.csv', [header, ...rows.reverse()].join('\n'))
    const ids = (file: string) =>
      readDataset(file)
        .map((i) => i.id)
        .sort()
    expect(ids(reversed)).toEqual(ids(fixture('issues.csv')))
  })

  it('reads gzipped CSV, and CSV without the optional columns', () => {
    const text = readFileSync(fixture('issues.csv'), 'utf8')
    expect(readDataset(write('copy.csv.gz', text))).toEqual(readDataset(fixture('issues.csv')))
    const bare = readDataset(write('bare.csv', 'title,label,body\nHello,bug,world\n'))
    expect(bare).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{12}$/), title: 'Hello', body: 'world', labels: ['bug'] }
    ])
  })

  it('names the file, row and starting line of a bad row', () => {
    const file = write(
      'bad-label.csv',
      'repo,created_at,label,title,body\no/r,2024-01-01 00:00:00,bug,A,"two\nlines"\no/r,2024-01-02 00:00:00,,B,b\n'
    )
    expect(errorOf(() => readDataset(file)).message).toBe(`${file}, row 2 (line 4): empty 'label'`)
    const date = write('bad-date.csv', 'created_at,label,title,body\nyesterday,bug,A,a\n')
    expect(errorOf(() => readDataset(date)).message).toBe(
      `${date}, row 1 (line 2): created_at 'yesterday' is not a date`
    )
  })

  it('passes on the parser’s line for broken CSV', () => {
    const columns = write('columns.csv', 'label,title,body\nbug,A,a,extra\n')
    expect(errorOf(() => readDataset(columns)).message).toMatch(
      new RegExp(`^${columns}: not valid CSV: .*expect 3, got 4 on line 2`)
    )
    const quote = write('quote.csv', 'label,title,body\nbug,A,"never closed\n')
    expect(errorOf(() => readDataset(quote)).message).toMatch(/Quote Not Closed.*line 2/)
  })

  it('names a missing or repeated column and what was expected', () => {
    const file = write('no-label.csv', 'repo,created_at,title,body\no/r,2024-01-01 00:00:00,A,a\n')
    expect(errorOf(() => readDataset(file)).message).toBe(
      `${file}, line 1: missing column 'label' (expected repo,created_at,label,title,body; found repo,created_at,title,body)`
    )
    const twice = write('twice.csv', 'label,title,body,label\nbug,A,a,bug\n')
    expect(errorOf(() => readDataset(twice)).message).toBe(`${twice}, line 1: column 'label' appears twice`)
  })
})

describe('readDataset: JSONL', () => {
  it('reads gzipped GitHub issues, labels as names or objects', () => {
    expect(readDataset(fixture('issues.jsonl.gz'))).toEqual([
      {
        id: 'octo/app#1',
        repo: 'octo/app',
        number: 1,
        createdAt: '2016-01-05T10:00:00.000Z',
        title: 'Thread a session through the parser',
        body: 'The parser takes no session,\nso its logging is global.\n',
        labels: ['E-easy', 'C-cleanup']
      },
      {
        id: 'octo/app#2',
        repo: 'octo/app',
        number: 2,
        createdAt: '2016-02-05T10:00:00.000Z',
        title: 'ICE on empty match',
        body: '',
        labels: ['I-ICE', 'A-parser']
      },
      {
        id: 'octo/other#3',
        repo: 'octo/other',
        number: 3,
        createdAt: '2016-03-05T10:00:00.000Z',
        title: 'No labels yet',
        body: '',
        labels: []
      }
    ])
  })

  it('tells apart two issues that share a number by the line of the second', () => {
    const file = write(
      'twice.jsonl',
      '{"number": 1, "title": "A", "labels": []}\n\n{"number": 1, "title": "B", "labels": []}\n'
    )
    expect(readDataset(file).map((i) => [i.id, i.number, i.title])).toEqual([
      ['#1', 1, 'A'],
      ['#1@line-3', 1, 'B']
    ])
  })

  it('names the file and line of a bad line', () => {
    const cases: [string, string][] = [
      [
        '{"number": 1, "title": "A", "labels": []}\n{"number": 2, "title": "B", "labels": [}\n',
        'line 2: not JSON'
      ],
      ['{"number": 1, "labels": []}\n', `line 1: missing 'title'`],
      ['{"number": 1, "title": "A", "labels": "bug"}\n', `line 1: 'labels' must be a list of label names`],
      [
        '{"number": 1, "title": "A", "labels": [{"id": 3}]}\n',
        `line 1: 'labels' must be a list of label names`
      ],
      ['[1, 2]\n', 'line 1: not a JSON object']
    ]
    for (const [text, message] of cases) {
      const file = write('bad.jsonl', text)
      expect(errorOf(() => readDataset(file)).message).toContain(`${file}, ${message}`)
    }
  })
})

describe('readDataset: files', () => {
  it('refuses an unknown extension, a missing file and gzip that is not', () => {
    const txt = write('issues.txt', 'x')
    expect(errorOf(() => readDataset(txt)).message).toBe(
      `${txt}: unknown dataset format; use .csv, .jsonl or .ndjson, optionally gzipped (.csv.gz, .jsonl.gz)`
    )
    expect(errorOf(() => readDataset(join(scratch, 'none.csv'))).message).toMatch(
      /none\.csv: cannot be read \(ENOENT/
    )
    const fake = join(scratch, 'fake.jsonl.gz')
    writeFileSync(fake, '{"title": "A"}')
    expect(errorOf(() => readDataset(fake)).message).toMatch(/fake\.jsonl\.gz: is not gzip data/)
  })

  const nlbse = join(root, '../shared/data/nlbse24-train.csv.gz')
  const real = existsSync(nlbse) ? it : it.skip
  real('reads the real NLBSE’24 training file: 1,500 issues, one of bug / feature / question each', () => {
    const issues = readDataset(nlbse)
    expect(issues).toHaveLength(1500)
    expect(issues[0]).toMatchObject({
      repo: 'facebook/react',
      createdAt: '2023-08-26T06:33:37.000Z',
      title: '[DevTools Bug] Cannot add node "1" because a node with that id is already in the Store.',
      labels: ['bug']
    })
    expect(issues[0]?.body).toMatch(/^### Website or app\n\nPrivate repo/)
    expect(new Set(issues.flatMap((i) => i.labels))).toEqual(new Set(['bug', 'feature', 'question']))
    expect(new Set(issues.map((i) => i.id)).size).toBe(1500)
  })

  const rust = join(root, '../shared/data/rust-issues-2010-2016.jsonl.gz')
  const realRust = existsSync(rust) ? it : it.skip
  realRust('reads the real rust-lang archive: 15,815 issues with unique ids, #2765 and #2769 twice', () => {
    const issues = readDataset(rust)
    expect(issues).toHaveLength(15815)
    expect(new Set(issues.map((i) => i.id)).size).toBe(15815)
    expect(issues[0]).toMatchObject({ id: 'rust-lang/rust#1', number: 1, labels: ['E-easy', 'C-cleanup'] })
    expect(issues.filter((i) => i.number === 2765)).toHaveLength(2)
  })
})

describe('results file', () => {
  it('resumes: what was appended is read back by id, a later line winning', () => {
    const file = join(scratch, 'results.jsonl')
    expect(readResults(file).size).toBe(0)
    appendResult(file, { id: 'a', f1: 0.5 })
    appendResult(file, { id: 'b', f1: 1 })
    appendResult(file, { id: 'a', f1: 0.75 })
    expect([...readResults<{ id: string; f1: number }>(file)]).toEqual([
      ['a', { id: 'a', f1: 0.75 }],
      ['b', { id: 'b', f1: 1 }]
    ])
  })

  it('skips a last line cut short, and the next append replaces it', () => {
    const file = join(scratch, 'torn.jsonl')
    appendResult(file, { id: 'a' })
    appendFileSync(file, '{"id": "b", "f1"')
    expect([...readResults(file).keys()]).toEqual(['a'])
    appendResult(file, { id: 'c' })
    expect(readFileSync(file, 'utf8')).toBe('{"id":"a"}\n{"id":"c"}\n')
  })

  it('refuses an unreadable line anywhere else, naming it', () => {
    const file = write('broken.jsonl', '{"id": "a"}\nnot json\n{"id": "c"}\n')
    expect(errorOf(() => readResults(file)).message).toBe(
      `${file}, line 2: not a result (one JSON object a line)`
    )
    const noId = write('no-id.jsonl', '{"issue": 3}\n')
    expect(errorOf(() => readResults(noId)).message).toBe(`${noId}, line 1: a result needs a string 'id'`)
  })
})

describe('the action bundle', () => {
  // Every file src/index.ts reaches through static and dynamic imports, and every package they name.
  function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>()
    const packages = new Set<string>()
    const visit = (file: string) => {
      if (files.has(file)) return
      files.add(file)
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith('.')) {
          packages.add(fileName)
          continue
        }
        const target = join(dirname(file), fileName.replace(/\.js$/, '.ts'))
        visit(existsSync(target) ? target : join(target.replace(/\.ts$/, ''), 'index.ts'))
      }
    }
    visit(entry)
    return { files: new Set([...files].map((f) => relative(root, f))), packages }
  }

  it('does not reach the dataset reader or csv-parse', () => {
    const { files, packages } = importGraph(join(root, 'src/index.ts'))
    // The walk follows the real graph: the run, a stage and a lazily loaded provider are in it.
    expect(files).toContain('src/main.ts')
    expect(files).toContain('src/decide/decide.ts')
    expect(files).toContain('src/providers/openai.ts')
    expect(packages).toContain('@actions/core')
    expect(files).not.toContain('src/backtest/dataset.ts')
    expect([...packages].filter((p) => p.startsWith('csv-parse'))).toEqual([])
  })
})
