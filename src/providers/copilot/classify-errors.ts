import { forLog } from '../../text/hygiene.js'
import { ProviderError, type ProviderErrorKind } from '../types.js'

/** What the runtime said went wrong: a `session.error` event's data, or a thrown error's message. */
export interface RuntimeReport {
  errorType?: string
  statusCode?: number
  message: string
}

/** What kind of token the runtime was given, from its prefix; decides which fix a message names. */
export type TokenKind =
  'none' | 'classic-pat' | 'fine-grained-pat' | 'actions' | 'oauth' | 'app-user' | 'other'

/** Facts about the call that a message needs. */
export interface ErrorContext {
  model: string
  tokenKind: TokenKind
  /** True when the runtime talks to a bring-your-own-key endpoint, not to Copilot. */
  byok: boolean
}

/** Reads the token's kind from its documented prefix, without ever logging the token. */
export function tokenKind(token: string): TokenKind {
  if (token === '') return 'none'
  if (token.startsWith('ghp_')) return 'classic-pat'
  if (token.startsWith('github_pat_')) return 'fine-grained-pat'
  if (token.startsWith('ghs_')) return 'actions'
  if (token.startsWith('gho_')) return 'oauth'
  if (token.startsWith('ghu_')) return 'app-user'
  return 'other'
}

const PERMISSION_FIX =
  "add `copilot-requests: write` to the job's `permissions:` (next to `issues: write`) and let the action use the workflow token"

/** Tokens Copilot never accepts, caught before the runtime starts. */
export function checkToken(token: string): ProviderError | undefined {
  const kind = tokenKind(token)
  if (kind === 'none') {
    return new ProviderError(
      'auth',
      `The copilot provider has no token: ${PERMISSION_FIX}. The token is passed to the Copilot runtime only.`
    )
  }
  if (kind === 'classic-pat') return classicPat()
  return undefined
}

function classicPat(): ProviderError {
  return new ProviderError(
    'auth',
    'Copilot does not accept classic personal access tokens (ghp_…): remove the token so the action uses the ' +
      "workflow's GITHUB_TOKEN with `permissions: copilot-requests: write`, or use a fine-grained token owned by " +
      'a user, with the "Copilot Requests" permission.'
  )
}

interface Rule {
  /** What the rule recognises, for the tests' names. */
  name: string
  kind: ProviderErrorKind
  matches: (report: RuntimeReport, status: number | undefined, ctx: ErrorContext) => boolean
  fix: (report: RuntimeReport, ctx: ErrorContext) => string
}

const said = (re: RegExp) => (report: RuntimeReport) => re.test(report.message)

