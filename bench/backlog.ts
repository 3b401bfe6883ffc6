/**
 * `npm run bench:backlog`: one backlog run of the bundled action (dist/index.js, started as the runner starts it)
 * over 300 real rust-lang/rust issues, in real time, against emulators that enforce the limits a backlog meets:
 * the model answers 60 requests in any rolling minute (then 429 with retry-after) and takes 1–3 s an answer;
 * GitHub refuses the 81st write in a rolling minute and the 501st in an hour (403, secondary limit) and
 * searches past 30 a minute (10 for hybrid). Dedupe is on. The repository holds the 3,000 issues opened
 * before the backlog, with their labels and states; the backlog's issues are open and unlabelled.
 *
 * The model is an oracle: it answers each issue's real labels (those the action offers) and, when a known
 * original is among the candidates shown, that duplicate. So every issue ends labelled or marked, and the
 * second run over the same backlog should find nothing to do.
 *
 * Prints issues per minute beside the bound the limits allow, refused requests, failed issues, peak writes
 * per minute and per hour, searches, peak memory, and the second run's model calls; targets beside them.
 * A report: missed targets exit 0; a run that fails exits 1.
 *
 *   npm run bench:backlog [-- --issues N]      (default 300; BENCH_DATA_DIR for the corpus)
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { BUNDLE, parseOutputs, runnerStep, webhookExample } from '../__tests__/e2e/harness.js'
import { startGitHubEmulator, type RecordedRequest } from '../__tests__/emulators/github/index.js'
import { startModelEmulator, type ChatRequest } from '../__tests__/emulators/openai/server.js'
import { peakInWindow } from '../__tests__/emulators/pacing.js'
import { messageText } from '../__tests__/emulators/openai/tokens.js'
import { loadCorpus, seedOf, type Corpus, type RawIssue } from './dedupe-corpus.js'
import { timeProcess } from './spawn.js'

const HISTORY = 3000
const LIMITS = { modelRpm: 60, writesPerMinute: 80, writesPerHour: 500 }
const TARGETS = { ofBound: 0.9, failed: 0, refused: 2, secondRunModelCalls: 0 }

function options(): { issues: number } {
  const { values } = parseArgs({ options: { issues: { type: 'string', default: '300' } } })
  const issues = Number(values.issues)
  if (!Number.isInteger(issues) || issues < 1) throw new Error(`--issues must be a whole number ≥ 1`)
  return { issues }
}

// Titles as the prompt shows them, reduced to letters and digits, find the issue the model is asked about.
const key = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '')

/** The oracle: the issue's real labels among those offered, and its known original when it was shown. */
function oracle(byTitle: Map<string, RawIssue>, originals: Map<number, number>) {
  return (req: ChatRequest): string => {
    const user = [...req.messages].reverse().find((m) => m.role === 'user')
    const text = user ? messageText(user) : ''
    const title = /^Title: (.*)$/m.exec(text)?.[1] ?? ''
    const issue = byTitle.get(key(title))
    const schema = req.response_format?.json_schema?.schema as
      { properties?: Record<string, { items?: { properties?: { name?: { enum?: string[] } } } }> } | undefined
    const offered = new Set(schema?.properties?.labels?.items?.properties?.name?.enum ?? [])
    const labels = (issue?.labels ?? [])
      .filter((l) => offered.has(l))
      .slice(0, 3)
      .map((name) => ({ name, rationale: 'The maintainers chose it.', confidence: 0.9 }))
    const answer: Record<string, unknown> = { labels, summary: title.slice(0, 100) || 'An issue.' }
    if (schema?.properties?.type) answer.type = null
    if (schema?.properties?.duplicates) {
      const original = issue ? originals.get(issue.number) : undefined
      const shown = original !== undefined && new RegExp(`^#${original} `, 'm').test(text)
      answer.duplicates = shown
        ? [{ number: original, confidence: 0.9, reason: 'Closed as its duplicate.' }]
        : []
    }
    return JSON.stringify(answer)
  }
}

