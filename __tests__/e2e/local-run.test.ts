import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NODE24, parseOutputs } from './harness.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

// README "Local runs": the emulators from `node --import tsx __tests__/emulators/cli.ts` in one shell,
// then the bundle with the runner's variables set by `env` in another.
let emulators: ChildProcessWithoutNullStreams
let urls: { githubUrl: string; modelUrl: string; repository: string }

beforeAll(async () => {
  emulators = spawn(NODE24, ['--import', 'tsx', '__tests__/emulators/cli.ts'], { cwd: root })
  urls = await new Promise((resolve, reject) => {
    let text = ''
    emulators.stdout.on('data', (d: Buffer) => {
      text += d.toString()
      if (text.includes('\n')) resolve(JSON.parse(text.slice(0, text.indexOf('\n'))))
    })
    emulators.on('exit', (code) => reject(new Error(`the emulators exited (${code})`)))
  })
})

afterAll(async () => {
  if (emulators.exitCode !== null) return
  const exited = new Promise((resolve) => emulators.once('exit', resolve))
  emulators.kill('SIGTERM')
  await exited
})

/** `env GITHUB_OUTPUT=... ... scripts/node24 dist/index.js`, from a shell with only PATH and HOME set. */
function recipe(files: { output: string; summary: string }) {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: tmpdir(),
    GITHUB_REPOSITORY: urls.repository,
    GITHUB_API_URL: urls.githubUrl,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    INPUT_TOKEN: 'test',
    INPUT_PROVIDER: 'openai',
    INPUT_ENDPOINT: urls.modelUrl,
    'INPUT_API-KEY': 'test',
    INPUT_MODEL: 'test-model',
    INPUT_MODE: 'dry-run',
    'INPUT_ISSUE-NUMBER': '1'
  }
  const child = spawn(join(root, 'scripts/node24'), ['dist/index.js'], { cwd: root, env })
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()))
  return new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout }))
  )
}

describe("README's local run against the emulators", () => {
  it('works once the output and summary files exist (`: > /tmp/out; : > /tmp/summary.md`)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-run-'))
    const files = { output: join(dir, 'out'), summary: join(dir, 'summary.md') }
    writeFileSync(files.output, '')
    writeFileSync(files.summary, '')
    const run = await recipe(files)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Would add (dry-run) labels on #1: bug, area: cli')
    const result = JSON.parse(parseOutputs(readFileSync(files.output, 'utf8')).result ?? '{}')
    expect(result).toMatchObject({ issue: 1, mode: 'dry-run', status: 'triaged' })
    expect(readFileSync(files.summary, 'utf8')).toContain('## Issue triage')
  })

  it('fails with "Missing file" when they do not: the toolkit appends to files the runner creates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-run-'))
    const run = await recipe({ output: join(dir, 'out'), summary: join(dir, 'summary.md') })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`::error::Missing file at path: ${join(dir, 'out')}`)
  })
})
