/**
 * `POST /graphql` for the emulated repository. Every query is parsed and validated against GitHub's published
 * GraphQL schema (`@octokit/graphql-schema`, the schema GitHub publishes for its public API): a field, argument
 * or variable GitHub does not have is refused and recorded, as the REST side refuses what its description does
 * not allow. Valid queries run against the emulator's state; the fields the action reads are implemented and
 * anything else resolves to an error naming what the emulator lacks, so a test never passes on a made-up answer.
 */
import {
  buildASTSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema
} from 'graphql'
import type { Reply } from './context.js'
import type { Fault } from './faults.js'
import type { EmulatorState, EventRecord } from './state.js'

/**
 * A fault for `EmulatorOptions.faults`: GraphQL refuses every query the way GitHub does when the token
 * lacks a permission (HTTP 200, no data, a FORBIDDEN error), so tests can check the REST fallback.
 */
export const GRAPHQL_FORBIDDEN: Fault = {
  path: '/graphql',
  status: 200,
  body: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] }
}

let schema: Promise<GraphQLSchema> | undefined

/**
 * GitHub's schema, built once per process on first use (~250 ms), from the package's SDL: its JSON
 * introspection is older (it lacks `stateReason(enableDuplicate:)` and `DUPLICATE`, which GitHub serves).
 * The SDL defines two fields of `EnterpriseOwnerInfo` twice; the first definition of each is kept.
 */
function githubSchema(): Promise<GraphQLSchema> {
  schema ??= import('@octokit/graphql-schema').then(({ schema: published }) => {
    const document = parse(published.idl)
    const definitions = document.definitions.map((definition) => {
      if (!('fields' in definition) || !definition.fields) return definition
      const seen = new Set<string>()
      const fields = (definition.fields as readonly { name: { value: string } }[]).filter(
        (f) => !seen.has(f.name.value) && seen.add(f.name.value)
      )
      return { ...definition, fields }
    }) as DocumentNode['definitions']
    return buildASTSchema({ ...document, definitions })
  })
  return schema
}

/** A GraphQL request the schema refuses, with GitHub's answer to it. */
export interface GraphqlAnswer {
  reply: Reply
  /** Set when GitHub would refuse the query itself (syntax, unknown field, bad variables). */
  refused?: string
}

class NotFound extends Error {
  readonly type = 'NOT_FOUND'
}

/** GitHub's answer to a query it cannot run: HTTP 200 with `errors` and no data. */
function refusal(message: string): GraphqlAnswer {
  return { reply: { status: 200, body: { errors: [{ message }] } }, refused: message }
}

const cursor = (index: number): string => Buffer.from(`cursor:v2:${index}`).toString('base64')
const fromCursor = (text: unknown): number => {
  if (typeof text !== 'string') return -1
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(text, 'base64').toString('utf8'))
  if (!match) throw new Error(`\`${text}\` does not appear to be a valid cursor.`)
  return Number(match[1])
}

/** One page of a connection, with GitHub's rules: `first` or `last` is required and at most 100. */
function connection<T>(
  name: string,
  items: T[],
  args: { first?: number; last?: number; after?: string; before?: string }
) {
  const { first, last } = args
  if (first === undefined && last === undefined)
    throw new Error(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`
    )
  for (const [key, value] of [
    ['first', first],
    ['last', last]
  ] as const) {
    if (value !== undefined && value > 100)
      throw new Error(
        `Requesting ${value} records on the \`${name}\` connection exceeds the \`${key}\` limit of 100 records.`
      )
  }
  let start = args.after !== undefined ? fromCursor(args.after) + 1 : 0
  let end = args.before !== undefined ? fromCursor(args.before) : items.length
  if (first !== undefined) end = Math.min(end, start + first)
  if (last !== undefined) start = Math.max(start, end - last)
  const nodes = items.slice(start, end)
  return {
    totalCount: items.length,
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursor(start + i) })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length ? cursor(start) : null,
      endCursor: nodes.length ? cursor(end - 1) : null
    }
  }
}

// REST's event name → GraphQL's IssueTimelineItemsItemType and type name, for the events the emulator records.
const TIMELINE_TYPES: Record<string, { itemType: string; typename: string }> = {
  labeled: { itemType: 'LABELED_EVENT', typename: 'LabeledEvent' },
  unlabeled: { itemType: 'UNLABELED_EVENT', typename: 'UnlabeledEvent' },
  marked_as_duplicate: { itemType: 'MARKED_AS_DUPLICATE_EVENT', typename: 'MarkedAsDuplicateEvent' },
  unmarked_as_duplicate: { itemType: 'UNMARKED_AS_DUPLICATE_EVENT', typename: 'UnmarkedAsDuplicateEvent' }
}
const ITEM_TYPES = Object.values(TIMELINE_TYPES).map((t) => t.itemType)

