/**
 * Never a wrong write: a comment GitHub answered an error for is not posted twice, overlapping runs end
 * with one comment, and a run that fails after writing says what it wrote, with its outputs and summary.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { EmulatorState, RecordedRequest, RepoSeed } from '../emulators/github/index.js'
import { closeChecked } from './checks.js'
import { claiming, comments, markerBody, ORIGINAL, withOriginal } from './duplicates.js'
import { answer, openedPayload, world, type World } from './fixtures.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

const ACTOR = { login: 'github-actions[bot]', type: 'Bot' as const }
const COMMENTS = '/repos/octo-org/widgets/issues/1/comments'
const posts = (w: World) => w.github.requests.filter((r) => r.method === 'POST' && r.path === COMMENTS)
const errors = (run: { annotations: { level: string; message: string }[] }) =>
  run.annotations.filter((a) => a.level === 'error').map((a) => a.message)
const warnings = (run: { annotations: { level: string; message: string }[] }) =>
  run.annotations.filter((a) => a.level === 'warning').map((a) => a.message)

/** The comment another run of the action posts on issue #1 at this moment. */
function postedElsewhere(state: EmulatorState, verdict: number[]): number {
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const id = state.nextId()
  const body = markerBody(verdict, at)
  state.comments.push({ id, issue: 1, body, user: ACTOR, created_at: at, updated_at: at })
  return id
}

describe('the duplicate comment is written once', () => {
  it('posts a comment GitHub stored but answered 502 for once, and counts it as created', async () => {
    w = await world(
      withOriginal,
      { respond: claiming([{ number: ORIGINAL }]) },
      { faults: [{ method: 'POST', path: 'issues/create-comment', status: 502, afterWrite: true, times: 1 }] }
    )
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(posts(w)).toHaveLength(1)
    const [comment, ...more] = comments(w, 1)
    expect(more).toEqual([])
    expect(comment!.body).toContain(`- #${ORIGINAL}: `)
    expect(JSON.parse(run.outputs.result!).dedupe.acted).toMatchObject({
      comment: 'created',
      commentId: comment!.id,
      label: 'added'
    })
    expect(w.github.issue(1).labels).toEqual(expect.arrayContaining(['bug', 'possible-duplicate']))
  })

  it('reports a comment GitHub answered 502 for and did not store, with what was written before it', async () => {
    w = await world(
      withOriginal,
      { respond: claiming([{ number: ORIGINAL }]) },
      { faults: [{ method: 'POST', path: 'issues/create-comment', status: 502 }] }
    )
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(1)
    expect(posts(w)).toHaveLength(1)
    expect(errors(run)).toEqual([
      `Issue #1: label bug was added, then POST ${COMMENTS} failed: Bad Gateway (502). Nothing more was written; re-run the job to finish.`
    ])
    expect(comments(w, 1)).toEqual([])
    expect(w.github.issue(1).labels).toEqual(['bug'])
    expect(JSON.parse(run.outputs.labels!)).toEqual(['bug'])
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([ORIGINAL])
    expect(JSON.parse(run.outputs.result!)).toMatchObject({
      status: 'failed',
      error: { kind: 'github' },
      acted: { labelsApplied: ['bug'] },
      dedupe: { acted: { comment: 'none', label: 'none' } }
    })
    expect(run.summary).toContain('bug (added)')
    expect(run.summary).toMatch(/^- #1: failed: Issue #\S+: label bug was added, then POST .* \\\(502\\\)/m)
  })

  it('updates the comment an overlapping run posted while this one waited for the model, instead of posting another', async () => {
    const respond = claiming([{ number: ORIGINAL }])
    w = await world(withOriginal, {
      respond: (req) => {
        postedElsewhere(w!.github.state, [9])
        return respond(req)
      }
    })
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(posts(w)).toEqual([])
    const [comment, ...more] = comments(w, 1)
    expect(more).toEqual([])
    expect(comment!.body).toContain(`- #${ORIGINAL}: `)
    expect(comment!.body).not.toContain('- #9: ')
    expect(JSON.parse(run.outputs.result!).dedupe.acted).toMatchObject({
      comment: 'updated',
      commentId: comment!.id
    })
  })

  it('ends with one comment when another run posts at the same moment: the older one is deleted', async () => {
    let other: number | undefined
    const onRequest = (r: RecordedRequest, state: EmulatorState) => {
      if (r.method === 'POST' && r.path === COMMENTS && other === undefined)
        other = postedElsewhere(state, [ORIGINAL])
    }
    w = await world(withOriginal, { respond: claiming([{ number: ORIGINAL }]) }, { onRequest })
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(posts(w)).toHaveLength(1)
    const [comment, ...more] = comments(w, 1)
    expect(more).toEqual([])
    expect(comment!.id).not.toBe(other)
    expect(comment!.body).toContain('/not-duplicate')
    expect(
      w.github
        .writes()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.path)
    ).toEqual([`/repos/octo-org/widgets/issues/comments/${other}`])
    expect(JSON.parse(run.outputs.result!).dedupe.acted).toMatchObject({
      comment: 'created',
      commentId: comment!.id
    })
  })

  it('leaves one comment of the action on an issue an earlier overlap left with two, and no person’s', async () => {
    const seeded = (seed: RepoSeed) => {
      withOriginal(seed)
      const at = (day: number) => `2025-03-0${day}T10:00:00Z`
      seed.issues.find((i) => i.number === 1)!.comments = [
        { body: markerBody([ORIGINAL], at(3)), user: 'alice-dev', created_at: at(3) },
        { body: markerBody([ORIGINAL], at(4)), user: ACTOR.login, userType: 'Bot', created_at: at(4) },
        { body: markerBody([ORIGINAL], at(5)), user: ACTOR.login, userType: 'Bot', created_at: at(5) }
      ]
    }
    w = await world(seeded, { respond: claiming([{ number: ORIGINAL }]) })
    const [person, older, newer] = comments(w, 1)
    const run = await w.run({ payload: openedPayload(w.seed, 1, 'edited') })
    expect(run.code).toBe(0)
    expect(comments(w, 1).map((c) => c.id)).toEqual([person!.id, newer!.id])
    expect(
      w.github
        .writes()
        .filter((r) => r.path.includes('/comments'))
        .map((r) => `${r.method} ${r.path}`)
    ).toEqual([`DELETE /repos/octo-org/widgets/issues/comments/${older!.id}`])
    expect(JSON.parse(run.outputs.result!).dedupe.acted).toMatchObject({ comment: 'unchanged' })
  })
})

