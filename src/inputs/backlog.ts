import { InputError } from '../errors.js'

/** Most issue numbers `issue-numbers` may expand to: a typo such as `1-9999999` fails instead of running for hours. */
export const MAX_ISSUE_NUMBERS = 10_000

// GitHub's issue numbers are 32-bit integers.
const MAX_ISSUE_NUMBER = 2_147_483_647

/** Which issues a backlog run triages and how much of it one run may do. */
export interface BacklogOptions {
  /** From `issue-numbers`: every number, in the order given, without repeats. */
  numbers: number[] | undefined
  /** From `query`: issue-search qualifiers, without the `repo:` and `is:issue` the action adds. */
  query: string | undefined
  maxIssues: number
  maxMinutes: number
}

/** True when a backlog input is set: dispatch and schedule runs then triage the backlog. */
export function backlogRequested(options: BacklogOptions): boolean {
  return options.numbers !== undefined || options.query !== undefined
}

/** Parses `issue-numbers`: numbers and ranges (`12, 40-60`), separated by commas, spaces or lines. */
export function parseIssueNumbers(raw: string): number[] | undefined {
  const items = raw
    .split(/[\s,]+/)
    .map((s) => s.trim().replace(/^#/, ''))
    .filter((s) => s !== '')
  if (items.length === 0) return undefined
  const seen = new Set<number>()
  const bad = (item: string, why: string) =>
    new InputError(
      `Input "issue-numbers" ${why} (got "${item.slice(0, 40)}"): write numbers and ranges such as "12, 40-60".`
    )
  const tooMany = (item: string) =>
    bad(item, `expands to more than ${MAX_ISSUE_NUMBERS.toLocaleString('en-US')} issues`)
  for (const item of items) {
    const m = /^(\d{1,10})(?:-#?(\d{1,10}))?$/.exec(item)
    if (!m) throw bad(item, 'takes issue numbers and ranges only')
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    if (from < 1) throw bad(item, 'takes issue numbers from 1')
    if (to > MAX_ISSUE_NUMBER) throw bad(item, 'takes issue numbers up to 2,147,483,647')
    if (to < from) throw bad(item, 'has a range that ends before it starts')
    // The cap is on distinct issues: ranges that overlap (`1-100, 50-150`) count each issue once.
    if (to - from + 1 > MAX_ISSUE_NUMBERS) throw tooMany(item)
    for (let n = from; n <= to; n++) seen.add(n)
    if (seen.size > MAX_ISSUE_NUMBERS) throw tooMany(item)
  }
  return [...seen]
}

// Qualifiers that would widen the search beyond this repository's issues: the action adds its own.
const LEAVES = /^(repo|org|user|owner)$/i
const KINDS = /^(is|type)$/i
const PULLS = /^(pr|pull-request|pullrequest)$/i

/** Parses `query`: issue-search qualifiers; refuses the ones that would leave the repository or its issues. */
export function parseQuery(raw: string): string | undefined {
  const query = raw.replace(/\s+/g, ' ').trim()
  if (query === '') return undefined
  if (query.length > 200)
    throw new InputError(`Input "query" must be at most 200 characters (got ${query.length}).`)
  for (const token of query.split(' ')) {
    // The qualifier as written, without the parentheses of a group around it, for the message.
    const shown = token.replace(/^\(+/, '').replace(/\)+$/, '')
    // Negated (`-repo:`, `-(repo:`) or not, with its value quoted or not.
    const [, key = '', value = ''] = /^-?\(*([a-z-]+):(.*)$/i.exec(shown) ?? []
    if (LEAVES.test(key) || (KINDS.test(key) && PULLS.test(value.replace(/"/g, ''))))
      throw new InputError(
        `Input "query" must not contain "${shown.slice(0, 40)}": the action searches this repository's issues (it adds repo: and is:issue itself). Use qualifiers such as "is:open no:label" or "label:needs-triage".`
      )
  }
  return query
}
