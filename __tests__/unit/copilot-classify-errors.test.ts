import { describe, expect, it } from '@jest/globals'
import {
  checkToken,
  classifyRuntimeError,
  isSchemaUnsupported,
  RULE_NAMES,
  ruleFor,
  tokenKind,
  type ErrorContext,
  type RuntimeReport
} from '../../src/providers/copilot/classify-errors.js'
import { errorReport } from '../../src/providers/copilot/events.js'
import { runtimeFailures } from '../emulators/copilot-runtime/index.js'

const actions: ErrorContext = { model: 'gpt-5-mini', tokenKind: 'actions', byok: false }

// Wordings as the runtime and Copilot report them (session.error data, or a thrown Error's message).
const cases: { report: RuntimeReport; ctx?: ErrorContext; kind: string; says: string }[] = [
  {
    report: {
      errorType: 'authentication',
      statusCode: 401,
      message: '401 unauthorized: Personal Access Token does not have Copilot Requests permission'
    },
    kind: 'auth',
    says: 'copilot-requests: write'
  },
  {
    report: {
      message:
        'Error loading models: Error: 400 "checking server-to-server token: bad request: GitHub App Server-To-Server Tokens are not supported for this endpoint"'
    },
    kind: 'auth',
    says: 'copilot-requests: write'
  },
  {
    report: { message: '401 unauthorized: Personal Access Token does not have Copilot Requests permission' },
    ctx: { ...actions, tokenKind: 'fine-grained-pat' },
    kind: 'auth',
    says: '"Copilot Requests" account permission'
  },
  {
    report: {
      errorType: 'authorization',
      statusCode: 403,
      message:
        'You are not authorized to use this Copilot feature, it requires an enterprise or organization policy to be enabled. (Request ID: C342:1EAB:31D6D7:423F9D:69E56EBE)'
    },
    kind: 'policy',
    says: 'Allow use of Copilot CLI billed to the organization'
  },
  {
    report: {
      message:
        'Failed to load models: access denied by Copilot policy. Check your Copilot CLI policy setting.'
    },
    kind: 'policy',
    says: 'organization owner must turn on'
  },
  {
    report: {
      message:
        'Error: Classic Personal Access Tokens (ghp_) are not supported by Copilot.\nPlease use a Fine-Grained Personal Access Token or another authentication method.'
    },
    kind: 'auth',
    says: 'classic personal access tokens'
  },
  {
    report: { errorType: 'authentication', statusCode: 401, message: 'Bad credentials' },
    ctx: { ...actions, tokenKind: 'classic-pat' },
    kind: 'auth',
    says: 'classic personal access tokens'
  },
  {
    report: { errorType: 'query', statusCode: 402, message: '402 You have exceeded your AI credit quota.' },
    kind: 'quota',
    says: 'Not retried'
  },
  {
    report: { message: '{"error":{"code":"quota_exceeded","message":"Budget for AI credits exhausted"}}' },
    kind: 'quota',
    says: 'raise the budget'
  },
  {
    report: {
      errorType: 'rate_limit',
      statusCode: 429,
      message:
        'Failed to get response from the AI model; retried 5 times (total retry wait time: 5.58 seconds) Last error: 429 Rate limit of 15 per 60s exceeded.'
    },
    kind: 'rate-limited',
    says: 'after the runtime retried 5 times'
  },
  {
    report: {
      statusCode: 400,
      message: 'The requested model is not supported: model "gpt-4.1" is disabled by your organization policy'
    },
    ctx: { ...actions, model: 'gpt-4.1' },
    kind: 'policy',
    says: 'Model "gpt-4.1" is not enabled'
  },
  {
    report: { message: 'No model available. Check policy enablement under GitHub Settings > Copilot' },
    kind: 'policy',
    says: 'model policies'
  },
  {
    report: { statusCode: 404, message: 'Model "gpt-9" not found' },
    ctx: { ...actions, model: 'gpt-9' },
    kind: 'not-found',
    says: 'does not offer model "gpt-9"'
  },
  {
    report: { statusCode: 403, message: 'User does not have an active Copilot subscription' },
    kind: 'policy',
    says: 'no Copilot licence'
  },
  {
    report: { message: 'Error: No authentication information found.' },
    kind: 'auth',
    says: 'Copilot rejected the token: add'
  },
  {
    report: { statusCode: 413, message: 'prompt token count of 140000 exceeds the limit of 128000' },
    kind: 'too-large',
    says: 'max-input-tokens'
  },
  {
    report: { statusCode: 403, message: 'Forbidden' },
    kind: 'policy',
    says: 'copilot-requests: write'
  },
  {
    report: { statusCode: 503, message: 'Service Unavailable' },
    kind: 'unavailable',
    says: 'try again later'
  },
  {
    report: { message: 'CLI server exited with code 1\nstderr: error: unexpected argument' },
    kind: 'unavailable',
    says: 'stopped unexpectedly'
  },
  {
    report: {
      errorType: 'authentication',
      statusCode: 401,
      message: 'Authentication failed with provider at http://127.0.0.1:39315/v1 (HTTP 401).'
    },
    ctx: { ...actions, byok: true },
    kind: 'auth',
    says: 'bring-your-own-key endpoint rejected the key'
  }
]

