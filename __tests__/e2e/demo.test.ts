import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { NODE24 } from './harness.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('npm run demo', () => {
  it('triages the sample repository with no credentials, and policy stops the hostile issue', () => {
    const run = spawnSync(NODE24, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000
    })
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
  })
})
