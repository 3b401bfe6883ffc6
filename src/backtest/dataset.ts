// Offline evaluation datasets, for the terminal command only: csv-parse must never enter the action's
// bundle (a unit test walks src/index.ts's imports to keep it out).
import { parse } from 'csv-parse/sync'
import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  truncateSync
} from 'node:fs'
import { InputError } from '../errors.js'

/** One issue of an evaluation dataset, with the labels maintainers gave it. */
export interface DatasetIssue {
  /** Stable across runs of the same file: the key of a results file. */
  id: string
  repo?: string
  number?: number
  /** ISO 8601. */
  createdAt?: string
  title: string
  body: string
  labels: string[]
}

const CSV_COLUMNS = ['repo', 'created_at', 'label', 'title', 'body']
const REQUIRED_CSV = ['label', 'title', 'body']

function fail(file: string, where: string, message: string): never {
  throw new InputError(`${file}${where ? `, ${where}` : ''}: ${message}`)
}

/**
 * Reads a dataset by its extension: `.csv` (the NLBSE'24 columns repo,created_at,label,title,body,
 * one label a row) or `.jsonl` / `.ndjson` (one GitHub issue a line), each optionally `.gz`.
 * Throws an InputError naming the file and the line or row of anything it cannot use.
 */
export function readDataset(file: string): DatasetIssue[] {
  const gzipped = /\.gz$/i.test(file)
  const inner = gzipped ? file.slice(0, -3) : file
  const format = /\.(csv|jsonl|ndjson)$/i.exec(inner)?.[1]?.toLowerCase()
  if (!format)
    fail(
      file,
      '',
      'unknown dataset format; use .csv, .jsonl or .ndjson, optionally gzipped (.csv.gz, .jsonl.gz)'
    )
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    fail(file, '', `cannot be read (${(error as Error).message})`)
  }
  if (gzipped) {
    try {
      bytes = gunzipSync(bytes)
    } catch (error) {
      fail(file, '', `is not gzip data (${(error as Error).message})`)
    }
  }
  const text = bytes.toString('utf8')
  return format === 'csv' ? parseCsv(text, file) : parseJsonl(text, file)
}

// GitHub's times are UTC; the NLBSE export drops the zone ('2023-08-26 06:33:37'), which Date.parse
// would read as local time.
function isoDate(value: string, file: string, where: string): string {
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value
  const time = Date.parse(text)
  if (Number.isNaN(time)) fail(file, where, `created_at '${value}' is not a date`)
  return new Date(time).toISOString()
}

// The line a record starts on: csv-parse reports the line it ends on, and a quoted body spans lines.
function startLine(raw: string, info: { lines: number }): number {
  const record = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '')
  return info.lines - (record.match(/\n/g)?.length ?? 0)
}

interface CsvRecord {
  record: string[]
  raw: string
  info: { lines: number }
}

/** NLBSE rows to issues; rows of one issue (same repo, time and title) merge their labels. */
function parseCsv(text: string, file: string): DatasetIssue[] {
  let records: CsvRecord[]
  try {
    records = parse(text, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true
    }) as unknown as CsvRecord[]
  } catch (error) {
    fail(file, '', `not valid CSV: ${(error as Error).message}`)
  }
  const [header, ...rows] = records
  if (!header) return []
  const names = header.record.map((name) => name.trim().toLowerCase())
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate) fail(file, 'line 1', `column '${duplicate}' appears twice`)
  for (const column of REQUIRED_CSV)
    if (!names.includes(column))
      fail(
        file,
        'line 1',
        `missing column '${column}' (expected ${CSV_COLUMNS.join(',')}; found ${names.join(',')})`
      )
  const issues = new Map<string, DatasetIssue>()
  rows.forEach(({ record, raw, info }, i) => {
    const where = `row ${i + 1} (line ${startLine(raw, info)})`
    const cell = (column: string) => {
      const at = names.indexOf(column)
      return at < 0 ? undefined : record[at]
    }
    const [label, title, repo, created] = ['label', 'title', 'repo', 'created_at'].map(cell)
    if (!label?.trim()) fail(file, where, `empty 'label'`)
    if (!title?.trim()) fail(file, where, `empty 'title'`)
    const createdAt = created ? isoDate(created, file, where) : undefined
    const key = createHash('sha256').update(`${repo}\n${created}\n${title}`).digest('hex').slice(0, 12)
    const id = repo ? `${repo}@${key}` : key
    const known = issues.get(id)
    if (known) {
      if (!known.labels.includes(label.trim())) known.labels.push(label.trim())
      return
    }
    issues.set(id, {
      id,
      ...(repo ? { repo } : {}),
      ...(createdAt ? { createdAt } : {}),
      title,
      body: cell('body') ?? '',
      labels: [label.trim()]
    })
  })
  return [...issues.values()]
}

