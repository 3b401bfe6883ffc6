/**
 * The backlog inputs as a user writes them: `issue-numbers` (numbers and ranges) and `query` (issue-search
 * qualifiers that must stay inside this repository's issues). Example tests pin every message a user can see;
 * property tests cover what people type in any order, spacing or decoration.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { MAX_ISSUE_NUMBERS, parseIssueNumbers, parseQuery } from '../../src/inputs/backlog.js'
import { InputError } from '../../src/errors.js'

/** The message parse throws, failing the test when it returns or throws anything but an InputError. */
function refusal(parse: () => unknown): string {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected the input to be refused')
}

const HINT = 'write numbers and ranges such as "12, 40-60".'

describe('issue-numbers', () => {
  it('is unset when empty or only separators', () => {
    for (const raw of ['', '   ', '\n\t', ',', ' , ,\n']) expect(parseIssueNumbers(raw)).toBeUndefined()
  })

  it('takes numbers and ranges separated by commas, spaces or lines, with or without #', () => {
    expect(parseIssueNumbers('12, 40-43')).toEqual([12, 40, 41, 42, 43])
    expect(parseIssueNumbers('#12\n#40-#42 7')).toEqual([12, 40, 41, 42, 7])
    expect(parseIssueNumbers('5-#6,\r\n\t8')).toEqual([5, 6, 8])
    expect(parseIssueNumbers('007')).toEqual([7])
    expect(parseIssueNumbers('9-9')).toEqual([9])
  })

  it('keeps the order given and drops repeats', () => {
    expect(parseIssueNumbers('30, 10-12, 11, 30, 1')).toEqual([30, 10, 11, 12, 1])
  })

  it('refuses what is not a number or a range, naming it', () => {
    expect(refusal(() => parseIssueNumbers('12, 40-x'))).toBe(
      `Input "issue-numbers" takes issue numbers and ranges only (got "40-x"): ${HINT}`
    )
    for (const [raw, got] of [
      ['1.5', '1.5'],
      ['12 abc', 'abc'],
      ['3--5', '3--5'],
      ['-4', '-4'],
      ['1-2-3', '1-2-3'],
      ['12345678901', '12345678901'],
      // A spaced dash is not a range: the lone "-" is named, so the fix is plain.
      ['40 - 60', '-']
    ] as const)
      expect(refusal(() => parseIssueNumbers(raw))).toContain(`ranges only (got "${got}")`)
  })

  it('shows at most 40 characters of what it refuses', () => {
    const message = refusal(() => parseIssueNumbers('x'.repeat(500)))
    expect(message).toContain(`(got "${'x'.repeat(40)}")`)
    expect(message).not.toContain('x'.repeat(41))
  })

  it('refuses 0 and numbers past the largest issue number GitHub has', () => {
    expect(refusal(() => parseIssueNumbers('0'))).toBe(
      `Input "issue-numbers" takes issue numbers from 1 (got "0"): ${HINT}`
    )
    expect(refusal(() => parseIssueNumbers('0-5'))).toContain('from 1 (got "0-5")')
    expect(parseIssueNumbers('2147483647')).toEqual([2147483647])
    expect(refusal(() => parseIssueNumbers('2147483648'))).toBe(
      `Input "issue-numbers" takes issue numbers up to 2,147,483,647 (got "2147483648"): ${HINT}`
    )
    expect(refusal(() => parseIssueNumbers('5-9999999999'))).toContain('up to 2,147,483,647')
  })

  it('refuses a range that ends before it starts', () => {
    expect(refusal(() => parseIssueNumbers('60-40'))).toBe(
      `Input "issue-numbers" has a range that ends before it starts (got "60-40"): ${HINT}`
    )
  })

  it('takes at most 10,000 distinct issues, counting overlapping ranges once', () => {
    expect(parseIssueNumbers('1-10000')).toHaveLength(MAX_ISSUE_NUMBERS)
    expect(refusal(() => parseIssueNumbers('1-10001'))).toBe(
      `Input "issue-numbers" expands to more than 10,000 issues (got "1-10001"): ${HINT}`
    )
    expect(refusal(() => parseIssueNumbers('1-9999999'))).toContain('more than 10,000 issues')
    expect(refusal(() => parseIssueNumbers('1-5000, 20000-25001'))).toContain('(got "20000-25001")')
    // Repeats and overlaps name no new issue: these are 10,000 and 9,000 issues.
    expect(parseIssueNumbers('1-10000, 42, 1-10000')).toHaveLength(10_000)
    expect(parseIssueNumbers('1-6000, 5000-9000')).toHaveLength(9_000)
  })
})

