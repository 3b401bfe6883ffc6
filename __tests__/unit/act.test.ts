import { describe, expect, it } from '@jest/globals'
import { act } from '../../src/act/act.js'
import type { Decision } from '../../src/decide/validate.js'
import type { Octokit } from '../../src/github/octokit.js'

const repo = {
  ref: { owner: 'o', repo: 'r' },
  labels: [{ name: 'bug', description: '', id: 11 }],
  issueTypes: [
    { id: 1, name: 'Bug', description: '' },
    { id: 2, name: 'Feature', description: '' }
  ]
}
const decision = {
  labels: [],
  type: { name: 'Bug', rationale: 'It crashes.', confidence: 0.9 },
  duplicates: [],
  refusedLabels: [],
  refusedDuplicates: [],
  summary: ''
} as unknown as Decision

// GitHub as seen by act(): the type PATCH answered, and the issue's pending suggestions listed.
function github(pending: { action: string; target_id: number | null; target_value: string | null }[]) {
  const request = async (route: string) => {
    if (route.startsWith('GET') && route.endsWith('/suggestions'))
      return { data: pending.map((s) => ({ ...s, state: 'pending' })) }
    return { data: { type: null } }
  }
  return { request } as unknown as Octokit
}

describe('suggest mode and the issue type', () => {
  it('reports the type suggested when GitHub holds that suggestion (named by the type id)', async () => {
    const result = await act(
      github([{ action: 'set_type', target_id: 1, target_value: null }]),
      repo,
      7,
      decision,
      'suggest'
    )
    expect(result.typeSuggested).toBe('Bug')
    expect(result.warnings).toEqual([])
  })

  it('does not report it when only another type suggestion is pending, and says so', async () => {
    const result = await act(
      github([{ action: 'set_type', target_id: 2, target_value: null }]),
      repo,
      7,
      decision,
      'suggest'
    )
    expect(result.typeSuggested).toBeNull()
    expect(result.warnings).toEqual([expect.stringContaining('did not store the issue type suggestion Bug')])
  })
})
