import { APIConnectionError, APIError } from 'openai'
import { hostOf, unreachableReason } from '../http/reason.js'
import { forLog } from '../text/hygiene.js'
import { ProviderError } from './types.js'

export const GITHUB_MODELS_RETIRED =
  'GitHub Models was retired on 2026-07-30 and its API now answers 410 Gone: use provider "openai" ' +
  'with an OpenAI-compatible endpoint and an api-key (for example Azure AI Foundry, the successor GitHub names).'

/** Where a call went, for messages: the host and model, never the key. */
export interface CallSite {
  provider: string
  endpoint: string
  model: string
}

function bodyMessage(error: APIError): string {
  const body = error.error as { message?: unknown; error?: { message?: unknown } } | undefined
  const msg = body?.message ?? body?.error?.message ?? error.message
  return typeof msg === 'string' ? forLog(msg, 200) : ''
}

function bodyCode(error: APIError): string {
  const body = error.error as { code?: unknown; error?: { code?: unknown } } | undefined
  const code = error.code ?? body?.code ?? body?.error?.code
  return typeof code === 'string' ? code : ''
}

/** True when a 400 says the endpoint does not support `response_format: json_schema`. */
export function isSchemaUnsupported(error: unknown): boolean {
  if (!(error instanceof APIError) || error.status !== 400) return false
  const text = `${bodyCode(error)} ${bodyMessage(error)}`.toLowerCase()
  return /response_format|json_schema|structured output|schema/.test(text) && !/context|token/.test(text)
}

/** True for failures worth the backoff retries: 5xx, timeouts, dropped connections, non-JSON answers. */
export function isTransient(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true
  if (error instanceof APIError) return error.status !== undefined && error.status >= 500
  return error instanceof SyntaxError
}

/**
 * Turns whatever the endpoint answered into one classified error whose message says what to fix.
 * Rate limits are classified by the caller, which knows the retry-after.
 */
export function classify(error: unknown, site: CallSite): ProviderError {
  const where = `${site.provider} endpoint ${hostOf(site.endpoint)}`
  if (!(error instanceof APIError) || error.status === undefined) {
    if (error instanceof APIConnectionError) {
      const reason = forLog(unreachableReason(error), 200)
      return new ProviderError('unavailable', `Could not reach the ${where}: ${reason}. Check "endpoint".`)
    }
    const what = error instanceof Error ? forLog(error.message, 200) : 'unknown error'
    return new ProviderError(
      'unavailable',
      `The ${where} answered with something that is not a chat completion (${what}).`
    )
  }
  const status = error.status
  const code = bodyCode(error)
  const said = bodyMessage(error)
  const detail = said ? ` (the endpoint said: "${said}")` : ''
  if (status === 410 && (site.provider === 'github-models' || code === 'github_models_retirement_brownout')) {
    return new ProviderError('retired', GITHUB_MODELS_RETIRED, status)
  }
  if (status === 401) {
    const fix =
      site.provider === 'github-models'
        ? 'the workflow token was refused'
        : 'check that the "api-key" secret is set and valid for this endpoint'
    return new ProviderError('auth', `The ${where} rejected the credentials (401): ${fix}${detail}.`, status)
  }
  if (status === 402 || code === 'insufficient_quota' || code === 'quota_exceeded') {
    return new ProviderError(
      'quota',
      `The ${where} says the account's quota or budget is used up${detail}; add credit or raise the budget. Not retried.`,
      status
    )
  }
  if (status === 403) {
    return new ProviderError(
      'policy',
      `The ${where} refused access to model "${site.model}" (403)${detail}: check the key's permissions and the model's access policy.`,
      status
    )
  }
  if (status === 404 || code === 'model_not_found' || code === 'unknown_model') {
    if (/model/i.test(`${code} ${said}`)) {
      return new ProviderError(
        'not-found',
        `Model "${site.model}" is not available at the ${where}${detail}: check the "model" input (on Azure, the deployment name).`,
        status
      )
    }
    return new ProviderError(
      'not-found',
      `The ${where} has no chat completions API at this address (404)${detail}: "endpoint" should be the base URL that ends before /chat/completions, such as https://api.openai.com/v1.`,
      status
    )
  }
  if (status === 410) {
    return new ProviderError(
      'not-found',
      `The ${where} answered 410 Gone${detail}: the model or endpoint was retired; choose another.`,
      status
    )
  }
  if (status === 413 || code === 'tokens_limit_reached' || code === 'context_length_exceeded') {
    const max = /max(?:imum)?[^\d]{0,30}(\d{3,7})\s*tokens/i.exec(said)
    return new ProviderError(
      'too-large',
      `The request was too large for the ${where}${detail}.`,
      status,
      max ? Number(max[1]) : undefined
    )
  }
  if (status === 429) {
    return new ProviderError('rate-limited', `The ${where} is rate limiting requests${detail}.`, status)
  }
  if (status >= 500) {
    return new ProviderError(
      'unavailable',
      `The ${where} failed with ${status}${detail}; it may be down. Try again later.`,
      status
    )
  }
  return new ProviderError('bad-answer', `The ${where} refused the request (${status})${detail}.`, status)
}
