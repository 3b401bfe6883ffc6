import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const pkg = JSON.parse(read('package.json')) as {
  engines?: unknown
  overrides?: Record<string, string>
  dependencies: Record<string, string>
}

describe('package.json', () => {
  it('asks npm for no engine of its own: Node 24 comes with the project (scripts/node24), so npm ci on another Node does not warn about us', () => {
    expect(pkg.engines).toBeUndefined()
    expect(read('.node-version').trim()).toBe('24')
    expect(read('action.yml')).toMatch(/^\s+using: '?node24'?$/m)
  })

  it('maps no package name to an unrelated package: overrides point only at the documented local stub', () => {
    for (const [name, target] of Object.entries(pkg.overrides ?? {})) {
      if (name.startsWith('@github/'))
        expect([name, target]).toEqual([name, 'file:./stubs/copilot-sdk-platform'])
    }
  })

  it('builds on the toolkit', () => {
    for (const name of [
      '@actions/core',
      '@actions/github',
      '@octokit/plugin-retry',
      '@octokit/plugin-throttling',
      'openai'
    ])
      expect(pkg.dependencies[name]).toBeDefined()
  })
})