/** One item of an issue-numbers list, as a user might write it, and the numbers it stands for. */
const item = fc.oneof(
  fc.record({ n: fc.integer({ min: 1, max: 2_147_483_647 }), hash: fc.boolean() }).map(({ n, hash }) => ({
    text: `${hash ? '#' : ''}${n}`,
    numbers: [n]
  })),
  fc
    .record({
      from: fc.integer({ min: 1, max: 3000 }),
      length: fc.integer({ min: 0, max: 400 }),
      hashes: fc.constantFrom('', '#', '##')
    })
    .map(({ from, length, hashes }) => ({
      text: `${hashes.includes('#') ? '#' : ''}${from}-${hashes === '##' ? '#' : ''}${from + length}`,
      numbers: Array.from({ length: length + 1 }, (_, i) => from + i)
    }))
)
const separator = fc.constantFrom(',', ' ', '\n', ', ', '\t', ' ,\n', '\r\n', ',,', '  \n  ')

describe('issue-numbers, for any list', () => {
  it('gives every number listed once, in the order first given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(item, separator), { minLength: 1, maxLength: 20 }),
        separator,
        separator,
        (items, lead, trail) => {
          const raw = lead + items.map(([i, sep]) => i.text + sep).join('') + trail
          const expected = [...new Set(items.flatMap(([i]) => i.numbers))]
          const parsed = parseIssueNumbers(raw)
          expect(parsed).toEqual(expected)
          expect(new Set(parsed).size).toBe(parsed!.length)
        }
      )
    )
  })

  it('gives the same numbers whatever separates them', () => {
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 10 }),
        fc.array(separator, { minLength: 10, maxLength: 10 }),
        (items, seps) => {
          const plain = items.map((i) => i.text).join(', ')
          const spaced = items.map((i, k) => i.text + seps[k]).join('')
          expect(parseIssueNumbers(spaced)).toEqual(parseIssueNumbers(plain))
        }
      )
    )
  })

  it('refuses exactly the lists of more than 10,000 distinct issues', () => {
    const range = fc
      .tuple(fc.integer({ min: 1, max: 14_000 }), fc.integer({ min: 0, max: 7000 }))
      .map(([from, length]) => [from, from + length] as const)
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 4 }), (ranges) => {
        const raw = ranges.map(([from, to]) => `${from}-${to}`).join(', ')
        const distinct = new Set(
          ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i))
        )
        if (distinct.size > MAX_ISSUE_NUMBERS)
          expect(refusal(() => parseIssueNumbers(raw))).toContain('expands to more than 10,000 issues')
        else expect(new Set(parseIssueNumbers(raw))).toEqual(distinct)
      }),
      { numRuns: 200 }
    )
  })
})

const LEAVE_MESSAGE = (token: string) =>
  `Input "query" must not contain "${token}": the action searches this repository's issues (it adds repo: and is:issue itself). Use qualifiers such as "is:open no:label" or "label:needs-triage".`

