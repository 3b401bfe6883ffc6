import { describe, expect, it } from '@jest/globals'
import { DEFAULT_EXCLUDE_LABELS, parseList, readOptions } from '../../src/inputs/options.js'
import { InputError } from '../../src/errors.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const base = { token: 'ghs_x', provider: 'openai', 'api-key': 'sk-1', model: 'gpt-4.1-mini' }

describe('readOptions', () => {
  it('reads a minimal openai configuration with the documented defaults', () => {
    const o = readOptions(reader(base))
    expect(o).toMatchObject({
      provider: 'openai',
      endpoint: 'https://api.openai.com/v1',
      mode: 'apply',
      labels: ['*'],
      excludeLabels: DEFAULT_EXCLUDE_LABELS,
      maxLabels: 3,
      minConfidence: 0.6,
      maxInputTokens: 8000,
      failOnError: false,
      issueNumber: undefined
    })
  })

  it('chooses copilot by default and openai when a key or endpoint is given', () => {
    const copilot = readOptions(reader({ token: 'ghs_x' }))
    expect(copilot).toMatchObject({
      provider: 'copilot',
      model: 'gpt-5-mini',
      apiKey: '',
      maxAiCredits: undefined
    })
    expect(readOptions(reader({ token: 't', 'api-key': 'k', model: 'm' })).provider).toBe('openai')
    expect(
      readOptions(reader({ token: 't', endpoint: 'http://localhost:11434/v1', 'api-key': 'k', model: 'm' }))
        .provider
    ).toBe('openai')
    expect(readOptions(reader({ token: 't', 'max-ai-credits': '25' })).maxAiCredits).toBe(25)
  })

  it('names the input and the choices when provider is wrong, or inputs do not fit copilot', () => {
    expect(() => readOptions(reader({ ...base, provider: 'anthropic' }))).toThrow(
      'Input "provider" must be one of auto, copilot, openai, github-models, history (got "anthropic").'
    )
    expect(() => readOptions(reader({ token: 't', provider: 'copilot', 'api-key': 'k' }))).toThrow(
      /Input "api-key" does not apply to provider "copilot"/
    )
    expect(() => readOptions(reader({ token: 't', 'max-ai-credits': '-1' }))).toThrow(
      /Input "max-ai-credits" must be a positive number/
    )
  })

  it.each([
    ['mode', 'write', /Input "mode" must be one of apply, suggest, dry-run/],
    ['max-labels', 'three', /Input "max-labels" must be a whole number from 0 to 20/],
    ['max-labels', '2.5', /Input "max-labels" must be a whole number/],
    ['min-confidence', '80%', /Input "min-confidence" must be a number from 0 to 1/],
    ['max-input-tokens', '10', /Input "max-input-tokens" must be a whole number from 1000/],
    ['fail-on-error', 'maybe', /Input "fail-on-error" must be true or false/],
    ['issue-number', 'abc', /Input "issue-number" must be a whole number/],
    ['endpoint', 'not a url', /Input "endpoint" must be a URL/],
    ['endpoint', 'https://user:pw@example.com/v1', /must not carry credentials/]
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => readOptions(reader({ ...base, [name]: value }))).toThrow(InputError)
    expect(() => readOptions(reader({ ...base, [name]: value }))).toThrow(message)
  })

  it('reads fractions and amounts as plain decimals only: no hex, binary, exponent or Infinity', () => {
    for (const [value, n] of [
      ['0.6', 0.6],
      ['.75', 0.75],
      ['1', 1],
      ['0', 0],
      [' 0.85 ', 0.85],
      ['1.', 1]
    ] as const) {
      expect(readOptions(reader({ ...base, 'min-confidence': value })).minConfidence).toBe(n)
      expect(readOptions(reader({ ...base, 'duplicate-confidence': value })).dedupe.minConfidence).toBe(n)
    }
    for (const value of [
      '0x1',
      '0b1',
      '0o1',
      '1e-1',
      '1E0',
      'Infinity',
      '-0.5',
      '+0.5',
      '0.5.1',
      '.',
      '1_0'
    ]) {
      expect(() => readOptions(reader({ ...base, 'min-confidence': value }))).toThrow(
        `Input "min-confidence" must be a number from 0 to 1, such as 0.6 (got "${value}").`
      )
      expect(() => readOptions(reader({ ...base, 'duplicate-confidence': value }))).toThrow(
        /^Input "duplicate-confidence" must be a number from 0 to 1/
      )
    }
    const credits = (value: string) =>
      readOptions(reader({ token: 't', 'max-ai-credits': value })).maxAiCredits
    expect(credits('12.5')).toBe(12.5)
    for (const value of ['0x10', '1e3', 'Infinity', '0'])
      expect(() => credits(value)).toThrow(
        `Input "max-ai-credits" must be a positive number of AI credits, such as 50 (got "${value}").`
      )
  })

  it('reads provider history with no endpoint, key or model, and the history inputs with their defaults', () => {
    const o = readOptions(reader({ token: 'ghs_x', provider: 'history' }))
    expect(o).toMatchObject({ provider: 'history', model: 'history', endpoint: '', apiKey: '' })
    expect(o.history).toEqual({ limit: 3000, maxAgeDays: 7 })
    expect(o.fallbackProvider).toBeUndefined()
    const set = readOptions(
      reader({ ...base, 'fallback-provider': 'History', 'history-limit': '500', 'history-max-age': '0' })
    )
    expect(set.fallbackProvider).toBe('history')
    expect(set.history).toEqual({ limit: 500, maxAgeDays: 0 })
  })

  it('refuses history inputs that cannot work, naming the input', () => {
    const history = { token: 'ghs_x', provider: 'history' }
    expect(() => readOptions(reader({ ...history, 'api-key': 'sk-1' }))).toThrow(
      'Input "api-key" does not apply to provider "history"'
    )
    expect(() => readOptions(reader({ ...history, endpoint: 'https://x.example/v1' }))).toThrow(
      'Input "endpoint" does not apply to provider "history"'
    )
    expect(() => readOptions(reader({ ...history, 'fallback-provider': 'history' }))).toThrow(
      'there is nothing to fall back from'
    )
    expect(() => readOptions(reader({ ...base, 'fallback-provider': 'copilot' }))).toThrow(
      'Input "fallback-provider" must be one of none, history (got "copilot").'
    )
    expect(() => readOptions(reader({ ...base, 'history-limit': '5' }))).toThrow(/history-limit/)
  })

  it('requires a key and a model for openai', () => {
    expect(() => readOptions(reader({ ...base, 'api-key': '' }))).toThrow(/Input "api-key" is required/)
    expect(() => readOptions(reader({ ...base, model: '' }))).toThrow(/Input "model" is required/)
  })

  it('presets github-models with the workflow token and the retired endpoint', () => {
    const o = readOptions(reader({ token: 'ghs_t', provider: 'github-models' }))
    expect(o.endpoint).toBe('https://models.github.ai/inference')
    expect(o.apiKey).toBe('ghs_t')
  })

  it('never sends the workflow token to a foreign host as a github-models key', () => {
    const foreign = { token: 'ghs_t', provider: 'github-models', endpoint: 'https://evil.example/v1' }
    expect(() => readOptions(reader(foreign))).toThrow(/would receive the workflow token/)
    expect(readOptions(reader({ ...foreign, 'api-key': 'k' })).apiKey).toBe('k')
  })

  it('reads lists by line or by comma, and "none" clears the exclusions', () => {
    expect(parseList('bug, area: cli ,kind/*')).toEqual(['bug', 'area: cli', 'kind/*'])
    expect(parseList('- bug\n- good first issue\n')).toEqual(['bug', 'good first issue'])
    expect(readOptions(reader({ ...base, 'exclude-labels': 'none' })).excludeLabels).toEqual([])
    expect(readOptions(reader({ ...base, 'issue-number': '#42' })).issueNumber).toBe(42)
  })
})
