import { afterEach, describe, expect, it } from '@jest/globals'
import type { RepoSeed } from '../emulators/github/index.js'
import { closeChecked } from './checks.js'
import { claiming, comments, offered, ORIGINAL, withOriginal } from './duplicates.js'
import { commentPayload, openedPayload, world, type World } from './fixtures.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

describe('duplicate detection on a new issue', () => {
  it('finds the earlier open original, comments once with a link and adds the label', async () => {
    w = await world(withOriginal, { respond: claiming([{ number: ORIGINAL }]) })
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)

    // Offered: the older original; never the issue itself, the newer look-alike, the PR or closed #3.
    const req = w.model.chatRequests()[0]!
    expect(offered(req)).toContain(ORIGINAL)
    expect(offered(req)).not.toEqual(expect.arrayContaining([1]))
    for (const n of [1, 3, 4, 9]) expect(offered(req)).not.toContain(n)
    const searches = w.github.requests.filter((r) => r.path === '/search/issues')
    expect(searches.length).toBeGreaterThanOrEqual(1)
    expect(searches.length).toBeLessThanOrEqual(3)
    for (const s of searches) expect(s.query.q!.length).toBeLessThanOrEqual(256)

    expect(JSON.parse(run.outputs.duplicates!)).toEqual([ORIGINAL])
    const [comment, ...more] = comments(w, 1)
    expect(more).toEqual([])
    expect(comment!.body).toMatch(/^<!-- issue-triage:duplicates \{.*\} -->\n/)
    expect(comment!.body).toContain(`- #${ORIGINAL}: `)
    expect(comment!.body).toContain('/not-duplicate')
    // The model's reason is shown, defused: no mention, no outside link.
    expect(comment!.body).not.toMatch(/@octocat|https:\/\/evil/)
    expect(w.github.issue(1).labels).toEqual(expect.arrayContaining(['bug', 'possible-duplicate']))
    expect(run.summary).toContain('**Duplicates**')
  })

  it('in suggest mode writes nothing public: no comment, the label suggested, the duplicates in the summary', async () => {
    w = await world(withOriginal, { respond: claiming([{ number: ORIGINAL }]) })
    const run = await w.run({ issue: 1, inputs: { mode: 'suggest' } })
    expect(run.code).toBe(0)
    expect(comments(w, 1)).toEqual([])
    expect(w.github.issue(1).labels).toEqual([])
    const suggested = w.github.issue(1).suggestions.filter((s) => s.kind === 'label' && s.state === 'pending')
    expect(suggested.map((s) => s.value)).toContain('possible-duplicate')
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([ORIGINAL])
    expect(run.summary).toContain('**Duplicates**')
    expect(run.summary).toContain(`#${ORIGINAL}`)
  })

  it('writes nothing about duplicates when the model finds none', async () => {
    w = await world(withOriginal, { respond: claiming([]) })
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([])
    expect(comments(w, 1)).toEqual([])
    expect(w.github.issue(1).labels).not.toContain('possible-duplicate')
  })

  it('refuses a hostile answer naming issues it was never shown, itself, or with low confidence', async () => {
    w = await world(withOriginal, {
      respond: claiming([
        { number: 3 },
        { number: 1 },
        { number: 999 },
        { number: 9 },
        { number: ORIGINAL, confidence: 0.4 }
      ])
    })
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([])
    expect(comments(w, 1)).toEqual([])
    expect(w.github.issue(1).labels).not.toContain('possible-duplicate')
    const refused = JSON.parse(run.outputs.result!).decision.refusedDuplicates as {
      number: number
      reason: string
    }[]
    expect(refused.map((r) => r.number).sort((a, b) => a - b)).toEqual([1, 3, 8, 9, 999])
    expect(refused.find((r) => r.number === 999)!.reason).toBe('not one of the candidates shown to the model')
    expect(refused.find((r) => r.number === 1)!.reason).toBe('an issue cannot duplicate itself')
  })

  it('offers closed issues only with dedupe-include-closed, and follows one closed as a duplicate to its original', async () => {
    const seeded = (seed: RepoSeed) => {
      withOriginal(seed)
      // #8 is worded so that no search for #1 finds it; #10 (closed as its duplicate) is found.
      const original = seed.issues.find((i) => i.number === ORIGINAL)!
      original.title = 'Startup regression in the settings reader'
      original.body = 'Reading preferences fails at launch.'
      seed.issues.push({
        number: 10,
        title: "widgets list TypeError: cannot read properties of undefined (reading 'theme') in loadConfig",
        body: 'No ~/.widgets.yml, so loadConfig crashes.',
        labels: [],
        state: 'closed',
        state_reason: 'duplicate',
        user: { login: 'ivy-dup', type: 'User' },
        created_at: '2025-02-01T08:00:00Z',
        comments: [
          { body: `Duplicate of #${ORIGINAL}`, user: 'maintainer-mia', created_at: '2025-02-02T08:00:00Z' }
        ]
      })
    }
    w = await world(seeded, { respond: claiming([]) })
    const open = await w.run({ issue: 1 })
    const shown = JSON.parse(open.outputs.result!).dedupe.candidates as { number: number; via?: number }[]
    expect(shown).toContainEqual(expect.objectContaining({ number: ORIGINAL, via: 10 }))
    for (const n of [3, 10]) expect(offered(w.model.chatRequests()[0]!)).not.toContain(n)

    const widened = await w.run({ issue: 1, inputs: { 'dedupe-include-closed': 'true' } })
    expect(offered(w.model.chatRequests().at(-1)!)).toContain(3)
    expect(offered(w.model.chatRequests().at(-1)!)).not.toContain(10)
    expect(widened.code).toBe(0)
  })

  it('says how to create a missing duplicate label, or creates it once when create-labels is true', async () => {
    w = await world(
      (seed) => {
        withOriginal(seed)
        seed.labels = seed.labels.filter((l) => l.name !== 'possible-duplicate')
      },
      { respond: claiming([{ number: ORIGINAL }]) }
    )
    const warned = await w.run({ issue: 1 })
    expect(warned.annotations.map((a) => a.message).join('\n')).toContain(
      'The label "possible-duplicate" does not exist'
    )
    expect(w.github.issue(1).labels).not.toContain('possible-duplicate')
    expect(comments(w, 1)).toHaveLength(1)

    await w.close()
    w = await world(
      (seed) => {
        withOriginal(seed)
        seed.labels = seed.labels.filter((l) => l.name !== 'possible-duplicate')
      },
      { respond: claiming([{ number: ORIGINAL }]) }
    )
    const created = await w.run({ issue: 1, inputs: { 'create-labels': 'true' } })
    expect(created.code).toBe(0)
    const label = w.github.state.labels.get('possible-duplicate')
    expect(label?.description).toMatch(/duplicate/i)
    expect(w.github.issue(1).labels).toContain('possible-duplicate')
  })

  it('falls back to lexical search where semantic search is refused (GitHub Enterprise Server)', async () => {
    w = await world(
      withOriginal,
      { respond: claiming([{ number: ORIGINAL }]) },
      { semanticSearch: 'forbidden' }
    )
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(offered(w.model.chatRequests()[0]!)).toContain(ORIGINAL)
    const searches = w.github.requests.filter((r) => r.path === '/search/issues')
    expect(searches.length).toBeLessThanOrEqual(3)
    expect(searches.filter((s) => s.status === 200 && !s.query.search_type).length).toBeGreaterThanOrEqual(1)
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([ORIGINAL])
  })

  it('writes nothing in dry-run, and dedupe: false makes no search', async () => {
    w = await world(withOriginal, { respond: claiming([{ number: ORIGINAL }]) })
    const dry = await w.run({ issue: 1, inputs: { mode: 'dry-run' } })
    expect(JSON.parse(dry.outputs.duplicates!)).toEqual([ORIGINAL])
    expect(w.github.writes()).toEqual([])
    const searchesBefore = w.github.requests.filter((r) => r.path === '/search/issues').length
    expect(searchesBefore).toBeGreaterThan(0)
    // Every spelling the options read as false makes no search, even before the options are read.
    for (const dedupe of ['false', 'off']) {
      const off = await w.run({ issue: 1, inputs: { dedupe } })
      expect(off.code).toBe(0)
      expect(w.github.requests.filter((r) => r.path === '/search/issues')).toHaveLength(searchesBefore)
      expect(offered(w.model.chatRequests().at(-1)!)).toEqual([])
      expect(JSON.parse(off.outputs.duplicates!)).toEqual([])
    }
  })

  it('searches nothing and offers nothing when the config file turns dedupe off', async () => {
    w = await world(
      (seed) => {
        withOriginal(seed)
        seed.files = { ...seed.files, '.github/triage.yml': 'dedupe: false\n' }
      },
      { respond: claiming([{ number: ORIGINAL }]) }
    )
    const run = await w.run({ issue: 1 })
    expect(run.code).toBe(0)
    expect(w.github.requests.filter((r) => r.path === '/search/issues')).toEqual([])
    expect(offered(w.model.chatRequests()[0]!)).toEqual([])
    expect(JSON.parse(run.outputs.duplicates!)).toEqual([])
    expect(JSON.parse(run.outputs.result!).dedupe).toBeUndefined()
    expect(comments(w, 1)).toEqual([])
  })
})