// What each GitHub-side failure looks like once the pinned runtime reports it (failures.json, checked
// against the real runtime by copilot-runtime-contract.test.ts), and what the user must be told.
const reported: Record<string, { kind: string; says: string }> = {
  'missing-permission': { kind: 'auth', says: 'The workflow token may not make Copilot requests' },
  'policy-off': { kind: 'policy', says: 'Allow use of Copilot CLI billed to the organization' },
  'no-licence': { kind: 'policy', says: 'no Copilot licence' },
  refused: { kind: 'policy', says: 'Copilot refused the request (403)' },
  quota: { kind: 'quota', says: 'Not retried' },
  'rate-limited': { kind: 'rate-limited', says: 'Copilot is rate limiting requests' },
  'model-policy': { kind: 'policy', says: 'Model "gpt-5-mini" is not enabled' },
  'bad-token': { kind: 'auth', says: 'Copilot rejected the token (401): add' }
}

describe('classifyRuntimeError on the runtime’s own reports', () => {
  const failures = runtimeFailures()

  it('covers every failure the stand-in replays', () => {
    expect(Object.keys(reported).sort()).toEqual(Object.keys(failures).sort())
  })

  it.each(Object.entries(reported))('%s', (name, { kind, says }) => {
    const { error } = failures[name]!
    const report = errorReport({
      type: 'session.error',
      data: { ...error, message: `${error.message} (Request ID: 0400:AB:1)` }
    })
    const classified = classifyRuntimeError(report, actions)
    expect(classified.kind).toBe(kind)
    expect(classified.message).toContain(says)
    expect(classified.message).toContain('Request ID: 0400:AB:1')
  })

  it('says the token did not reach the runtime when it got none', () => {
    const report = {
      errorType: 'query',
      message: 'Execution failed: InvalidArg, No GitHub OAuth token or Copilot HMAC key provided'
    }
    expect(classifyRuntimeError(report, actions).kind).toBe('auth')
  })
})

describe('classifyRuntimeError', () => {
  it.each(cases)('$kind: $report.message', ({ report, ctx, kind, says }) => {
    const error = classifyRuntimeError(report, ctx ?? actions)
    expect(error.kind).toBe(kind)
    expect(error.message).toContain(says)
    // The runtime's own words (and request ID) stay in the message.
    expect(error.message).toContain('Copilot said:')
  })

  it('reads the status from the message when the event has none', () => {
    expect(
      classifyRuntimeError({ message: '402 You have exceeded your AI credit quota.' }, actions).status
    ).toBe(402)
    expect(classifyRuntimeError({ message: 'Failed (HTTP 403).' }, actions).status).toBe(403)
  })

  it('falls back to unavailable with the runtime’s words', () => {
    const error = classifyRuntimeError({ message: 'something odd' }, actions)
    expect(error.kind).toBe('unavailable')
    expect(error.message).toBe('The Copilot runtime failed (Copilot said: "something odd").')
  })

  it('has a case for every rule', () => {
    const hit = new Set(cases.map(({ report, ctx }) => ruleFor(report, ctx ?? actions)))
    expect([...RULE_NAMES].filter((name) => !hit.has(name))).toEqual([])
  })
})

describe('tokens', () => {
  it('reads the kind from the prefix', () => {
    expect(tokenKind('ghs_abc')).toBe('actions')
    expect(tokenKind('ghp_abc')).toBe('classic-pat')
    expect(tokenKind('github_pat_abc')).toBe('fine-grained-pat')
    expect(tokenKind('')).toBe('none')
  })

  it('refuses a classic PAT and a missing token before the runtime starts', () => {
    expect(checkToken('ghp_0123456789')?.message).toContain('fine-grained token')
    expect(checkToken('')?.message).toContain('copilot-requests: write')
    expect(checkToken('ghs_0123456789')).toBeUndefined()
  })
})

describe('isSchemaUnsupported', () => {
  it('spots an endpoint refusing json_schema, not a context overflow', () => {
    expect(
      isSchemaUnsupported({
        statusCode: 400,
        message: "400 Invalid parameter: 'response_format' of type 'json_schema' is not supported"
      })
    ).toBe(true)
    expect(
      isSchemaUnsupported({ statusCode: 400, message: 'context length exceeded; reduce response_format' })
    ).toBe(false)
    expect(isSchemaUnsupported({ statusCode: 401, message: 'response_format' })).toBe(false)
  })
})
