import type { TriageConfig } from '../config/schema.js'
import { InputError } from '../errors.js'
import { parseIssueNumbers, parseQuery, type BacklogOptions } from './backlog.js'
import { FALLBACK_PROVIDERS, MODE_INPUTS, PROVIDERS, type Mode, type Provider } from './choices.js'

/** Labels the action never applies unless `exclude-labels` says otherwise: they are maintainers' calls. */
export const DEFAULT_EXCLUDE_LABELS = [
  // duplicate, possible-duplicate, "Resolution: Duplicate", kind/duplicate: the dedupe policy's call.
  '*duplicate*',
  // wontfix, status/wontfix, "Resolution: Won't fix".
  '*wontfix*',
  "*won't fix*",
  'invalid',
  'good first issue',
  'help wanted',
  'stale',
  'lifecycle/*',
  'triage/*'
]

export type { Mode, Provider } from './choices.js'

/** The one validated, typed view of the action's inputs. Everything downstream reads this. */
export interface Options {
  token: string
  provider: Provider
  endpoint: string
  apiKey: string
  model: string
  mode: Mode
  labels: string[]
  excludeLabels: string[]
  maxLabels: number
  minConfidence: number
  instructions: string
  issueNumber: number | undefined
  maxInputTokens: number
  failOnError: boolean
  /** Trusted guidance from the `prompt-file`, added after `instructions`. */
  promptGuidance: string
  /** Sampling settings from the `prompt-file` (OpenAI-compatible endpoints only). */
  temperature: number | undefined
  topP: number | undefined
  /** Stop before spending more AI credits than this in a run (copilot); undefined: no limit. */
  maxAiCredits: number | undefined
  /** Most model requests a minute (`model-rpm`); undefined: learned from the endpoint's rate-limit headers. */
  modelRpm: number | undefined
  /** From the config file only: what inputs cannot say well. */
  labelGuidance: Record<string, string>
  exclusiveGroups: string[]
  aliases: Record<string, string>
  typeRules: { label: string; type: string }[]
  typeGuidance: Record<string, string>
  /** Duplicate detection (see src/gather/candidates.ts and src/act/duplicates.ts). */
  dedupe: DedupeOptions
  /** Backlog runs (`issue-numbers` or `query` on workflow_dispatch and schedule). */
  backlog: BacklogOptions
  /**
   * `mode: backtest`: how many of the recent issues people labelled to replay. The run's `mode` is then
   * dry-run, so nothing can be written even by mistake.
   */
  backtest: { limit: number } | undefined
  /** The history classifier (provider `history`, or `fallback-provider: history`). */
  history: HistoryOptions
  /** Triage with the history classifier when the chosen provider refuses; undefined: fail as before. */
  fallbackProvider: 'history' | undefined
}

/** How the history classifier is trained and kept. */
export interface HistoryOptions {
  /** Most of the recent issues people labelled to learn from. */
  limit: number
  /** Retrain when the stored classifier is older than this many days. */
  maxAgeDays: number
}

/** What duplicate detection may do; validated with the other inputs. */
export interface DedupeOptions {
  enabled: boolean
  /** Applied by the dedupe policy when duplicates are found; never offered to the model. */
  label: string
  maxCandidates: number
  includeClosed: boolean
  /** Lowest confidence for a duplicate to be reported. */
  minConfidence: number
  /** Days after the comment before a scheduled run closes the issue; undefined: never. */
  closeAfterDays: number | undefined
  /** Create `label` when the repository lacks it (otherwise a warning says how). */
  createLabels: boolean
  /** Maintainers' wording around the comment (config file `comment`). */
  intro: string
  footer: string
}

/** Inputs win; the config file fills what an input leaves empty. Lists and numbers become input text. */
export function withConfig(read: InputReader, config: TriageConfig): InputReader {
  return (name) => {
    const given = read(name)
    if (given.trim() !== '') return given
    const value = (config as Record<string, unknown>)[name]
    if (value === undefined || (typeof value === 'object' && !Array.isArray(value))) return given
    if (typeof value === 'number')
      // Written out in decimals, as an input would be (String(1e-7) is "1e-7").
      return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 100 })
    return Array.isArray(value)
      ? value.length === 0 && name === 'exclude-labels'
        ? 'none'
        : value.join('\n')
      : String(value)
  }
}

/** Reads one input by its action.yml name; in the action this is `core.getInput`. */
export type InputReader = (name: string) => string

const GITHUB_MODELS_ENDPOINT = 'https://models.github.ai/inference'

/** Splits a list input: one item per line, or comma-separated when written on one line. */
export function parseList(raw: string): string[] {
  const lines = raw.split(/\r?\n/)
  const items = lines.length > 1 ? lines : raw.split(',')
  return items.map((s) => s.replace(/^\s*-\s+/, '').trim()).filter((s) => s.length > 0)
}

