import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { closeChecked } from './checks.js'
import { world, type World } from './fixtures.js'
import { NODE24 } from './harness.js'
import { labelledHistory } from './history-seed.js'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = fileURLToPath(new URL('../../bin/issue-triage.js', import.meta.url))

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

// Async: the emulators live in this process and must keep answering while the command runs.
function cli(
  x: World,
  args: string[],
  env: Record<string, string> = { GITHUB_TOKEN: 'ghs_cli' },
  model = true
) {
  const base = [
    '--repo',
    'octo-org/widgets',
    '--endpoint',
    x.model.url,
    '--api-key',
    'k',
    '--model',
    'test-model',
    '--api-url',
    x.github.url
  ]
  const given = model ? base : ['--repo', 'octo-org/widgets', '--api-url', x.github.url]
  const child = spawn(NODE24, [BIN, ...given, ...args], { env: { PATH: process.env.PATH ?? '', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  )
}

describe('the terminal command (bin/issue-triage.js)', () => {
  it('dry-runs by default: prints the decision and writes nothing', async () => {
    w = await world()
    const run = await cli(w, ['--issue', '1'])
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^#1 widgets crashes/)
    expect(run.stdout).toContain('  labels (would add): bug, area: cli\n')
    expect(run.stdout).toContain('Dry-run: nothing was written; pass --apply or --suggest to write.')
    // Readable text: no workflow commands, no Markdown table.
    expect(run.stdout + run.stderr).not.toMatch(/::(debug|warning|notice|add-mask)::|\| --- \||<br>/)
    expect(w.github.writes()).toEqual([])
    expect(w.github.requests[0]!.headers.authorization).toBe('token ghs_cli')
    expect(w.github.requests.filter((r) => r.operationId === 'graphql')).toHaveLength(1)
  })

  it('--provider history learns once and keeps the classifier in a local cache directory', async () => {
    w = await world(labelledHistory)
    const cache = mkdtempSync(join(tmpdir(), 'cli-history-'))
    const env = { GITHUB_TOKEN: 'ghs_cli', XDG_CACHE_HOME: cache }
    const first = await cli(w, ['--issue', '1', '--provider', 'history'], env, false)
    expect(first.status).toBe(0)
    // Progress goes to stderr, the decision to stdout.
    expect(first.stderr).toMatch(/^History classifier trained on 61 issues people labelled/m)
    expect(first.stdout).toContain('  labels (would add): bug\n')
    expect(readdirSync(join(cache, 'issue-triage'))).toEqual([
      expect.stringMatching(/^issue-triage-history-v1-octo-org-widgets-[0-9a-f]{12}-\d+\.json$/)
    ])
    const second = await cli(w, ['--issue', '1', '--provider', 'history'], env, false)
    expect(second.stderr).toMatch(/^History classifier restored/m)
    expect(second.stdout).toMatch(/likeliest earlier issues \(not judged; compare them yourself\): #/)
    expect(second.stdout).toContain('  labels (would add): bug\n')
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
  })

  it('--apply writes labels with the same code as the action', async () => {
    w = await world()
    const run = await cli(w, ['--issue', '1', '--apply', '--json'])
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'triaged', mode: 'apply' })
    expect(w.github.issue(1).labels.sort()).toEqual(['area: cli', 'bug'])
  })

  it("follows the repository's .github/triage.yml, as the action does", async () => {
    w = await world((seed) => {
      seed.files = { ...seed.files, '.github/triage.yml': 'max-labels: 1\nexclude-labels: [bug]\n' }
    })
    const run = await cli(w, ['--issue', '1', '--apply'])
    expect(run.status).toBe(0)
    expect(w.github.issue(1).labels).toEqual(['area: cli'])
  })

  it('answers --help with its usage, and an unknown option with one line, not a stack trace', async () => {
    w = await world()
    const help = await cli(w, ['--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^Triage one issue from your terminal/)
    const bad = await cli(w, ['--issue', '1', '--frobnicate'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe(
      "error: Unknown option '--frobnicate'.\nRun issue-triage --help for the options.\n"
    )
    expect(bad.stderr).not.toMatch(/\n\s+at /)
  })

  it('explains a bad option and a missing token', async () => {
    w = await world()
    expect((await cli(w, ['--issue', '1', '--max-labels', 'lots'])).stderr).toMatch(
      /Input "max-labels" must be a whole number/
    )
    const noToken = await cli(w, ['--issue', '1'], { PATH: '/nonexistent' })
    expect(noToken.status).toBe(2)
    expect(noToken.stderr).toMatch(/No GitHub token: set GITHUB_TOKEN, or log in with `gh auth login`/)
  })
})