/** First match wins, so specific wordings come before the status-code catch-alls. */
const RULES: Rule[] = [
  {
    name: 'byok endpoint rejected the key',
    kind: 'auth',
    matches: (r, status, ctx) => ctx.byok && (r.errorType === 'authentication' || status === 401),
    fix: () => 'The bring-your-own-key endpoint rejected the key: check its base URL and API key.'
  },
  {
    name: 'classic personal access token',
    kind: 'auth',
    // Not a bare "classic token": the runtime's missing-permission text ends "(not a Classic token)".
    matches: (r, status, ctx) =>
      /classic (personal access tokens?|pats?)\b|token \(classic\)|ghp_/i.test(r.message) ||
      (ctx.tokenKind === 'classic-pat' && (status === 401 || status === 403)),
    fix: () => classicPat().message
  },
  {
    name: 'token lacks the Copilot Requests permission',
    kind: 'auth',
    matches: said(
      /copilot[ -]requests|server-to-server tokens? (are|is) not supported|resource not accessible by integration|installation tokens? (are|is) not supported/i
    ),
    fix: (_r, ctx) =>
      ctx.tokenKind === 'fine-grained-pat' || ctx.tokenKind === 'other'
        ? 'The token may not make Copilot requests: give the fine-grained token the "Copilot Requests" account permission, or drop it and ' +
          PERMISSION_FIX +
          '.'
        : `The workflow token may not make Copilot requests: ${PERMISSION_FIX}.`
  },
  {
    name: 'organization policy for Copilot CLI is off',
    kind: 'policy',
    // A single model switched off by policy ("The requested model is disabled by your organization's
    // Copilot policy") is the next rule's: another model fixes it, not the CLI policy.
    matches: (r) =>
      /requires an? (enterprise or organi[sz]ation|organi[sz]ation or enterprise) policy|copilot (cli )?policy|billed to the organi[sz]ation|denied by (copilot|organi[sz]ation) policy/i.test(
        r.message
      ) && !/\bmodel\b[^.]{0,60}\b(disabled|not enabled|not allowed)\b/i.test(r.message),
    fix: () =>
      'The organization does not allow this use of Copilot: an organization owner must turn on "Allow use of Copilot CLI ' +
      'billed to the organization" (organization settings → Copilot → Policies; an enterprise may have to allow it first). ' +
      'A change can take a few minutes to apply.'
  },
  {
    name: 'model disabled by policy',
    kind: 'policy',
    matches: said(
      /model.{0,80}(disabled|not enabled|not allowed|policy)|no model available|model_not_supported|not available.{0,40}policy/i
    ),
    fix: (_r, ctx) =>
      `Model "${ctx.model}" is not enabled by the organization's Copilot model policies: choose another with the ` +
      '"model" input (for example gpt-5-mini, or auto) or ask an organization owner to enable it.'
  },
  {
    name: 'model unknown',
    kind: 'not-found',
    matches: said(
      /unknown_model|model_not_found|model.{0,60}(not found|not available|not supported|unknown|invalid)/i
    ),
    fix: (_r, ctx) =>
      `Copilot does not offer model "${ctx.model}": set the "model" input to one it offers (for example gpt-5-mini, or auto).`
  },
  {
    name: 'no Copilot licence',
    kind: 'policy',
    matches: said(
      /not licensed to use copilot|no (active )?copilot (subscription|license|licence|seat|access)|(does not|doesn't|do not|don't) have (access to )?(a |an )?(active )?copilot|not (entitled|subscribed) to copilot|copilot (is not|isn't) (enabled|available) for (this|your) (account|user)|not_entitled|no_copilot/i
    ),
    fix: () =>
      "The token's owner has no Copilot licence. With the workflow token the organization must have Copilot Business or " +
      'Enterprise (usage is billed to it); in a personal repository the owner needs a Copilot plan. Otherwise choose another provider.'
  },
  {
    name: 'quota or budget exhausted',
    kind: 'quota',
    matches: (r, status) =>
      status === 402 ||
      /quota_exceeded|insufficient_quota|(credit|ai credits?).{0,30}(quota|budget|exhausted|exceeded)|(quota|budget).{0,30}(exceeded|exhausted|reached|used up)/i.test(
        r.message
      ),
    fix: () =>
      "Copilot's AI credit quota or budget is used up (402): an organization owner can raise the budget for AI credits in " +
      'the billing settings; runs resume when it resets. Not retried.'
  },
  {
    name: 'rate limited',
    kind: 'rate-limited',
    matches: (r, status) => status === 429 || r.errorType === 'rate_limit' || /rate.?limit/i.test(r.message),
    fix: (r) => {
      const retried = /retried (\d+) times?/i.exec(r.message)?.[1]
      const after = retried ? ` after the runtime retried ${retried} times` : ''
      return `Copilot is rate limiting requests${after}: run again later, or triage fewer issues per run.`
    }
  },
  {
    name: 'prompt too large',
    kind: 'too-large',
    matches: (r, status) =>
      status === 413 ||
      /context.{0,20}(length|window)|too (large|long)|exceeds the limit|tokens_limit_reached/i.test(
        r.message
      ),
    fix: () => 'The request was too large for the model: lower "max-input-tokens".'
  },
  {
    name: 'token missing, expired or refused',
    kind: 'auth',
    matches: (r, status) =>
      status === 401 ||
      r.errorType === 'authentication' ||
      /no authentication information|no github oauth token|bad credentials|unauthori[sz]ed|token.{0,20}(expired|revoked|invalid)/i.test(
        r.message
      ),
    fix: (r) => {
      const status = reportStatus(r)
      return `Copilot rejected the token${status ? ` (${status})` : ''}: ${PERMISSION_FIX}.`
    }
  },
  {
    name: 'forbidden',
    kind: 'policy',
    matches: (_r, status) => status === 403,
    fix: () =>
      'Copilot refused the request (403): check that the job has `copilot-requests: write` and that the organization ' +
      'allows "Copilot CLI billed to the organization".'
  },
  {
    name: 'service or network failure',
    kind: 'unavailable',
    matches: (r, status) =>
      (status !== undefined && status >= 500) ||
      /ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|fetch failed|socket hang up|network/i.test(
        r.message
      ),
    fix: () =>
      'Copilot could not be reached or failed: try again later; a self-hosted runner needs access to GitHub.'
  },
  {
    name: 'runtime stopped',
    kind: 'unavailable',
    matches: said(
      /exited with code|CLI server exited|connection (is )?(closed|disposed)|spawn|ENOENT|unexpected argument/i
    ),
    fix: () =>
      'The Copilot runtime stopped unexpectedly: check the log lines marked [CLI subprocess] above; unset COPILOT_CLI_PATH ' +
      'to use the runtime the action installs.'
  }
]

/** The names of the rules in order, for tests that check every rule is reachable. */
export const RULE_NAMES = RULES.map((rule) => rule.name)

/** The status a report carries, or the one its message starts with ("402 You have…", "(HTTP 403)"). */
export function reportStatus(report: RuntimeReport): number | undefined {
  if (report.statusCode !== undefined) return report.statusCode
  const m =
    /^(?:Error: )?([45]\d\d)\b|\((?:HTTP )?([45]\d\d)\)|\b([45]\d\d) (?:Unauthorized|Forbidden|Payment Required)/i.exec(
      report.message
    )
  const code = m?.[1] ?? m?.[2] ?? m?.[3]
  return code ? Number(code) : undefined
}

/** The name of the rule that classifies a report, or undefined for the fallback; for tests. */
export function ruleFor(report: RuntimeReport, ctx: ErrorContext): string | undefined {
  const status = reportStatus(report)
  return RULES.find((r) => r.matches(report, status, ctx))?.name
}

/**
 * Turns what the runtime reported into one classified error whose message says what to change,
 * followed by the runtime's own words (which carry GitHub's request ID).
 */
export function classifyRuntimeError(report: RuntimeReport, ctx: ErrorContext): ProviderError {
  const status = reportStatus(report)
  const rule = RULES.find((r) => r.matches(report, status, ctx))
  const words = forLog(report.message, 300)
  const detail = words ? ` (Copilot said: "${words}")` : ''
  if (!rule) {
    return new ProviderError('unavailable', `The Copilot runtime failed${detail}.`, status)
  }
  return new ProviderError(rule.kind, `${rule.fix(report, ctx)}${detail}`, status)
}

/** A report from anything thrown by the SDK (which throws plain Errors without a status). */
export function reportFromError(error: unknown): RuntimeReport {
  if (error instanceof Error) return { message: error.message }
  return { message: String(error) }
}

/** True when an endpoint refused `response_format: json_schema` (some bring-your-own-key endpoints do). */
export function isSchemaUnsupported(report: RuntimeReport): boolean {
  const status = reportStatus(report)
  if (status !== undefined && status !== 400 && status !== 422) return false
  const text = report.message.toLowerCase()
  return /response_format|json_schema|structured output/.test(text) && !/context|token/.test(text)
}

/** The error for a call that outlived its time limit; the runtime was stopped. */
export function timeoutError(seconds: number): ProviderError {
  return new ProviderError(
    'unavailable',
    `The Copilot runtime gave no answer within ${seconds} s and was stopped. It retries rate limits and server ` +
      'errors on its own, so Copilot may be rate limiting or down: try again later.'
  )
}