describe('query', () => {
  it('is unset when empty, and has its whitespace folded to single spaces', () => {
    expect(parseQuery('')).toBeUndefined()
    expect(parseQuery(' \n\t ')).toBeUndefined()
    expect(parseQuery('  is:open\n\tno:label  ')).toBe('is:open no:label')
  })

  it('keeps qualifiers that stay in this repository', () => {
    for (const q of [
      'is:open no:label',
      'label:needs-triage created:<2024-01-01',
      'is:issue -label:bug',
      'type:Bug',
      '-is:issue',
      'author:octocat in:title crash',
      'label:"repo:other" reporter:x',
      'repository crash "is:pr"',
      '(label:bug OR label:crash) is:open'
    ])
      expect(parseQuery(q)).toBe(q)
  })

  it('refuses repo:, org:, user: and owner:, in any case', () => {
    expect(refusal(() => parseQuery('is:open repo:other/repo'))).toBe(LEAVE_MESSAGE('repo:other/repo'))
    for (const token of ['org:github', 'user:octocat', 'owner:octo-org', 'REPO:a/b', 'Org:x', 'repo:'])
      expect(refusal(() => parseQuery(`is:open ${token}`))).toBe(LEAVE_MESSAGE(token))
  })

  it('refuses pull requests: is:pr and type:pr, with any spelling', () => {
    for (const token of ['is:pr', 'type:pr', 'is:PR', 'is:pull-request', 'type:pullrequest', 'is:"pr"'])
      expect(refusal(() => parseQuery(`${token} is:open`))).toBe(LEAVE_MESSAGE(token))
  })

  it('refuses them negated, in parentheses, or both, naming the qualifier without the group', () => {
    for (const [q, token] of [
      ['-repo:a/b', '-repo:a/b'],
      ['-is:pr', '-is:pr'],
      ['-type:pr', '-type:pr'],
      ['(repo:a/b)', 'repo:a/b'],
      ['is:open (label:bug OR is:pr)', 'is:pr'],
      ['((owner:x OR label:y))', 'owner:x'],
      ['(-org:x)', '-org:x'],
      ['-(user:x)', '-(user:x'],
      ['NOT repo:a/b', 'repo:a/b']
    ] as const)
      expect(refusal(() => parseQuery(q))).toBe(LEAVE_MESSAGE(token))
  })

  it('takes at most 200 characters, counted after whitespace is folded', () => {
    const at200 = `label:${'a'.repeat(194)}`
    expect(parseQuery(at200)).toBe(at200)
    expect(parseQuery(`   ${at200}\n\n`)).toBe(at200)
    expect(refusal(() => parseQuery(`${at200}x`))).toBe(
      'Input "query" must be at most 200 characters (got 201).'
    )
  })
})

/** Tokens that keep the search in this repository's issues. */
const benign = fc.constantFrom(
  'is:open',
  'is:closed',
  'no:label',
  'label:bug',
  '-label:wontfix',
  'label:"good first"',
  'crash',
  '"exact phrase"',
  'created:>2024-01-01',
  'author:octocat',
  'OR',
  'AND',
  'type:Bug',
  'is:issue',
  'in:title',
  '(label:a',
  'label:b)'
)
const whitespace = fc.constantFrom(' ', '  ', '\n', '\t', '\r\n', ' \n\t ', '\u00a0')

/** A qualifier that leaves this repository's issues, decorated as a user might write it. */
const leaving = fc
  .record({
    qualifier: fc.oneof(
      fc
        .tuple(
          fc.constantFrom('repo', 'org', 'user', 'owner', 'Repo', 'OWNER'),
          fc.constantFrom('x', 'a/b', '"a/b"', '')
        )
        .map(([key, value]) => `${key}:${value}`),
      fc
        .tuple(
          fc.constantFrom('is', 'type', 'IS'),
          fc.constantFrom('pr', 'PR', 'pull-request', 'pullrequest', '"pr"')
        )
        .map(([key, value]) => `${key}:${value}`)
    ),
    negated: fc.boolean(),
    open: fc.integer({ min: 0, max: 2 }),
    close: fc.integer({ min: 0, max: 2 })
  })
  .map(({ qualifier, negated, open, close }) => ({
    token: '('.repeat(open) + (negated ? '-' : '') + qualifier + ')'.repeat(close),
    shown: (negated ? '-' : '') + qualifier
  }))

describe('query, for any tokens', () => {
  it('refuses a leaving qualifier wherever it sits, naming it', () => {
    fc.assert(
      fc.property(
        fc.array(benign, { maxLength: 8 }),
        leaving,
        fc.nat(),
        whitespace,
        (tokens, leave, at, space) => {
          const list: string[] = [...tokens]
          list.splice(at % (list.length + 1), 0, leave.token)
          const q = list.join(space)
          expect(refusal(() => parseQuery(q))).toBe(LEAVE_MESSAGE(leave.shown))
        }
      )
    )
  })

  it('keeps benign tokens, joined by single spaces whatever whitespace separated them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(benign, whitespace), { minLength: 1, maxLength: 8 }),
        whitespace,
        (pairs, lead) => {
          const raw = lead + pairs.map(([t, s]) => t + s).join('')
          expect(parseQuery(raw)).toBe(pairs.map(([t]) => t).join(' '))
        }
      )
    )
  })
})