describe('re-runs, appeals and closing', () => {
  /** Runs the first triage, then returns the payload of the same issue as it now stands. */
  async function triaged(respond = claiming([{ number: ORIGINAL }])): Promise<void> {
    w = await world(withOriginal, { respond })
    const first = await w.run({ issue: 1 })
    expect(JSON.parse(first.outputs.duplicates!)).toEqual([ORIGINAL])
  }
  const current = (action: string, edit: Partial<{ body: string }> = {}) => {
    const payload = openedPayload(w!.seed, 1, action)
    const issue = payload.issue as Record<string, unknown>
    Object.assign(issue, {
      labels: w!.github.issue(1).labels.map((name) => ({ name })),
      comments: 1,
      ...edit
    })
    return payload
  }

  it('skips a re-run when title, body and settings are unchanged', async () => {
    await triaged()
    const before = w!.github.writes().length
    const calls = w!.model.chatRequests().length
    const again = await w!.run({ payload: current('reopened') })
    expect(again.code).toBe(0)
    expect(JSON.parse(again.outputs.result!).reason).toMatch(/nothing relevant changed/)
    expect(w!.model.chatRequests()).toHaveLength(calls)
    expect(w!.github.writes()).toHaveLength(before)
  })

  it('keeps the comment when an edit leaves the verdict as it was, and withdraws it when the verdict goes', async () => {
    await triaged()
    const first = comments(w!, 1)[0]!.body
    const edits = () => w!.github.writes().filter((r) => r.path.includes('/issues/comments/')).length
    await w!.run({ payload: current('edited', { body: 'Edited: same crash, more detail.' }) })
    expect(comments(w!, 1)).toHaveLength(1)
    expect(comments(w!, 1)[0]!.body).toBe(first)
    // Not even an identical rewrite: the comment is edited only when the verdict changes.
    expect(edits()).toBe(0)

    w!.model.setResponder(claiming([]))
    const cleared = await w!.run({ payload: current('edited', { body: 'Actually a different problem.' }) })
    expect(cleared.code).toBe(0)
    const [comment] = comments(w!, 1)
    expect(edits()).toBe(1)
    expect(comment!.body).toContain(`looked like a duplicate of #${ORIGINAL}`)
    expect(w!.github.issue(1).labels).not.toContain('possible-duplicate')
  })

  /** A comment event as GitHub sends it: the issue in the payload as it now stands. */
  const commented = (body: string, login: string) => {
    const payload = commentPayload(w!.seed, 1, body, login)
    payload.issue = current('edited').issue
    return payload
  }

  it('keeps a standing verdict when the searches fail on an edit: the original was not shown, so not judged', async () => {
    // Every search answers 503 once the first triage is done.
    let outage = false
    const searches = { test: (path: string) => outage && path === '/search/issues' } as unknown as RegExp
    w = await world(
      withOriginal,
      { respond: claiming([]) },
      { faults: [{ path: searches, status: 503, body: { message: 'Service Unavailable' } }] }
    )
    // The first run finds #8.
    w.model.setResponder(claiming([{ number: ORIGINAL }]))
    const first = await w.run({ issue: 1 })
    expect(JSON.parse(first.outputs.duplicates!)).toEqual([ORIGINAL])
    const before = comments(w, 1)[0]!.body
    outage = true
    w.model.setResponder(claiming([]))
    const run = await w.run({ payload: current('edited', { body: 'Edited: still crashes.' }) })
    expect(run.code).toBe(0)
    expect(comments(w, 1)).toHaveLength(1)
    expect(comments(w, 1)[0]!.body).toBe(before)
    expect(w.github.issue(1).labels).toContain('possible-duplicate')
    expect(run.annotations).toContainEqual({
      level: 'warning',
      message: `The duplicate verdict on #1 (#${ORIGINAL}) stands: #${ORIGINAL} was not among the candidates shown to the model this time.`
    })
  })

  it('lets the author appeal with /not-duplicate, and never suggests that issue again', async () => {
    await triaged()
    const run = await w!.run({
      event: 'issue_comment',
      payload: commented('/not-duplicate this is a different crash', 'alice-dev')
    })
    expect(run.code).toBe(0)
    // Each output once: the appeal's result, not an empty one before it.
    for (const name of ['labels', 'duplicates', 'result'])
      expect(run.outputText.match(new RegExp(`^${name}<<`, 'gm'))).toHaveLength(1)
    expect(JSON.parse(run.outputs.result!).appeal).toMatchObject({ status: 'withdrawn' })
    expect(w!.model.chatRequests()).toHaveLength(1)
    expect(w!.github.issue(1).labels).not.toContain('possible-duplicate')
    expect(comments(w!, 1)[0]!.body).toContain(
      `Marked as not a duplicate of #${ORIGINAL} by the issue's author`
    )

    const edited = await w!.run({ payload: current('edited', { body: 'More detail about my crash.' }) })
    expect(edited.code).toBe(0)
    expect(offered(w!.model.chatRequests().at(-1)!)).not.toContain(ORIGINAL)
    expect(JSON.parse(edited.outputs.duplicates!)).toEqual([])
    expect(w!.github.issue(1).labels).not.toContain('possible-duplicate')
  })

  it("treats the author's 👎 on the comment as an appeal when the issue is next edited", async () => {
    await triaged()
    const bot = w!.github.state.comments.find((c) => c.issue === 1)!
    w!.github.state.reactions.push({
      id: 78,
      subject: { comment: bot.id },
      content: '-1',
      user: { login: 'alice-dev', type: 'User' },
      created_at: new Date().toISOString()
    })
    const edited = await w!.run({ payload: current('edited', { body: 'Still crashing, more detail.' }) })
    expect(edited.code).toBe(0)
    expect(offered(w!.model.chatRequests().at(-1)!)).not.toContain(ORIGINAL)
    expect(w!.github.issue(1).labels).not.toContain('possible-duplicate')
    expect(comments(w!, 1)).toHaveLength(1)
    expect(comments(w!, 1)[0]!.body).toContain("by the issue's author (with 👎)")
  })

  it('ignores /not-duplicate from someone who is neither the author nor a maintainer', async () => {
    await triaged()
    const before = w!.github.writes().length
    const run = await w!.run({
      event: 'issue_comment',
      payload: commented('/not-duplicate', 'random-passerby')
    })
    expect(run.code).toBe(0)
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(
      /neither the issue's author nor has triage rights/
    )
    expect(w!.github.writes()).toHaveLength(before)
    expect(w!.github.issue(1).labels).toContain('possible-duplicate')
  })
})

