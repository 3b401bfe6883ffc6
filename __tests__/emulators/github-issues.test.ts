/**
 * The GitHub emulator's behaviour on issues: label writes (auto-creation, URL-encoded names, 404 on removal),
 * suggestions with the feature on and off, issue types, closing as duplicate — and that its answers fit the
 * description's response schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sampleRepo, startGitHubEmulator, validateResponse, type GitHubEmulator } from './github/index.js'

interface Answer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

function client(emu: GitHubEmulator) {
  return async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(path.startsWith('http') ? path : emu.url + path, {
      method,
      headers: { authorization: 'Bearer ghs_test', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }
}

const R = '/repos/octo-org/widgets'
const names = (labels: { name: string }[]): string[] => labels.map((l) => l.name)

describe('GitHub emulator: labels on issues', () => {
  let emu: GitHubEmulator
  let call: ReturnType<typeof client>
  beforeAll(async () => {
    emu = await startGitHubEmulator(sampleRepo())
    call = client(emu)
  })
  afterAll(() => emu.close())

  it('creates unknown labels as GitHub does, and records that it did', async () => {
    const answer = await call('POST', `${R}/issues/1/labels`, { labels: ['bug', 'needs-triage'] })
    expect(answer.status).toBe(200)
    expect(names(answer.body)).toEqual(['bug', 'needs-triage'])
    expect(emu.state.createdLabels).toEqual(['needs-triage'])
    const created = await call('GET', `${R}/labels/needs-triage`)
    expect(created.body).toMatchObject({
      name: 'needs-triage',
      color: 'ededed',
      description: null,
      default: false
    })
    expect((await call('POST', `${R}/labels`, { name: 'Needs-Triage' })).status).toBe(422)
  })

  it('records labeled events by the token actor, with the intent sent', async () => {
    await call('POST', `${R}/issues/1/labels`, {
      labels: [{ name: 'area: cli', rationale: 'mentions the CLI', confidence: 'high' }]
    })
    const events = (await call('GET', `${R}/issues/1/events`)).body
    expect(events.at(-1)).toMatchObject({
      event: 'labeled',
      label: { name: 'area: cli', color: '1d76db' },
      actor: { login: 'github-actions[bot]', type: 'Bot' },
      intent: { rationale: 'mentions the CLI', confidence: 'HIGH' }
    })
    // Seeded history keeps its human actor: how a triager tells a maintainer's label from its own.
    const seeded = (await call('GET', `${R}/issues/6/events`)).body
    expect(seeded.map((e: { actor: { login: string } }) => e.actor.login)).toEqual([
      'maintainer-mia',
      'maintainer-mia'
    ])
  })

  it('answers 404 "Label does not exist" when removing a label the issue lacks', async () => {
    const answer = await call('DELETE', `${R}/issues/1/labels/wontfix`)
    expect(answer.status).toBe(404)
    expect(answer.body.message).toBe('Label does not exist')
    expect(emu.issue(1).labels).toEqual(['bug', 'needs-triage', 'area: cli'])
  })

  it('takes URL-encoded names both ways', async () => {
    const odd = ['area: cli', 'kind/crash', 'P1 🔥']
    await call('POST', `${R}/issues/2/labels`, { labels: odd })
    expect(emu.state.createdLabels).toEqual(['needs-triage'])
    for (const name of odd) {
      const label = await call('GET', `${R}/labels/${encodeURIComponent(name)}`)
      expect(label.body.name).toBe(name)
      expect(label.body.url).toBe(`${emu.url}${R}/labels/${encodeURIComponent(name)}`)
      expect((await call('GET', label.body.url)).body.name).toBe(name)
    }
    expect(emu.requests.at(-1)?.path).toBe(`${R}/labels/P1%20%F0%9F%94%A5`)
    for (const name of odd)
      expect((await call('DELETE', `${R}/issues/2/labels/${encodeURIComponent(name)}`)).status).toBe(200)
    expect(emu.issue(2).labels).toEqual(['enhancement'])
    const unlabeled = (await call('GET', `${R}/issues/2/events`)).body.filter(
      (e: { event: string }) => e.event === 'unlabeled'
    )
    expect(unlabeled.map((e: { label: { name: string } }) => e.label.name)).toEqual(odd)
  })

  it('replaces labels with PUT and records the difference', async () => {
    const answer = await call('PUT', `${R}/issues/5/labels`, { labels: ['question', 'documentation'] })
    expect(names(answer.body)).toEqual(['question', 'documentation'])
    const events = (await call('GET', `${R}/issues/5/events`)).body
    expect(
      events.map((e: { event: string; label: { name: string } }) => `${e.event} ${e.label.name}`)
    ).toEqual(['labeled documentation'])
  })

  it('sets an existing issue type and refuses an unknown one', async () => {
    expect((await call('PATCH', `${R}/issues/1`, { type: 'Bug' })).body.type).toMatchObject({
      id: 101,
      name: 'Bug'
    })
    const unknown = await call('PATCH', `${R}/issues/1`, { type: 'Epic' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.message).toBe('Validation Failed')
    expect(emu.issue(1).type).toBe('Bug')
  })

  it('closes as a duplicate by the original id, not its number', async () => {
    const byNumber = await call('PATCH', `${R}/issues/1`, {
      state: 'closed',
      state_reason: 'duplicate',
      duplicate_issue_id: 3
    })
    expect(byNumber.status).toBe(422)
    expect(emu.issue(1).state).toBe('open')
    const byId = await call('PATCH', `${R}/issues/1`, {
      state: 'closed',
      state_reason: 'duplicate',
      duplicate_issue_id: 3007
    })
    expect(byId.body).toMatchObject({ state: 'closed', state_reason: 'duplicate' })
    expect(emu.state.issues.get(1)?.duplicate_of).toBe(3)
    expect(emu.rejected).toEqual([])
  })
})

describe('GitHub emulator: suggestions', () => {
  const proposal = {
    labels: [{ name: 'bug', suggest: true, rationale: 'stack trace in body', confidence: 'medium' }]
  }

  it('stores suggestions when the feature is on; approve applies, dismiss does not', async () => {
    const emu = await startGitHubEmulator(sampleRepo())
    const call = client(emu)
    expect(names((await call('POST', `${R}/issues/1/labels`, proposal)).body)).toEqual([])
    await call('PATCH', `${R}/issues/1`, { type: { value: 'Bug', suggest: true } })
    await call('POST', `${R}/issues/1/labels`, { labels: [{ name: 'question', suggest: true }] })
    expect(emu.issue(1)).toMatchObject({ labels: [], type: null })
    const listed = (await call('GET', `${R}/issues/1/suggestions`)).body
    // As GitHub's example shows, a label suggestion names its label by id, a type suggestion by value.
    const ids = Object.fromEntries([...emu.state.labels.values()].map((l) => [l.id, l.name]))
    expect(
      listed.map(
        (s: { action: string; target_id: number; target_value: string | null }) =>
          `${s.action} ${s.target_value ?? ids[s.target_id]}`
      )
    ).toEqual(['add_label bug', 'set_type Bug', 'add_label question'])
    expect(listed[0].target_value).toBeNull()
    expect(listed[0]).toMatchObject({
      state: 'pending',
      rationale: 'stack trace in body',
      confidence: 'MEDIUM',
      issue_id: 1007
    })
    expect((await call('POST', `${R}/issues/1/suggestions/${listed[0].id}/approve`)).body.state).toBe(
      'approved'
    )
    expect((await call('POST', `${R}/issues/1/suggestions/${listed[1].id}/approve`)).status).toBe(200)
    expect((await call('POST', `${R}/issues/1/suggestions/${listed[2].id}/dismiss`)).body.state).toBe(
      'dismissed'
    )
    expect((await call('POST', `${R}/issues/1/suggestions/${listed[2].id}/approve`)).status).toBe(422)
    expect(emu.issue(1)).toMatchObject({ labels: ['bug'], type: 'Bug' })
    expect(emu.issue(1).suggestions.map((s) => s.state)).toEqual(['approved', 'approved', 'dismissed'])
    expect((await call('GET', `${R}/issues/1/suggestions`)).body).toEqual([])
    expect((await call('GET', `${R}/issues/1/suggestions?state=all`)).body).toHaveLength(3)
    expect(emu.rejected).toEqual([])
    await emu.close()
  })

  it('drops suggestions silently when the feature is off, as GitHub does', async () => {
    const emu = await startGitHubEmulator({ ...sampleRepo(), suggestionsEnabled: false })
    const call = client(emu)
    const answer = await call('POST', `${R}/issues/1/labels`, {
      labels: [...proposal.labels, { name: 'brand-new', suggest: true }]
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual([])
    expect((await call('PATCH', `${R}/issues/1`, { type: { value: 'Bug', suggest: true } })).status).toBe(200)
    expect(emu.issue(1)).toMatchObject({ labels: [], type: null, suggestions: [] })
    expect(emu.state.createdLabels).toEqual([])
    expect((await call('GET', `${R}/issues/1/suggestions`)).status).toBe(404)
    await emu.close()
  })

  it('answers 404 for issue types where the repository has none', async () => {
    const emu = await startGitHubEmulator({ ...sampleRepo(), issueTypes: null, issues: [], events: {} })
    expect((await client(emu)('GET', `${R}/issue-types`)).status).toBe(404)
    await emu.close()
  })
})

describe('GitHub emulator: answers fit the description', () => {
  let emu: GitHubEmulator
  let call: ReturnType<typeof client>
  beforeAll(async () => {
    emu = await startGitHubEmulator(sampleRepo(), { checkResponses: true })
    call = client(emu)
  })
  afterAll(() => emu.close())

  it.each([
    ['issues/list-labels-for-repo', 'GET', `${R}/labels`, undefined, 200],
    ['issues/get', 'GET', `${R}/issues/3`, undefined, 200],
    ['issues/get', 'GET', `${R}/issues/4`, undefined, 200],
    [
      'issues/add-labels',
      'POST',
      `${R}/issues/1/labels`,
      { labels: ['bug', { name: 'kind/crash', rationale: 'x' }] },
      200
    ],
    ['issues/list-events', 'GET', `${R}/issues/1/events`, undefined, 200],
    ['issues/create-comment', 'POST', `${R}/issues/1/comments`, { body: 'Thanks! Labelled **bug**.' }, 201],
    ['issues/remove-label', 'DELETE', `${R}/issues/1/labels/bug`, undefined, 200],
    ['issues/remove-label', 'DELETE', `${R}/issues/1/labels/bug`, undefined, 404],
    [
      'issues/update',
      'PATCH',
      `${R}/issues/2`,
      { type: 'Feature', state: 'closed', state_reason: 'not_planned' },
      200
    ],
    ['issues/update', 'PATCH', `${R}/issues/2`, { type: 'Epic' }, 422],
    ['issues/list-events', 'GET', `${R}/issues/2/events`, undefined, 200],
    ['issues/list-events-for-timeline', 'GET', `${R}/issues/2/timeline`, undefined, 200],
    ['issues/update', 'PATCH', `${R}/issues/2`, { labels: [{ color: 'ffffff' }] }, 422],
    ['issues/list-for-repo', 'GET', `${R}/issues?state=all`, undefined, 200],
    ['issues/list-events-for-timeline', 'GET', `${R}/issues/5/timeline`, undefined, 200],
    ['issues/list-comments', 'GET', `${R}/issues/5/comments`, undefined, 200],
    ['repos/list-issue-types', 'GET', `${R}/issue-types`, undefined, 200],
    ['repos/get', 'GET', R, undefined, 200],
    ['repos/get-content', 'GET', `${R}/contents/.github%2Fissue-triage.yml`, undefined, 200],
    ['repos/get-content', 'GET', `${R}/contents/.github`, undefined, 200],
    [
      'repos/get-collaborator-permission-level',
      'GET',
      `${R}/collaborators/maintainer-mia/permission`,
      undefined,
      200
    ],
    ['rate-limit/get', 'GET', '/rate_limit', undefined, 200],
    [
      'search/issues-and-pull-requests',
      'GET',
      '/search/issues?q=repo%3Aocto-org%2Fwidgets%20crash',
      undefined,
      200
    ],
    ['reactions/create-for-issue', 'POST', `${R}/issues/1/reactions`, { content: 'eyes' }, 201],
    ['issues/create-label', 'POST', `${R}/labels`, { name: 'bug' }, 422]
  ])('%s %s %s', async (operationId, method, path, body, status) => {
    const answer = await call(method, path, body)
    expect(answer.status).toBe(status)
    expect(validateResponse(operationId, status, answer.body)).toEqual([])
  })

  it('found nothing wrong with any answer along the way', async () => {
    const listed = (
      await call('POST', `${R}/issues/6/labels`, {
        labels: [{ name: 'bug', suggest: true, confidence: 'low' }]
      })
    ).body
    expect(names(listed)).toEqual(['kind/crash', 'P1 🔥'])
    const [suggestion] = (await call('GET', `${R}/issues/6/suggestions`)).body
    expect((await call('POST', `${R}/issues/6/suggestions/${suggestion.id}/approve`)).status).toBe(200)
    expect(emu.responseProblems).toEqual([])
    expect(emu.rejected).toEqual([])
  })
})