function actorNode(actor: EventRecord['actor']) {
  return actor.type === 'Bot'
    ? { __typename: 'Bot', login: actor.login.replace(/\[bot\]$/, '') }
    : { __typename: 'User', login: actor.login }
}

// Typed loosely: its `canonical` is an issue node, whose timeline holds these nodes.
function timelineNode(state: EmulatorState, event: EventRecord): Record<string, unknown> {
  const common = {
    __typename: TIMELINE_TYPES[event.event]!.typename,
    actor: actorNode(event.actor),
    createdAt: event.created_at
  }
  if (event.canonical === undefined)
    return { ...common, label: { __typename: 'Label', name: event.label ?? '' } }
  // Seeded duplicates link issues of this repository only.
  return {
    ...common,
    canonical: issueNode(state, event.canonical),
    duplicate: issueNode(state, event.issue),
    isCrossRepository: false
  }
}

// REST's state_reason in GraphQL's IssueStateReason; a duplicate only with enableDuplicate (GitHub then says
// NOT_PLANNED, as it did before DUPLICATE existed).
function stateReason(reason: string | null, enableDuplicate: boolean): string | null {
  if (!reason) return null
  if (reason === 'duplicate' && !enableDuplicate) return 'NOT_PLANNED'
  return reason.toUpperCase()
}

function issueNode(state: EmulatorState, number: number) {
  const issue = state.issues.get(number)
  if (!issue) return undefined
  return {
    __typename: issue.pull_request ? 'PullRequest' : 'Issue',
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    databaseId: issue.id,
    // BigInt travels as a string.
    fullDatabaseId: String(issue.id),
    state: issue.state === 'open' ? 'OPEN' : 'CLOSED',
    stateReason: (args: { enableDuplicate?: boolean }) =>
      stateReason(issue.state_reason, args.enableDuplicate === true),
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    // A bot's login without its [bot] suffix, as GraphQL names actors.
    author: issue.user ? actorNode({ login: issue.user.login, type: issue.user.type }) : null,
    closedAt: issue.closed_at,
    comments: (args: {
      first?: number
      last?: number
      after?: string
      before?: string
      orderBy?: unknown
    }) => {
      if (args.orderBy !== undefined) throw new Error('emulator lacks comments(orderBy:)')
      const nodes = state.comments
        .filter((c) => c.issue === number)
        .map((c) => ({ __typename: 'IssueComment', body: c.body, createdAt: c.created_at }))
      return connection('comments', nodes, args)
    },
    timelineItems: (args: { itemTypes?: string[]; first?: number; last?: number; after?: string }) => {
      const wanted = args.itemTypes ?? []
      const lacking = wanted.filter((t) => !ITEM_TYPES.includes(t))
      if (wanted.length === 0 || lacking.length > 0)
        throw new Error(`emulator lacks timelineItems of types ${lacking.join(', ') || '(all)'}`)
      const events = state.events.filter(
        (e) => e.issue === number && wanted.includes(TIMELINE_TYPES[e.event]?.itemType ?? '')
      )
      return connection(
        'timelineItems',
        events.map((e) => timelineNode(state, e)),
        args
      )
    }
  }
}

/** How much of a blob's text GitHub's GraphQL API returns. */
const BLOB_TEXT_BYTES = 512_000

/** `object(expression: "REF:path")` for the default branch (`HEAD` or its name): a Blob, a Tree or null. */
function gitObject(state: EmulatorState, expression: string) {
  const colon = expression.indexOf(':')
  const ref = colon < 0 ? expression : expression.slice(0, colon)
  if (ref !== 'HEAD' && ref !== state.defaultBranch) throw new Error(`emulator lacks the ref "${ref}"`)
  if (colon < 0) throw new Error('emulator lacks commit objects; give REF:path')
  const path = expression.slice(colon + 1).replace(/\/+$/, '')
  const text = state.files[path]
  if (text !== undefined) {
    // GitHub cuts `text` at 512,000 bytes and says so in `isTruncated`.
    const bytes = Buffer.from(text, 'utf8')
    const isTruncated = bytes.length > BLOB_TEXT_BYTES
    return {
      __typename: 'Blob',
      text: isTruncated ? bytes.subarray(0, BLOB_TEXT_BYTES).toString('utf8') : text,
      byteSize: bytes.length,
      isBinary: false,
      isTruncated
    }
  }
  if (Object.keys(state.files).some((f) => f.startsWith(`${path}/`))) return { __typename: 'Tree' }
  return null
}