/** The repository before the backlog, and the backlog: the next issues, open and unlabelled, each with a label. */
function scenario(corpus: Corpus, count: number) {
  const sorted = [...corpus.issues].sort((a, b) => a.created_at.localeCompare(b.created_at))
  const history = sorted.slice(0, HISTORY)
  const backlog = sorted
    .slice(HISTORY)
    .filter((i) => i.labels.length > 0 && !i.user.endsWith('[bot]'))
    .slice(0, count)
  const seed = seedOf({ ...corpus, issues: history })
  const at = (i: RawIssue) => i.created_at
  for (const i of backlog)
    seed.issues.push({
      number: i.number,
      title: i.title,
      body: i.body,
      labels: [],
      state: 'open',
      state_reason: null,
      user: { login: i.user, type: 'User' },
      created_at: at(i),
      updated_at: at(i),
      author_association: i.author_association
    })
  const inSeed = new Set(seed.issues.map((i) => i.number))
  const originals = new Map(
    corpus.pairs
      .filter((p) => inSeed.has(p.duplicate) && inSeed.has(p.original))
      .map((p) => [p.duplicate, p.original])
  )
  return { seed, backlog, originals }
}

/** Peak memory and CPU time of the action: Node writes its own resource usage into a file as it exits. */
function memoryProbe(dir: string): { flag: string; read: () => number; cpu: () => number } {
  const file = join(dir, 'maxrss')
  const probe = join(dir, 'probe.mjs')
  writeFileSync(
    probe,
    `import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(${JSON.stringify(file)}, JSON.stringify(process.resourceUsage())))\n`
  )
  const usage = () => JSON.parse(readFileSync(file, 'utf8')) as NodeJS.ResourceUsage
  return {
    flag: `--import=${probe}`,
    read: () => usage().maxRSS / 1024,
    cpu: () => (usage().userCPUTime + usage().systemCPUTime) / 1e6
  }
}

interface RunFigures {
  code: number
  startedAt: number
  endedAt: number
  minutes: number
  report: { totals: Record<string, number>; stopped?: string; issues: { status: string; reason?: string }[] }
  memoryMb: number
  cpuSeconds: number
  log: string
}

async function runBacklog(
  bundle: string,
  githubUrl: string,
  modelUrl: string,
  numbers: number[]
): Promise<RunFigures> {
  const step = runnerStep({
    githubUrl,
    repository: 'rust-lang/rust',
    eventName: 'workflow_dispatch',
    payload: webhookExample('workflow_dispatch', ''),
    inputs: {
      token: 'ghs_bench_backlog',
      provider: 'openai',
      endpoint: modelUrl,
      'api-key': 'sk-bench-backlog',
      model: 'test-model',
      'issue-numbers': numbers.join(','),
      'max-issues': String(numbers.length),
      dedupe: 'true',
      'dedupe-include-closed': 'true'
    }
  })
  const probe = memoryProbe(step.dir)
  const startedAt = Date.now()
  try {
    const run = await timeProcess(bundle, { ...step.env, NODE_OPTIONS: probe.flag }, 60 * 60_000)
    const outputs = parseOutputs(readFileSync(step.outputPath, 'utf8'))
    if (!outputs.report)
      throw new Error(`no report output (exit ${run.code}):\n${run.stdout.slice(-3000)}\n${run.stderr}`)
    return {
      code: run.code,
      startedAt,
      endedAt: Date.now(),
      minutes: run.ms / 60_000,
      report: JSON.parse(outputs.report) as RunFigures['report'],
      memoryMb: probe.read(),
      cpuSeconds: probe.cpu(),
      log: run.stdout
    }
  } finally {
    rmSync(step.dir, { recursive: true, force: true })
  }
}

const refusedStatus = (r: { status: number }) => r.status === 403 || r.status === 429
const isWrite = (r: RecordedRequest) =>
  ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) && r.operationId !== 'graphql'