describe('the scheduled run', () => {
  const DAY = 86_400_000
  /** Issue #1 as the action left it `days` ago: labelled, with its comment naming #8. */
  function labelledDaysAgo(days: number, extra: (seed: RepoSeed) => void = () => {}) {
    return (seed: RepoSeed) => {
      withOriginal(seed)
      const since = new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z')
      const issue = seed.issues.find((i) => i.number === 1)!
      issue.labels = ['possible-duplicate']
      issue.comments = [
        {
          body: `<!-- issue-triage:duplicates {"v":1,"hash":"0123456789abcdef","verdict":[${ORIGINAL}],"rejected":[],"status":"found","since":"${since}"} -->\nThis issue looks like a duplicate of an earlier one:\n\n- #${ORIGINAL}: TypeError`,
          user: 'github-actions[bot]',
          userType: 'Bot',
          created_at: since
        }
      ]
      extra(seed)
    }
  }
  const schedule = (inputs: Record<string, string> = {}) =>
    w!.run({
      event: 'schedule',
      payload: { schedule: '17 3 * * *' },
      inputs: { 'close-duplicates-after': '7', ...inputs }
    })

  it('closes an unchallenged likely duplicate as a duplicate of its open original, without locking it', async () => {
    w = await world(labelledDaysAgo(8))
    const run = await schedule()
    expect(run.code).toBe(0)
    expect(w.model.chatRequests()).toEqual([])
    const closed = w.github.state.issues.get(1)!
    expect(closed).toMatchObject({
      state: 'closed',
      state_reason: 'duplicate',
      duplicate_of: ORIGINAL,
      locked: false
    })
    expect(comments(w, 1)).toHaveLength(1)
    expect(comments(w, 1)[0]!.body).toContain(`Closed as a duplicate of #${ORIGINAL}`)
    expect(JSON.parse(run.outputs.result!).sweep).toEqual([
      expect.objectContaining({ issue: 1, outcome: 'closed', original: ORIGINAL })
    ])
  })

  it('reaches the oldest labelled issues first, past the first page, within its cap of 100 a run', async () => {
    // 120 newer labelled issues: newest first and one page, the sweep never reached #1 (due to close).
    w = await world(
      labelledDaysAgo(8, (seed) => {
        for (let n = 100; n < 220; n++)
          seed.issues.push({
            number: n,
            title: `Later report ${n}`,
            body: 'Also broken.',
            labels: ['possible-duplicate'],
            state: 'open',
            user: { login: 'someone', type: 'User' },
            created_at: `2025-06-01T00:${String(Math.floor((n - 100) / 60)).padStart(2, '0')}:${String((n - 100) % 60).padStart(2, '0')}Z`
          })
      })
    )
    const run = await schedule()
    expect(run.code).toBe(0)
    const sweep = JSON.parse(run.outputs.result!).sweep as { issue: number; outcome: string }[]
    expect(sweep).toHaveLength(100)
    expect(sweep[0]).toMatchObject({ issue: 1, outcome: 'closed' })
    expect(sweep.map((e) => e.issue)).toEqual([1, ...Array.from({ length: 99 }, (_, i) => 100 + i)])
    expect(w.github.state.issues.get(1)!.state).toBe('closed')
  })

  it('only says what it would close in dry-run', async () => {
    w = await world(labelledDaysAgo(8))
    const run = await schedule({ mode: 'dry-run' })
    expect(JSON.parse(run.outputs.result!).sweep[0].outcome).toBe('would-close')
    expect(w.github.writes()).toEqual([])
    expect(run.summary).toContain('would close as a duplicate of #8')
  })

  it.each([
    ['the verdict is younger than close-duplicates-after', labelledDaysAgo(3), /3 of 7 days/],
    [
      'the author commented after the verdict',
      labelledDaysAgo(8, (seed) =>
        seed.issues
          .find((i) => i.number === 1)!
          .comments!.push({
            body: 'It is not the same!',
            user: 'alice-dev',
            created_at: new Date().toISOString()
          })
      ),
      /author commented/
    ],
    [
      'the original is closed',
      labelledDaysAgo(8, (seed) => {
        const original = seed.issues.find((i) => i.number === ORIGINAL)!
        original.state = 'closed'
      }),
      /original #8 is closed/
    ],
    [
      'a person took the label off before',
      labelledDaysAgo(8, (seed) => {
        seed.events = {
          ...seed.events,
          1: [
            { event: 'unlabeled', label: 'possible-duplicate', actor: 'maintainer-mia' },
            { event: 'labeled', label: 'possible-duplicate', actor: 'github-actions[bot]', actorType: 'Bot' }
          ]
        }
      }),
      /a person removed the possible-duplicate label/
    ]
  ])('keeps the issue open when %s', async (_why, seeded, reason) => {
    w = await world(seeded)
    const run = await schedule()
    expect(run.code).toBe(0)
    const [entry] = JSON.parse(run.outputs.result!).sweep
    expect(entry.outcome).toBe('kept')
    expect(entry.reason).toMatch(reason)
    expect(w.github.writes()).toEqual([])
    expect(w.github.issue(1).state).toBe('open')
  })

  it.each([
    ['does not exist (transferred away)', 404, 999, []],
    [
      'was deleted',
      410,
      ORIGINAL,
      [{ method: 'GET', path: `/repos/octo-org/widgets/issues/${ORIGINAL}`, status: 410, times: 1 }]
    ]
  ])(
    'skips a verdict whose original %s and goes on with the next issue',
    async (_why, status, missing, faults) => {
      // #1's verdict names an original GitHub no longer answers for; #9 is a likely duplicate of #8, due too.
      w = await world(
        labelledDaysAgo(8, (seed) => {
          const first = seed.issues.find((i) => i.number === 1)!
          first.comments![0]!.body = first.comments![0]!.body.replace(`[${ORIGINAL}]`, `[${missing}]`)
          const later = seed.issues.find((i) => i.number === 9)!
          later.labels = ['possible-duplicate']
          later.comments = [
            {
              ...first.comments![0]!,
              body: first.comments![0]!.body.replace(`[${missing}]`, `[${ORIGINAL}]`)
            }
          ]
        }),
        {},
        { faults }
      )
      const run = await schedule()
      expect(run.code).toBe(0)
      expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
      expect(JSON.parse(run.outputs.result!).sweep).toEqual([
        { issue: 1, outcome: 'kept', reason: `the original #${missing} is gone (${status})` },
        expect.objectContaining({ issue: 9, outcome: 'closed', original: ORIGINAL })
      ])
      expect(w.github.issue(1).state).toBe('open')
      expect(w.github.issue(9).state).toBe('closed')
      expect(run.summary).toMatch(new RegExp(`#1: kept — the original #\\W?${missing} is gone \\W*${status}`))
    }
  )

  it("withdraws the verdict on the author's 👎 instead of closing", async () => {
    w = await world(labelledDaysAgo(8))
    const bot = w.github.state.comments.find((c) => c.issue === 1)!
    w.github.state.reactions.push({
      id: 77,
      subject: { comment: bot.id },
      content: '-1',
      user: { login: 'alice-dev', type: 'User' },
      created_at: new Date().toISOString()
    })
    const run = await schedule()
    expect(JSON.parse(run.outputs.result!).sweep[0].outcome).toBe('appealed')
    expect(w.github.issue(1).state).toBe('open')
    expect(w.github.issue(1).labels).not.toContain('possible-duplicate')
    expect(comments(w, 1)[0]!.body).toContain("by the issue's author (with 👎)")
  })
})