function choice<T extends string>(name: string, allowed: readonly T[], raw: string, fallback?: T): T {
  const value = raw.trim().toLowerCase()
  if (value === '' && fallback !== undefined) return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  const shown = value === '' ? 'nothing' : `"${raw.trim()}"`
  throw new InputError(`Input "${name}" must be one of ${allowed.join(', ')} (got ${shown}).`)
}

function integer(name: string, raw: string, fallback: number, min: number, max: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  const parsed = Number(value)
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new InputError(`Input "${name}" must be a whole number from ${min} to ${max} (got "${value}").`)
  }
  return parsed
}

// Plain decimals only: Number() also reads "0x1", "1e-1", "Infinity" and "0b1", which no one means here.
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/

function fraction(name: string, raw: string, fallback: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  const n = Number(value)
  if (!DECIMAL.test(value) || n < 0 || n > 1) {
    throw new InputError(`Input "${name}" must be a number from 0 to 1, such as 0.6 (got "${value}").`)
  }
  return n
}

function optionalAmount(name: string, raw: string): number | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  const n = Number(value)
  if (!DECIMAL.test(value) || n <= 0) {
    throw new InputError(
      `Input "${name}" must be a positive number of AI credits, such as 50 (got "${value}").`
    )
  }
  return n
}

function boolean(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  if (['true', 'yes', 'on', '1'].includes(value)) return true
  if (['false', 'no', 'off', '0'].includes(value)) return false
  throw new InputError(`Input "${name}" must be true or false (got "${raw.trim()}").`)
}

function endpointUrl(raw: string): string {
  const value = raw.trim()
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(`Input "endpoint" must be a URL such as https://api.openai.com/v1 (got "${value}").`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`Input "endpoint" must be an http(s) URL (got "${value}").`)
  }
  if (url.username || url.password) {
    throw new InputError('Input "endpoint" must not carry credentials; put the key in "api-key".')
  }
  return value.replace(/\/+$/, '')
}

/**
 * Whether the `dedupe` input leaves duplicate detection on (the config file may still turn it off):
 * the same rule the options apply, for reads started before the options are known.
 */
export function dedupeInput(raw: string): boolean {
  return boolean('dedupe', raw, true)
}

