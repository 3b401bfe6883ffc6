import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The workflow under "### The workflow", parsed. */
function workflow(): { jobs: { triage: { if: string } } } {
  const section = readme.slice(readme.indexOf('### The workflow'))
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1]!
  return parse(block) as { jobs: { triage: { if: string } } }
}

// Enough of GitHub's expression syntax for a job's `if:`: contexts, quoted strings, ==, !=, !, &&, ||
// and startsWith (case-insensitive, as GitHub's is).
function evaluate(expression: string, github: Record<string, unknown>): boolean {
  const js = expression.replace(
    /\bgithub((?:\.[\w-]+)+)/g,
    (_, path: string) => `github${path.replace(/\./g, '?.')}`
  )
  const startsWith = (a: unknown, b: unknown) =>
    String(a ?? '')
      .toLowerCase()
      .startsWith(String(b ?? '').toLowerCase())
  return Boolean(new Function('github', 'startsWith', `return (${js})`)(github, startsWith))
}

describe("the README's workflow", () => {
  const runs = (github: Record<string, unknown>) => evaluate(workflow().jobs.triage.if, github)
  const comment = (body: string, onPullRequest: boolean) => ({
    event_name: 'issue_comment',
    event: { comment: { body }, issue: onPullRequest ? { pull_request: { url: 'x' } } : {} }
  })

  it('runs on issue events, schedules, dispatches and /not-duplicate comments on issues', () => {
    expect(runs({ event_name: 'issues', event: { issue: {} } })).toBe(true)
    expect(runs({ event_name: 'schedule', event: {} })).toBe(true)
    expect(runs({ event_name: 'workflow_dispatch', event: {} })).toBe(true)
    expect(runs(comment('/not-duplicate it is another crash', false))).toBe(true)
  })

  it('does not run on other comments, nor on /not-duplicate comments on pull requests', () => {
    expect(runs(comment('thanks!', false))).toBe(false)
    expect(runs(comment('/not-duplicate', true))).toBe(false)
  })
})
