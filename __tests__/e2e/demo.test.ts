import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { closedUrl } from '../unit/loopback.js'
import { NODE24 } from './harness.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** `npm run demo -- ...args`, as a user runs it (npm runs scripts/demo.ts on Node 24 through tsx). */
function demo(...args: string[]) {
  return spawnSync(NODE24, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000
  })
}

describe('npm run demo', () => {
  it('triages the sample repository with no credentials, and policy stops the hostile issue', () => {
    const run = demo()
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('SCRIPTED STAND-IN')
    expect(run.stdout).toMatch(/Labels now on #1: .*Component: Developer Tools.*possible-duplicate/)
    // #6 is an earlier report of the same DevTools error: one comment on #1 links it.
    expect(run.stdout).toMatch(
      /Comment by github-actions\[bot\] on #1:\n\s+This issue looks like a duplicate of an earlier one:\n\s*\n\s+- #6: /
    )
    expect(run.stdout).not.toMatch(/Comment by .* on #[2-5]:/)
    expect(run.stdout).toContain('label wontfix refused: not allowed by the labels / exclude-labels inputs')
    expect(run.stdout).toContain('label security refused: not a label of this repository')
    expect(run.stdout).toMatch(/0 refused, 0 labels created by accident/)
    expect(run.stdout).not.toMatch(/https?:\/\/evil/)
    expect(run.stdout).toMatch(/^Triaged 6 of 6 issues\.$/m)
    expect(run.stderr).toBe('')
  })

  it('--provider history labels the sample repository with no model, restoring its classifier after the first issue', () => {
    const run = demo('--provider', 'history')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Model: none. provider history')
    expect(run.stdout).toMatch(/Labels now on #1: Type: Bug/)
    // Trained once, on the 30 issues the maintainer labelled; the other five runs restore it.
    expect(run.stdout.match(/History classifier trained on 30 issues people labelled/g)).toHaveLength(1)
    expect(run.stdout.match(/History classifier restored/g)).toHaveLength(5)
    // No verdict on duplicates, so no comment anywhere.
    expect(run.stdout).not.toMatch(/Comment by /)
    expect(run.stdout).toMatch(/^Triaged 6 of 6 issues\.$/m)
    expect(run.stderr).toBe('')
  })

  it('--help prints the usage: what the demo does, its options and examples', () => {
    const run = demo('--help')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Usage: npm run demo -- \[options\]\n/)
    expect(run.stdout).toContain('loopback emulators of GitHub and of a model')
    for (const option of [
      '--endpoint <url>',
      '--model <name>',
      '--api-key <key>',
      '--mode <mode>',
      '-h, --help'
    ]) {
      expect(run.stdout).toContain(`\n  ${option} `)
    }
    expect(run.stdout).toMatch(/apply \(default\).*\n.*suggest.*dry-run/)
    expect(run.stdout).toContain('npm run demo -- --endpoint http://localhost:11434/v1 --model llama3.2')
    // Not the source file's comment.
    expect(run.stdout).not.toMatch(/\/\*\*|^ \*/m)
    expect(demo('-h').stdout).toBe(run.stdout)
    expect(run.stderr).toBe('')
  })

  it.each([
    [['--frobnicate'], "error: Unknown option '--frobnicate'."],
    [['-x'], "error: Unknown option '-x'."],
    [['--endpoint'], "error: Option '--endpoint <value>' argument missing."],
    [['--mode', 'yolo'], "error: --mode must be apply, suggest, dry-run or backtest, not 'yolo'."],
    [['--provider', 'copilot'], "error: --provider must be openai or history, not 'copilot'."],
    [
      ['--provider', 'history', '--endpoint', 'http://localhost:1/v1'],
      'error: --provider history calls no model: leave out --endpoint.'
    ],
    [
      ['--endpoint', 'localhost:11434'],
      "error: --endpoint must be an http:// or https:// URL, such as http://localhost:11434/v1, not 'localhost:11434'."
    ]
  ])('%j: one line saying what is wrong, where the options are, exit 2', (args, error) => {
    const run = demo(...args)
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`${error}\nRun npm run demo -- --help for the options.\n`)
    expect(run.stdout).toBe('')
  })

  it('stops after the first issue when the model endpoint cannot be reached, and says so once', async () => {
    const endpoint = `${await closedUrl()}/v1`
    const host = new URL(endpoint).host
    const run = demo('--endpoint', endpoint, '--model', 'x', '--api-key', 'k')
    expect(run.status).toBe(1)
    expect(run.stdout.match(/\[warning\] .*Could not reach the openai endpoint/g)).toHaveLength(1)
    expect(run.stdout).toContain('── Issue #1:')
    expect(run.stdout).not.toContain('── Issue #2:')
    expect(run.stderr).toBe(
      `Triaged 0 of 6 issues: the model endpoint ${endpoint} could not be reached (connect ECONNREFUSED ${host}), so the demo stopped after issue #1. Check --endpoint.\n`
    )
  })
})