describe('a run that fails after writing', () => {
  it('says which labels it added before the type was refused, with the outputs and the summary', async () => {
    const refused = {
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field: 'type', code: 'invalid' }],
      documentation_url: 'https://docs.github.com/rest/issues/issues#update-an-issue'
    }
    w = await world(
      undefined,
      { steps: [{ kind: 'answer', content: answer([{ name: 'bug' }, { name: 'area: cli' }], 'Bug') }] },
      { faults: [{ method: 'PATCH', path: 'issues/update', status: 422, body: refused }] }
    )
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(errors(run)).toEqual([
      'Issue #1: labels bug, area: cli were added, then PATCH /repos/octo-org/widgets/issues/1 failed: Validation Failed: {"resource":"Issue","field":"type","code":"invalid"} (422). Nothing more was written; re-run the job to finish.'
    ])
    expect(w.github.issue(1)).toMatchObject({ labels: ['bug', 'area: cli'], type: null, comments: [] })
    expect(JSON.parse(run.outputs.labels!)).toEqual(['bug', 'area: cli'])
    expect(JSON.parse(run.outputs.result!)).toMatchObject({
      status: 'failed',
      acted: { labelsApplied: ['bug', 'area: cli'], typeSet: null }
    })
    expect(run.summary).toContain('bug (added)<br>area: cli (added)')
    expect(run.summary).toMatch(/^- #1: failed: Issue #\S+: labels bug, area: cli were added, then PATCH/m)
  })

  it('names what was written before a secondary rate limit refused the comment, and promises nothing', async () => {
    const limited = {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
    }
    w = await world(
      withOriginal,
      { respond: claiming([{ number: ORIGINAL }], ['bug', 'area: cli'], 'Bug') },
      {
        faults: [
          {
            method: 'POST',
            path: 'issues/create-comment',
            status: 403,
            body: limited,
            headers: { 'retry-after': '3600' }
          }
        ]
      }
    )
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(1)
    expect(errors(run)).toEqual([
      `Issue #1: labels bug, area: cli were added and the type was set to Bug, then POST ${COMMENTS} failed: GitHub's secondary rate limit (403). Nothing more was written; re-run the job to finish.`
    ])
    expect(w.github.issue(1)).toMatchObject({ labels: ['bug', 'area: cli'], type: 'Bug', comments: [] })
    expect(JSON.parse(run.outputs.result!).acted).toMatchObject({ typeSet: 'Bug' })
    expect(run.summary).toContain('Bug (set)')
  })
})

describe('a locked issue', () => {
  const lockedVerdict = `Issue #1 is locked, so its duplicate comment and the possible-duplicate label were left as they are; the verdict is in the job summary. Unlock the issue and re-run the job to write them.`

  it('gets its labels and type, and no duplicate comment or label, with a warning instead of a failure', async () => {
    const locked = (seed: RepoSeed) => {
      withOriginal(seed)
      seed.issues.find((i) => i.number === 1)!.locked = true
    }
    w = await world(locked, { respond: claiming([{ number: ORIGINAL }], ['bug'], 'Bug') })
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(posts(w)).toEqual([])
    expect(warnings(run)).toContain(lockedVerdict)
    expect(errors(run)).toEqual([])
    expect(w.github.issue(1)).toMatchObject({ labels: ['bug'], type: 'Bug', comments: [] })
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([ORIGINAL])
    expect(run.summary).toContain(`likely duplicate of #${ORIGINAL}`)
  })

  it('is told apart from a missing permission when it was locked after the event was sent', async () => {
    w = await world(withOriginal, { respond: claiming([{ number: ORIGINAL }]) })
    w.github.state.issues.get(1)!.locked = true
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(posts(w).map((r) => r.status)).toEqual([403])
    expect(warnings(run)).toContain(lockedVerdict)
    expect(w.github.issue(1)).toMatchObject({ labels: ['bug'], comments: [] })
  })
})