/** Parses the `issue-number` input (also accepted as "#123"); undefined when empty. */
export function issueNumberInput(raw: string): number | undefined {
  const value = raw.trim().replace(/^#/, '')
  return value === '' ? undefined : integer('issue-number', value, 0, 1, 2_147_483_647)
}

/**
 * Reads and validates every input once. Throws an InputError naming the input and what it allows;
 * nothing downstream re-reads inputs.
 */
export function readOptions(
  read: InputReader,
  config: TriageConfig = {},
  prompt: { guidance: string; model?: string; temperature?: number; topP?: number } = { guidance: '' }
): Options {
  const token = read('token').trim()
  if (token === '') {
    throw new InputError('Input "token" is empty: leave it unset to use the workflow token, or pass a token.')
  }
  let endpoint = read('endpoint').trim()
  let apiKey = read('api-key').trim()
  let model = read('model').trim() || prompt.model || ''
  // auto: a key or an endpoint means an OpenAI-compatible endpoint; otherwise Copilot with the workflow token.
  const chosen = choice('provider', PROVIDERS, read('provider'), 'auto')
  const provider: Provider = chosen !== 'auto' ? chosen : endpoint || apiKey ? 'openai' : 'copilot'
  if (provider === 'copilot') {
    if (endpoint)
      throw new InputError(
        'Input "endpoint" does not apply to provider "copilot": remove it, or use provider "openai".'
      )
    if (apiKey)
      throw new InputError(
        'Input "api-key" does not apply to provider "copilot", which uses the workflow token: remove it, or use provider "openai".'
      )
    if (model === '') model = 'gpt-5-mini'
  } else if (provider === 'openai') {
    if (endpoint === '') endpoint = 'https://api.openai.com/v1'
    endpoint = endpointUrl(endpoint)
    if (apiKey === '') {
      throw new InputError(
        'Input "api-key" is required with provider "openai": store the key as a secret and pass ' +
          '`api-key: ${{ secrets.LLM_API_KEY }}`.'
      )
    }
    if (model === '') {
      throw new InputError('Input "model" is required with provider "openai", e.g. gpt-4.1-mini.')
    }
  } else if (provider === 'github-models') {
    endpoint = endpoint === '' ? GITHUB_MODELS_ENDPOINT : endpointUrl(endpoint)
    if (apiKey === '') {
      // The preset sends the workflow token as the key: only to GitHub's host (or a local proxy).
      const host = new URL(endpoint).hostname
      if (!['models.github.ai', 'localhost', '127.0.0.1', '::1', '[::1]'].includes(host)) {
        throw new InputError(
          `Input "endpoint" points provider "github-models" at ${host}, which would receive the workflow token: ` +
            'set "api-key" for that endpoint, or use provider "openai".'
        )
      }
      apiKey = token
    }
    if (model === '') model = 'openai/gpt-4.1-mini'
  } else {
    // No model at all: an endpoint or a key would be sent nowhere, which is a mistake worth saying.
    if (endpoint || apiKey)
      throw new InputError(
        `Input "${endpoint ? 'endpoint' : 'api-key'}" does not apply to provider "history", which calls no model: ` +
          'remove it, or use provider "openai" with fallback-provider "history".'
      )
    model = 'history'
  }
  const fallback = choice('fallback-provider', FALLBACK_PROVIDERS, read('fallback-provider'), 'none')
  if (fallback === 'history' && provider === 'history')
    throw new InputError(
      'Input "fallback-provider" is "history" and so is "provider": there is nothing to fall back from; remove one.'
    )

  const labels = parseList(read('labels'))
  const rawExclude = read('exclude-labels').trim()
  const excludeLabels =
    rawExclude === ''
      ? DEFAULT_EXCLUDE_LABELS
      : rawExclude.toLowerCase() === 'none'
        ? []
        : parseList(rawExclude)

  const issueNumber = issueNumberInput(read('issue-number'))
  const mode = choice('mode', MODE_INPUTS, read('mode'), 'apply')

  return {
    token,
    provider,
    endpoint,
    apiKey,
    model,
    mode: mode === 'backtest' ? 'dry-run' : mode,
    backtest:
      mode === 'backtest'
        ? { limit: integer('backtest-limit', read('backtest-limit'), 100, 1, 1000) }
        : undefined,
    labels: labels.length === 0 || labels.includes('*') ? ['*'] : labels,
    excludeLabels,
    maxLabels: integer('max-labels', read('max-labels'), 3, 0, 20),
    minConfidence: fraction('min-confidence', read('min-confidence'), 0.6),
    instructions: read('instructions').trim(),
    issueNumber,
    maxInputTokens: integer('max-input-tokens', read('max-input-tokens'), 8000, 1000, 1_000_000),
    failOnError: boolean('fail-on-error', read('fail-on-error'), false),
    maxAiCredits: optionalAmount('max-ai-credits', read('max-ai-credits')),
    modelRpm:
      read('model-rpm').trim() === '' ? undefined : integer('model-rpm', read('model-rpm'), 0, 1, 100_000),
    promptGuidance: prompt.guidance,
    temperature: prompt.temperature,
    topP: prompt.topP,
    labelGuidance: config['label-guidance'] ?? {},
    exclusiveGroups: config['exclusive-groups'] ?? [],
    aliases: config.aliases ?? {},
    typeRules: config['type-rules'] ?? [],
    typeGuidance: config['type-guidance'] ?? {},
    dedupe: dedupeOptions(read, config),
    history: {
      limit: integer('history-limit', read('history-limit'), 3000, 10, 10_000),
      maxAgeDays: integer('history-max-age', read('history-max-age'), 7, 0, 365)
    },
    fallbackProvider: fallback === 'history' ? 'history' : undefined,
    backlog: {
      numbers: parseIssueNumbers(read('issue-numbers')),
      query: parseQuery(read('query')),
      maxIssues: integer('max-issues', read('max-issues'), 100, 1, 10_000),
      maxMinutes: integer('max-minutes', read('max-minutes'), 300, 1, 360)
    }
  }
}

function dedupeOptions(read: InputReader, config: TriageConfig): DedupeOptions {
  const label = read('duplicate-label').trim() || 'possible-duplicate'
  if (label.length > 50 || /[,\r\n]/.test(label)) {
    throw new InputError(
      `Input "duplicate-label" must be one label name of at most 50 characters, without commas (got "${label.slice(0, 60)}").`
    )
  }
  const close = read('close-duplicates-after').trim().toLowerCase()
  return {
    enabled: dedupeInput(read('dedupe')),
    label,
    maxCandidates: integer('max-candidates', read('max-candidates'), 10, 1, 30),
    includeClosed: boolean('dedupe-include-closed', read('dedupe-include-closed'), false),
    minConfidence: fraction('duplicate-confidence', read('duplicate-confidence'), 0.8),
    closeAfterDays:
      close === '' || close === 'off' || close === 'never'
        ? undefined
        : integer('close-duplicates-after', close, 0, 1, 365),
    createLabels: boolean('create-labels', read('create-labels'), false),
    intro: config.comment?.intro ?? '',
    footer: config.comment?.footer ?? ''
  }
}