function repositoryNode(state: EmulatorState, owner: string, name: string) {
  if (owner.toLowerCase() !== state.owner.toLowerCase() || name.toLowerCase() !== state.repo.toLowerCase())
    throw new NotFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`)
  const item = (kind: string) => (args: { number: number }) => {
    const node = issueNode(state, args.number)
    if (!node || (kind === 'issue' && node.__typename !== 'Issue'))
      throw new NotFound(
        `Could not resolve to an ${kind === 'issue' ? 'Issue' : 'issue or pull request'} with the number of ${args.number}.`
      )
    return node
  }
  return {
    __typename: 'Repository',
    name: state.repo,
    labels: (args: {
      first?: number
      last?: number
      after?: string
      before?: string
      orderBy?: { field: string; direction: string }
      query?: string
    }) => {
      if (args.query !== undefined) throw new Error('emulator lacks labels(query:)')
      // Creation order is the order the seed lists them in (their ids grow with it).
      const all = [...state.labels.values()].sort((a, b) => a.id - b.id)
      if (args.orderBy?.field === 'NAME') all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      if (args.orderBy?.direction === 'DESC') all.reverse()
      const nodes = all.map((l) => ({
        __typename: 'Label',
        name: l.name,
        description: l.description,
        color: l.color,
        isDefault: l.default
      }))
      return connection('labels', nodes, args)
    },
    issues: (args: {
      first?: number
      last?: number
      after?: string
      before?: string
      orderBy?: { field: string; direction: string }
      states?: string[]
      labels?: string[]
      filterBy?: unknown
    }) => {
      if (args.labels !== undefined || args.filterBy !== undefined)
        throw new Error('emulator lacks issues(labels:) and issues(filterBy:)')
      const field = args.orderBy?.field ?? 'CREATED_AT'
      if (field !== 'CREATED_AT') throw new Error(`emulator lacks issues ordered by ${field}`)
      const states = args.states ?? ['OPEN', 'CLOSED']
      // Pull requests share the numbering but are not in this connection; ties in time go by number.
      const all = [...state.issues.values()]
        .filter((i) => !i.pull_request && states.includes(i.state === 'open' ? 'OPEN' : 'CLOSED'))
        .sort((a, b) =>
          a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.number - b.number
        )
      if (args.orderBy?.direction === 'DESC') all.reverse()
      const page = connection('issues', all, args)
      const node = (i: { number: number }) => issueNode(state, i.number)
      return {
        ...page,
        nodes: page.nodes.map(node),
        edges: page.edges.map((e) => ({ cursor: e.cursor, node: node(e.node) }))
      }
    },
    nameWithOwner: `${state.owner}/${state.repo}`,
    issue: item('issue'),
    issueOrPullRequest: item('issueOrPullRequest'),
    object: (args: { expression: string }) => gitObject(state, args.expression)
  }
}

/**
 * Answers one `POST /graphql` body. `viewer` is the token's identity: for an installation token (the
 * workflow token, an app's) GitHub answers the app's bot login with its `[bot]` suffix.
 */
export async function answerGraphql(
  state: EmulatorState,
  body: unknown,
  actor: EventRecord['actor'] = { login: 'github-actions[bot]', type: 'Bot' }
): Promise<GraphqlAnswer> {
  const request = body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined
  if (!request || typeof request.query !== 'string')
    return { reply: { status: 400, body: { message: 'Problems parsing JSON' } }, refused: 'no query string' }
  const schema = await githubSchema()
  let document
  try {
    document = parse(request.query)
  } catch (error) {
    return refusal((error as GraphQLError).message)
  }
  const invalid = validate(schema, document)
  if (invalid.length > 0) return refusal(invalid.map((e) => e.message).join('; '))
  const result = await execute({
    schema,
    document,
    rootValue: {
      repository: (args: { owner: string; name: string }) => repositoryNode(state, args.owner, args.name),
      viewer: { __typename: 'User', login: actor.login }
    },
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined
  })
  const errors = result.errors?.map((e) => ({
    ...(e.originalError instanceof NotFound ? { type: 'NOT_FOUND' } : {}),
    path: e.path,
    locations: e.locations,
    message: e.message
  }))
  // Variables GitHub would not accept never reach execution: no data at all.
  if (result.data === undefined && errors) return refusal(errors.map((e) => e.message).join('; '))
  const lacking = errors?.find((e) => e.message.startsWith('emulator lacks'))
  return {
    reply: { status: 200, body: errors ? { data: result.data, errors } : { data: result.data } },
    refused: lacking?.message
  }
}
