import { describe, expect, it } from '@jest/globals'
import { emptyActResult } from '../../src/act/act.js'
import { emptyDedupeActResult } from '../../src/act/duplicates.js'
import { UnconfirmedWrite } from '../../src/errors.js'
import { writeFailureMessage, writtenClauses } from '../../src/report/write-failure.js'

/** An error as Octokit throws it for GitHub's answer `status` to `method url`. */
function answered(status: number, message: string, method: string, url: string): Error {
  return Object.assign(new Error(`${message} - https://docs.github.com/rest`), {
    name: 'HttpError',
    status,
    request: { method, url, headers: {} },
    response: { status, url, headers: {}, data: { message } }
  })
}

const COMMENTS = 'https://api.github.com/repos/o/r/issues/1/comments'

describe('what a run wrote before a request failed', () => {
  it('names one label, several, the type, and what duplicate detection wrote', () => {
    const acted = { ...emptyActResult(), labelsApplied: ['bug'], typeSet: 'Bug' }
    const dedupe = { ...emptyDedupeActResult('apply'), comment: 'created' as const, label: 'added' as const }
    expect(writtenClauses(acted, dedupe, 'possible-duplicate')).toEqual([
      'label bug was added',
      'the type was set to Bug',
      'the duplicate comment was posted',
      'the possible-duplicate label was added'
    ])
    const suggested = { ...emptyActResult(), labelsSuggested: ['bug', 'area: cli'], typeSuggested: 'Bug' }
    expect(writtenClauses(suggested, undefined, 'x')).toEqual([
      'labels bug, area: cli were suggested',
      'the type Bug was suggested'
    ])
    expect(writtenClauses(emptyActResult(), emptyDedupeActResult('dry-run'), 'x')).toEqual([])
  })
})

describe('the message of a request that failed while writing', () => {
  it('is the usual one when nothing was written yet', () => {
    const refused = answered(403, 'Resource not accessible by integration', 'POST', COMMENTS)
    expect(writeFailureMessage(1, [], refused)).toMatch(
      /^GitHub refused a request \(403\): the workflow needs "permissions: issues: write"/
    )
  })

  it('names the permission to give when GitHub refused the write, and the token when it rejected it', () => {
    const refused = answered(403, 'Resource not accessible by integration', 'POST', COMMENTS)
    expect(writeFailureMessage(1, ['label bug was added'], refused)).toBe(
      'Issue #1: label bug was added, then POST /repos/o/r/issues/1/comments failed: Resource not accessible by integration (403). Nothing more was written; give the job "permissions: issues: write", then re-run it to finish.'
    )
    const rejected = answered(
      401,
      'Bad credentials',
      'DELETE',
      'https://ghe.example/api/v3/repos/o/r/issues/1/labels/area%3A%20cli'
    )
    expect(writeFailureMessage(1, ['a', 'b', 'c'], rejected)).toBe(
      'Issue #1: a, b and c, then DELETE /repos/o/r/issues/1/labels/area: cli failed: Bad credentials (401). Nothing more was written; check the "token" input, then re-run the job to finish.'
    )
  })

  it('says so when GitHub may have stored a comment it answered 502 for, even with nothing else written', () => {
    const lost = new UnconfirmedWrite(answered(502, 'Bad Gateway', 'POST', COMMENTS))
    expect(writeFailureMessage(1, [], lost)).toBe(
      'Issue #1: POST /repos/o/r/issues/1/comments failed: Bad Gateway (502), and the comments could not be read again to see whether GitHub stored it. Nothing more was written; re-run the job to finish.'
    )
  })

  it('tells the primary rate limit from the secondary one', () => {
    const primary = answered(403, 'API rate limit exceeded for installation ID 1.', 'PATCH', COMMENTS)
    expect(writeFailureMessage(1, ['label bug was added'], primary)).toContain(
      "failed: GitHub's API rate limit (403). Nothing more was written; re-run the job to finish."
    )
  })
})