// Dumps of GitHub's API give labels as objects, hand-made files as names.
function labelNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const names = value.map((l: unknown) =>
    typeof l === 'string'
      ? l
      : typeof (l as { name?: unknown })?.name === 'string'
        ? (l as { name: string }).name
        : undefined
  )
  return names.every((n) => n !== undefined) ? (names as string[]) : undefined
}

// rust-issues gives no repo field, only html_url.
const repoFromUrl = (url: unknown) =>
  typeof url === 'string' ? /^https:\/\/github\.com\/([^/]+\/[^/]+)\/issues\/\d+/.exec(url)?.[1] : undefined

/** One GitHub issue a line (number, title, body, labels, created_at, and repo or html_url). */
function parseJsonl(text: string, file: string): DatasetIssue[] {
  const issues: DatasetIssue[] = []
  const seen = new Set<string>()
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return
      const where = `line ${i + 1}`
      let row: Record<string, unknown>
      try {
        row = JSON.parse(line) as Record<string, unknown>
      } catch (error) {
        fail(file, where, `not JSON (${(error as Error).message})`)
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        fail(file, where, 'not a JSON object')
      if (typeof row.title !== 'string') fail(file, where, `missing 'title'`)
      const labels = labelNames(row.labels)
      if (!labels) fail(file, where, `'labels' must be a list of label names`)
      const number = Number.isInteger(row.number) ? (row.number as number) : undefined
      const repo = typeof row.repo === 'string' ? row.repo : repoFromUrl(row.html_url)
      const key = number === undefined ? `line-${i + 1}` : repo ? `${repo}#${number}` : `#${number}`
      // The rust-lang archive holds two different issues under each of #2765 and #2769; ids must stay
      // unique for results to resume, so a repeated number is told apart by its line.
      const id = seen.has(key) ? `${key}@line-${i + 1}` : key
      seen.add(key)
      issues.push({
        id,
        ...(repo ? { repo } : {}),
        ...(number !== undefined ? { number } : {}),
        ...(typeof row.created_at === 'string' ? { createdAt: isoDate(row.created_at, file, where) } : {}),
        title: row.title,
        body: typeof row.body === 'string' ? row.body : '',
        labels
      })
    })
  return issues
}

/** Whether the file ends in the middle of a line: the trace of a write cut short. */
function endsMidLine(file: string): boolean {
  if (!existsSync(file)) return false
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const last = Buffer.alloc(1)
    return size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a
  } finally {
    closeSync(fd)
  }
}

/**
 * Appends one scored case to a JSONL results file, so an interrupted evaluation can resume. A last
 * line cut short by an earlier interruption is dropped first (readResults never counted it), so the
 * new line cannot fuse with it.
 */
export function appendResult<T extends { id: string }>(file: string, result: T): void {
  if (endsMidLine(file)) {
    const text = readFileSync(file)
    truncateSync(file, text.lastIndexOf(0x0a) + 1)
  }
  appendFileSync(file, `${JSON.stringify(result)}\n`)
}

/**
 * The results already in a JSONL results file, by case id (a later line for an id wins); empty when
 * the file does not exist. A last line without its newline is an interrupted write: it is skipped (and
 * appendResult drops it), so its case is scored again. Any other unreadable line is an InputError
 * naming the file and line.
 */
export function readResults<T extends { id: string }>(file: string): Map<string, T> {
  const results = new Map<string, T>()
  if (!existsSync(file)) return results
  const lines = readFileSync(file, 'utf8').split('\n')
  lines.forEach((line, i) => {
    // The segment after the last newline is a write cut short, even when it happens to parse.
    if (!line.trim() || i === lines.length - 1) return
    let result: unknown
    try {
      result = JSON.parse(line)
    } catch {
      fail(file, `line ${i + 1}`, 'not a result (one JSON object a line)')
    }
    const id = (result as { id?: unknown } | null)?.id
    if (typeof id !== 'string') fail(file, `line ${i + 1}`, `a result needs a string 'id'`)
    results.set(id, result as T)
  })
  return results
}
