/**
 * The emulator's GraphQL endpoint must refuse what GitHub's published schema does not allow and answer what it
 * implements as GitHub would, or the action's one GraphQL read is tested against a made-up API.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { sampleRepo, startGitHubEmulator, validateResponse, type GitHubEmulator } from './github/index.js'

let emu: GitHubEmulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

async function graphql(query: string, variables: Record<string, unknown> = {}, token = 'token ghs_x') {
  const res = await fetch(`${emu!.url}/graphql`, {
    method: 'POST',
    headers: { authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables })
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
  return { status: res.status, body: (await res.json()) as any }
}

const TIMELINE = `query($n: Int!) { repository(owner: "octo-org", name: "widgets") {
  issueOrPullRequest(number: $n) { __typename ... on Issue { timelineItems(itemTypes: [LABELED_EVENT, UNLABELED_EVENT], first: 1, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { __typename ... on LabeledEvent { actor { __typename login } label { name } } } } } } } }`

describe('the GitHub emulator: GraphQL', () => {
  it('refuses a field GitHub does not have, a syntax error and a missing variable, and records each', async () => {
    emu = await startGitHubEmulator(sampleRepo())
    const unknown = await graphql(
      '{ repository(owner: "octo-org", name: "widgets") { labelz(first: 1) { totalCount } } }'
    )
    expect(unknown.status).toBe(200)
    expect(unknown.body.data).toBeUndefined()
    expect(unknown.body.errors[0].message).toMatch(/Cannot query field "labelz" on type "Repository"/)
    const broken = await graphql('{ repository(owner: "octo-org" { name } }')
    expect(broken.body.errors[0].message).toMatch(/Syntax Error/)
    const missing = await graphql(
      'query($n: Int!) { repository(owner: "octo-org", name: "widgets") { issue(number: $n) { title } } }'
    )
    expect(missing.body.errors[0].message).toMatch(/Variable "\$n" of required type "Int!" was not provided/)
    expect(emu.rejected.map((r) => r.path)).toEqual(['/graphql', '/graphql', '/graphql'])
    expect(emu.writes()).toEqual([])
  })

  it('refuses a request without a token', async () => {
    emu = await startGitHubEmulator(sampleRepo())
    const res = await fetch(`${emu.url}/graphql`, {
      method: 'POST',
      body: JSON.stringify({ query: '{ viewer { login } }' })
    })
    expect(res.status).toBe(401)
  })

  it("pages an issue's label events by cursor, with GitHub's actor types", async () => {
    emu = await startGitHubEmulator(sampleRepo())
    const query = TIMELINE.replace('query($n: Int!)', 'query($n: Int!, $after: String)')
    const first = await graphql(query, { n: 6 })
    const page = first.body.data.repository.issueOrPullRequest.timelineItems
    expect(page.totalCount).toBe(2)
    expect(page.nodes).toEqual([
      {
        __typename: 'LabeledEvent',
        actor: { __typename: 'User', login: 'maintainer-mia' },
        label: { name: 'kind/crash' }
      }
    ])
    expect(page.pageInfo.hasNextPage).toBe(true)
    const second = await graphql(query, { n: 6, after: page.pageInfo.endCursor })
    const next = second.body.data.repository.issueOrPullRequest.timelineItems
    expect(next.nodes[0].label.name).toBe('P1 🔥')
    expect(next.pageInfo.hasNextPage).toBe(false)
    expect(emu.rejected).toEqual([])
  })

  it('enforces the first/last rule of connections and answers NOT_FOUND as GitHub does', async () => {
    emu = await startGitHubEmulator(sampleRepo())
    const tooMany = await graphql(
      '{ repository(owner: "octo-org", name: "widgets") { issue(number: 1) { timelineItems(itemTypes: [LABELED_EVENT], first: 101) { totalCount } } } }'
    )
    expect(tooMany.body.errors[0].message).toMatch(/exceeds the `first` limit of 100 records/)
    const none = await graphql(
      '{ repository(owner: "octo-org", name: "widgets") { issue(number: 999) { title } } }'
    )
    expect(none.body.data.repository.issue).toBeNull()
    expect(none.body.errors[0]).toMatchObject({ type: 'NOT_FOUND', path: ['repository', 'issue'] })
    const elsewhere = await graphql('{ repository(owner: "octo-org", name: "gadgets") { name } }')
    expect(elsewhere.body.errors[0].message).toMatch(/Could not resolve to a Repository/)
  })

  it('reads a file of the default branch, a directory as a Tree, a missing path as null', async () => {
    emu = await startGitHubEmulator(sampleRepo())
    const read = async (expression: string) =>
      (
        await graphql(
          'query($e: String!) { repository(owner: "octo-org", name: "widgets") { object(expression: $e) { __typename ... on Blob { text isBinary isTruncated } } } }',
          { e: expression }
        )
      ).body.data.repository.object
    expect(await read('HEAD:README.md')).toEqual({
      __typename: 'Blob',
      text: '# widgets\n\nA command-line tool for widgets.\n',
      isBinary: false,
      isTruncated: false
    })
    expect(await read('HEAD:.github')).toEqual({ __typename: 'Tree' })
    expect(await read('HEAD:nope.yml')).toBeNull()
  })

  it('answers a large file as GitHub does: GraphQL text cut at 512,000 bytes, REST contents without it from 1 MB', async () => {
    const seed = sampleRepo()
    const big = `# ${'x'.repeat(1024 * 1024)}\n`
    seed.files = { ...seed.files, 'big.yml': big, 'mid.yml': 'y'.repeat(600_000) }
    emu = await startGitHubEmulator(seed, { checkResponses: true })
    const blob = async (path: string) =>
      (
        await graphql(
          'query($e: String!) { repository(owner: "octo-org", name: "widgets") { object(expression: $e) { ... on Blob { text byteSize isTruncated } } } }',
          { e: `HEAD:${path}` }
        )
      ).body.data.repository.object
    const cut = await blob('big.yml')
    expect(cut).toMatchObject({ byteSize: big.length, isTruncated: true })
    expect(cut.text).toHaveLength(512_000)
    expect((await blob('mid.yml')).isTruncated).toBe(true)
    const rest = async (path: string, accept = 'application/vnd.github+json') => {
      const res = await fetch(`${emu!.url}/repos/octo-org/widgets/contents/${path}`, {
        headers: { authorization: 'token ghs_x', accept }
      })
      return { type: res.headers.get('content-type'), body: await res.text() }
    }
    expect(JSON.parse((await rest('big.yml')).body)).toMatchObject({
      type: 'file',
      size: big.length,
      content: '',
      encoding: 'none'
    })
    expect(JSON.parse((await rest('mid.yml')).body)).toMatchObject({ encoding: 'base64', size: 600_000 })
    expect((await rest('big.yml', 'application/vnd.github.raw')).body).toBe(big)
    expect(emu.responseProblems).toEqual([])
  })

  it("pages a repository's issues newest first, without pull requests, with GitHub's cursor and state rules", async () => {
    const seed = sampleRepo()
    seed.issues.push({
      ...seed.issues[0]!,
      number: 10,
      title: 'Crash again',
      state: 'closed',
      state_reason: 'duplicate',
      created_at: '2025-03-06T00:00:00Z',
      comments: [{ body: 'Duplicate of #1', user: 'maintainer-mia' }]
    })
    emu = await startGitHubEmulator(seed)
    const query = `query($after: String, $states: [IssueState!]) { repository(owner: "octo-org", name: "widgets") {
      issues(first: 3, after: $after, orderBy: { field: CREATED_AT, direction: DESC }, states: $states) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { number fullDatabaseId databaseId title state createdAt
          reason: stateReason(enableDuplicate: true) legacy: stateReason comments(first: 1) { totalCount } } } } }`
    const pages = []
    let after: string | null = null
    do {
      const res = await graphql(query, { after })
      expect(res.body.errors).toBeUndefined()
      const page = res.body.data.repository.issues
      pages.push(page)
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
    } while (after)
    // Six issues (#4 is a pull request, #7 a bot's issue counts): newest first, three a page.
    expect(pages.map((p) => p.nodes.map((n: { number: number }) => n.number))).toEqual([
      [10, 7, 6],
      [5, 1, 2],
      [3]
    ])
    expect(pages[0].totalCount).toBe(7)
    expect(pages.at(-1).pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) })
    expect(pages[0].nodes[0]).toEqual({
      number: 10,
      fullDatabaseId: '10007',
      databaseId: 10007,
      title: 'Crash again',
      state: 'CLOSED',
      createdAt: '2025-03-06T00:00:00Z',
      reason: 'DUPLICATE',
      legacy: 'NOT_PLANNED',
      comments: { totalCount: 1 }
    })
    expect(pages[2].nodes[0]).toMatchObject({ number: 3, state: 'CLOSED', reason: 'COMPLETED' })
    const open = await graphql(query, { states: ['OPEN'] })
    expect(open.body.data.repository.issues.totalCount).toBe(5)
    // GitHub's rules: first or last, at most 100; an ordering the emulator lacks is said, never made up.
    const tooMany = await graphql(
      '{ repository(owner: "octo-org", name: "widgets") { issues(first: 101) { totalCount } } }'
    )
    expect(tooMany.body.errors[0].message).toMatch(/exceeds the `first` limit of 100 records/)
    const unpaged = await graphql(
      '{ repository(owner: "octo-org", name: "widgets") { issues { nodes { number } } } }'
    )
    expect(unpaged.body.errors[0].message).toMatch(/must provide a `first` or `last` value/)
    const byComments = await graphql(
      '{ repository(owner: "octo-org", name: "widgets") { issues(first: 1, orderBy: { field: COMMENTS, direction: ASC }) { totalCount } } }'
    )
    expect(byComments.body.errors[0].message).toMatch(/emulator lacks issues ordered by COMMENTS/)
    expect(emu.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/emulator lacks/)])
  })

  it('answers marked- and unmarked-as-duplicate events in the timeline, and lists them through REST', async () => {
    const seed = sampleRepo()
    seed.issues.push(
      { ...seed.issues[0]!, number: 8, state: 'closed', state_reason: 'duplicate' },
      { ...seed.issues[0]!, number: 9, state: 'closed', state_reason: 'not_planned' }
    )
    seed.events = {
      8: [
        {
          event: 'marked_as_duplicate',
          canonical: 3,
          actor: 'maintainer-mia',
          created_at: '2025-03-06T00:00:00Z'
        }
      ],
      9: [
        {
          event: 'marked_as_duplicate',
          canonical: 3,
          actor: 'maintainer-mia',
          created_at: '2025-03-06T00:00:00Z'
        },
        {
          event: 'unmarked_as_duplicate',
          canonical: 3,
          actor: 'maintainer-mia',
          created_at: '2025-03-07T00:00:00Z'
        }
      ]
    }
    emu = await startGitHubEmulator(seed)
    const query = `query($n: Int!) { repository(owner: "octo-org", name: "widgets") { issue(number: $n) {
      timelineItems(itemTypes: [MARKED_AS_DUPLICATE_EVENT, UNMARKED_AS_DUPLICATE_EVENT], last: 1) { totalCount nodes {
        __typename ... on MarkedAsDuplicateEvent { actor { login } isCrossRepository canonical { __typename ... on Issue { number title } } }
        ... on UnmarkedAsDuplicateEvent { canonical { ... on Issue { number } } } } } } } }`
    const marked = (await graphql(query, { n: 8 })).body.data.repository.issue.timelineItems
    expect(marked).toEqual({
      totalCount: 1,
      nodes: [
        {
          __typename: 'MarkedAsDuplicateEvent',
          actor: { login: 'maintainer-mia' },
          isCrossRepository: false,
          canonical: { __typename: 'Issue', number: 3, title: seed.issues[2]!.title }
        }
      ]
    })
    const undone = (await graphql(query, { n: 9 })).body.data.repository.issue.timelineItems
    expect(undone).toEqual({
      totalCount: 2,
      nodes: [{ __typename: 'UnmarkedAsDuplicateEvent', canonical: { number: 3 } }]
    })
    // Label events are not among them, nor these among label events.
    const labels = await graphql(TIMELINE.replace('after: $after', ''), { n: 8 })
    expect(labels.body.data.repository.issueOrPullRequest.timelineItems.totalCount).toBe(0)
    // Other item types are still refused by name rather than answered empty.
    const other = await graphql(query.replace('UNMARKED_AS_DUPLICATE_EVENT', 'CLOSED_EVENT'), { n: 8 })
    expect(other.body.errors[0].message).toBe('emulator lacks timelineItems of types CLOSED_EVENT')
    expect(emu.rejected.map((r) => r.path)).toEqual(['/graphql'])

    // REST names the event as GitHub does, without the original (GitHub's REST event does not carry it).
    const res = await fetch(`${emu.url}/repos/octo-org/widgets/issues/9/events`, {
      headers: { authorization: 'token ghs_x' }
    })
    const events = (await res.json()) as { event: string }[]
    expect(events.map((e) => e.event)).toEqual(['marked_as_duplicate', 'unmarked_as_duplicate'])
    expect(validateResponse('issues/list-events', 200, events)).toEqual([])
  })

  it('refuses a seed that marks an issue a duplicate of one it lacks', async () => {
    const seed = sampleRepo()
    seed.events = { 1: [{ event: 'marked_as_duplicate', canonical: 99, actor: 'maintainer-mia' }] }
    await expect(startGitHubEmulator(seed)).rejects.toThrow(/duplicate of #99, which is not seeded/)
  })

  it('records GraphQL queries as reads, and lets tests inject faults on /graphql', async () => {
    emu = await startGitHubEmulator(sampleRepo(), { faults: [{ path: '/graphql', status: 502, times: 1 }] })
    const failed = await graphql('{ viewer { login } }')
    expect(failed.status).toBe(502)
    expect(emu.requests.map((r) => r.operationId)).toEqual(['graphql'])
    expect(emu.writes()).toEqual([])
  })
})
