import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parseConfig } from '../../src/config/parse.js'
import { configJsonSchema } from '../../src/config/schema.js'
import { readOptions, withConfig } from '../../src/inputs/options.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('parseConfig', () => {
  it('reads every kind of setting', () => {
    const config = parseConfig(
      [
        'max-labels: 2',
        'labels: ["kind/*", "area/*"]',
        'exclusive-groups: ["kind/*"]',
        'label-guidance:',
        '  area/cli: the command-line interface',
        'aliases: { crash: kind/bug }',
        'type-rules: [{ label: "kind/bug", type: Bug }]'
      ].join('\n'),
      '.github/triage.yml'
    )
    expect(config['max-labels']).toBe(2)
    expect(config['exclusive-groups']).toEqual(['kind/*'])
    expect(config['label-guidance']).toEqual({ 'area/cli': 'the command-line interface' })
  })

  it.each([
    ['max-labels: lots', /\.github\/triage\.yml line 1: max-labels: /],
    ['mode: apply\nmax-label: 3', /line 2: unknown setting "max-label"/],
    ['labels: [bug\n', /line \d+: not valid YAML/],
    ['mode: yolo', /line 1: mode: .*apply.*suggest.*dry-run/],
    ['api-key: sk-123', /"api-key" must not be in a committed file/],
    ['- just\n- a list', /expected a mapping/],
    ['type-rules:\n  - label: kind/bug\n    typ: Bug', /line 3: unknown setting "typ"/]
  ])('explains %j with the line and field', (text, message) => {
    expect(() => parseConfig(text, '.github/triage.yml')).toThrow(message)
  })

  it('an empty file is an empty config', () => {
    expect(parseConfig('', 'x.yml')).toEqual({})
  })
})

describe('inputs and the config file', () => {
  it('inputs win; the file fills what inputs leave empty', () => {
    const config = parseConfig('max-labels: 5\nmode: suggest\nexclude-labels: []\nmodel: from-file', 'c.yml')
    const o = readOptions(
      withConfig(reader({ token: 't', provider: 'openai', 'api-key': 'k', mode: 'dry-run' }), config),
      config
    )
    expect(o).toMatchObject({ mode: 'dry-run', maxLabels: 5, model: 'from-file', excludeLabels: [] })
  })

  it('takes the numbers of the file in any YAML notation, though inputs take plain decimals only', () => {
    const config = parseConfig('min-confidence: 1e-7\nduplicate-confidence: .5\nmax-ai-credits: 1e3', 'c.yml')
    const o = readOptions(withConfig(reader({ token: 't' }), config), config)
    expect(o).toMatchObject({ minConfidence: 1e-7, maxAiCredits: 1000, dedupe: { minConfidence: 0.5 } })
  })
})

describe('triage.schema.json', () => {
  it('is the schema the run validates with (run npm run schema after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../triage.schema.json', import.meta.url), 'utf8'))
    expect(committed).toEqual(configJsonSchema())
  })
})