async function main(): Promise<void> {
  const { issues: count } = options()
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run bundle first.`)
  const dist = mkdtempSync(join(tmpdir(), 'bench-backlog-dist-'))
  cpSync(dirname(BUNDLE), dist, { recursive: true })
  const corpus = loadCorpus(Infinity)
  const { seed, backlog, originals } = scenario(corpus, count)
  const byTitle = new Map(backlog.map((i) => [key(i.title), i]))
  const github = await startGitHubEmulator(seed, {
    writeLimits: { perMinute: LIMITS.writesPerMinute, perHour: LIMITS.writesPerHour }
  })
  let n = 0
  const model = await startModelEmulator({
    respond: oracle(byTitle, originals),
    requestsPerMinute: LIMITS.modelRpm,
    // 1 to 3 s an answer, the same sequence every run.
    latencyMs: () => 1000 + ((n++ * 7919) % 2001)
  })
  const numbers = backlog.map((i) => i.number)
  console.log(
    `bench:backlog: ${numbers.length} issues of rust-lang/rust (after ${HISTORY} earlier ones), ${originals.size} known duplicates among them; model ${LIMITS.modelRpm} requests a minute, 1–3 s an answer; GitHub ${LIMITS.writesPerMinute} writes a minute, ${LIMITS.writesPerHour} an hour, search 30 a minute (hybrid 10). Real time.`
  )
  try {
    const first = await runBacklog(join(dist, 'index.js'), github.url, model.url, numbers)
    const firstRequests = github.requests.length
    const modelCalls = model.chatRequests().length
    const modelRequests = [...model.requests]
    const second = await runBacklog(join(dist, 'index.js'), github.url, model.url, numbers)
    const secondModelCalls = model.chatRequests().length - modelCalls

    const gh = github.requests.slice(0, firstRequests)
    const writes = gh.filter((r) => isWrite(r) && r.status < 400)
    const writeTimes = writes.map((r) => r.at)
    const searches = gh.filter((r) => r.operationId === 'search/issues-and-pull-requests')
    const refusedGitHub = gh.filter(refusedStatus).length
    const refusedModel = modelRequests.filter((r) => r.status === 429).length
    const t = first.report.totals
    const finished = t.triaged! + t.failed! + t.skipped!
    // The bound: the run cannot be shorter than the model's calls at its rate, nor the writes at theirs
    // (500 an hour: each 500 beyond the first costs an hour). Search is not in it: the local index
    // answers the lexical lookups, and hybrid searches are skipped rather than waited for.
    // The limits count rolling windows that start empty: the first L requests may go at once, and the
    // n-th no sooner than floor((n - 1) / L) windows after the first. So N calls need at least
    // floor((N - 1) / 60) minutes, plus one answer's latency (2 s on average here); W writes at least
    // floor((W - 1) / 80) minutes and floor((W - 1) / 500) hours. The bound is the longest of these.
    const MEAN_LATENCY_MIN = 2 / 60
    const minutesForModel = Math.floor((modelCalls - 1) / LIMITS.modelRpm) + MEAN_LATENCY_MIN
    const minutesForWrites = Math.max(
      Math.floor((writes.length - 1) / LIMITS.writesPerMinute),
      Math.floor((writes.length - 1) / LIMITS.writesPerHour) * 60
    )
    const boundMinutes = Math.max(minutesForModel, minutesForWrites)
    const bound = finished / boundMinutes
    const rate = finished / first.minutes
    const peakMinute = peakInWindow(writeTimes, 60_000)
    const peakHour = peakInWindow(writeTimes, 3_600_000)
    const failed = first.report.issues.filter((i) => i.status === 'failed')

    const row = (name: string, value: string, target: string, ok: boolean | undefined) =>
      console.log(
        `${name.padEnd(44)}${value.padEnd(26)}${target.padEnd(18)}${ok === undefined ? '' : ok ? '✓' : '✗'}`
      )
    console.log('')
    row('', 'measured', 'target', undefined)
    row(
      'issues finished (triaged / skipped / failed)',
      `${finished} (${t.triaged} / ${t.skipped} / ${t.failed})`,
      `${numbers.length}`,
      finished === numbers.length
    )
    row('wall time (minutes)', first.minutes.toFixed(2), '', undefined)
    row(
      'issues per minute',
      rate.toFixed(1),
      `≥ ${(TARGETS.ofBound * bound).toFixed(1)}`,
      rate >= TARGETS.ofBound * bound
    )
    row('bound the limits allow (issues per minute)', bound.toFixed(1), '', undefined)
    row(
      '  model calls (60 in any minute)',
      `${modelCalls} → ${minutesForModel.toFixed(2)} min`,
      '',
      undefined
    )
    row(
      '  writes (80 in any minute, 500 in any hour)',
      `${writes.length} → ${minutesForWrites.toFixed(2)} min`,
      '',
      undefined
    )
    const chats = modelRequests.filter((r) => r.path.endsWith('/chat/completions'))
    const firstAt = chats[0]?.at ?? first.startedAt
    const lastAt = chats.at(-1)?.at ?? first.endedAt
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
    row(
      '  where the time went',
      `${s(firstAt - first.startedAt)} + ${s(lastAt - firstAt)} + ${s(first.endedAt - lastAt)}`,
      '',
      undefined
    )
    console.log(
      '    (start, selection and index read before the first model call; model calls; after the last)'
    )
    row(
      'ratio to the bound',
      (rate / bound).toFixed(3),
      `≥ ${TARGETS.ofBound}`,
      rate / bound >= TARGETS.ofBound
    )
    row(
      'refused requests (GitHub 403/429, model 429)',
      `${refusedGitHub + refusedModel} (${refusedGitHub} + ${refusedModel})`,
      `≤ ${TARGETS.refused}`,
      refusedGitHub + refusedModel <= TARGETS.refused
    )
    row('failed issues', String(failed.length), `${TARGETS.failed}`, failed.length === TARGETS.failed)
    row('peak writes in a rolling minute', String(peakMinute), '≤ 80', peakMinute <= 80)
    row('peak writes in a rolling hour', String(peakHour), '≤ 500', peakHour <= 500)
    row(
      'GitHub searches (per issue)',
      `${searches.length} (${(searches.length / finished).toFixed(2)})`,
      '',
      undefined
    )
    row('GitHub requests (per issue)', `${gh.length} (${(gh.length / finished).toFixed(1)})`, '', undefined)
    row('duplicates found (known pairs in backlog)', `${t.duplicates} (${originals.size})`, '', undefined)
    row('tokens (prompt / completion)', `${t.promptTokens} / ${t.completionTokens}`, '', undefined)
    row('peak memory of the action (MB)', first.memoryMb.toFixed(0), '', undefined)
    const benchCpu = process.cpuUsage()
    row(
      'CPU seconds: the action / this process (emulators)',
      `${first.cpuSeconds.toFixed(0)} / ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(0)}`,
      '',
      undefined
    )
    row(
      'second run: model calls',
      String(secondModelCalls),
      `${TARGETS.secondRunModelCalls}`,
      secondModelCalls === 0
    )
    row(
      'second run: skipped as already done',
      `${second.report.totals.alreadyDone} in ${second.minutes.toFixed(2)} min`,
      '',
      undefined
    )
    for (const f of failed.slice(0, 5)) console.log(`  failed: ${f.reason ?? ''}`)
    if (first.report.stopped) console.log(`  first run stopped early: ${first.report.stopped}`)
    if (first.code !== 0 || second.code !== 0) {
      console.error(`A run exited ${first.code} / ${second.code}.`)
      process.exitCode = 1
    }
  } finally {
    await github.close()
    await model.close()
    rmSync(dist, { recursive: true, force: true })
  }
}

await main()
