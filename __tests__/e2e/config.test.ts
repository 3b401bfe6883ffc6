import { afterEach, describe, expect, it } from '@jest/globals'
import { closeChecked } from './checks.js'
import { answer, world, type World } from './fixtures.js'

let w: World | undefined
afterEach(async () => {
  await closeChecked(w)
  w = undefined
})

const CONFIG = [
  'mode: apply',
  'max-labels: 2',
  'exclusive-groups: ["kind/*"]',
  'label-guidance:',
  '  "area: cli": use for anything typed at the widgets command line',
  'type-rules:',
  '  - { label: "kind/crash", type: Bug }',
  'aliases: { crash: kind/crash }'
].join('\n')

describe('the repository config file', () => {
  it('is read from the default branch and shapes the prompt and the policy', async () => {
    w = await world(
      (s) => {
        s.files = { ...s.files, '.github/triage.yml': CONFIG }
        s.labels.push({ name: 'kind/feature', description: 'A new feature' })
      },
      {
        steps: [
          {
            kind: 'answer',
            content: answer([
              { name: 'crash', confidence: 0.95 },
              { name: 'kind/feature', confidence: 0.9 },
              { name: 'area: cli' }
            ])
          }
        ]
      }
    )
    const run = await w.run()
    expect(run.code).toBe(0)
    const user = w.model.chatRequests()[0]!.messages[1]!.content as string
    expect(user).toContain(
      '- area: cli: The widgets command-line interface (maintainers: use for anything typed at the widgets command line)'
    )
    // The alias resolved to kind/crash; the exclusive group refused kind/feature; the type rule set Bug.
    expect(w.github.issue(1).labels.sort()).toEqual(['area: cli', 'kind/crash'])
    expect(run.summary).toMatch(/label kind\/feature refused: exclusive group kind\/\\\* already has a label/)
    expect(w.github.issue(1).type).toBe('Bug')
  })

  it('is overridden by inputs', async () => {
    w = await world((s) => (s.files = { ...s.files, '.github/triage.yml': 'mode: apply\nmax-labels: 3' }))
    const run = await w.run({ inputs: { mode: 'dry-run' } })
    expect(run.code).toBe(0)
    expect(w.github.writes()).toEqual([])
  })

  it('fails with the line and the field when malformed, before any model call or write', async () => {
    w = await world(
      (s) => (s.files = { ...s.files, '.github/triage.yml': 'mode: apply\nmax-labels: many\n' })
    )
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(run.annotations[0]!.message).toMatch(/^\.github\/triage\.yml line 2: max-labels: /)
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
  })

  it('fails, naming the input and the limit, when it is over 1 MB (GraphQL cuts it, REST leaves it out)', async () => {
    const huge = `mode: apply\n# ${'padding '.repeat(140_000)}\nmax-labels: 1\n`
    w = await world((s) => (s.files = { ...s.files, '.github/triage.yml': huge }))
    const run = await w.run()
    expect(run.code).toBe(1)
    expect(run.annotations.map((a) => a.message)).toEqual([
      `Input "config": .github/triage.yml is larger than 1 MB, which GitHub's contents API does not return; keep it under 1 MB.`
    ])
    const read = w.github.requests.map((r) => r.operationId)
    expect(read).toContain('graphql')
    expect(read).toContain('repos/get-content')
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
    expect(run.outputs.labels).toBe('[]') // outputs are set even when the run stops early
  })

  it('must exist when its path is given explicitly', async () => {
    w = await world()
    const run = await w.run({ inputs: { config: '.github/missing.yml' } })
    expect(run.code).toBe(1)
    expect(run.annotations[0]!.message).toBe(
      'Input "config" names .github/missing.yml, which is not on the default branch.'
    )
  })
})

describe('the prompt file', () => {
  it('adds its words as guidance and its sampling settings, while the issue stays delimited data', async () => {
    const promptFile = [
      'model: test-model',
      'modelParameters: { temperature: 0.1 }',
      'messages:',
      '  - { role: system, content: "Label anything about the command line with area: cli." }',
      '  - { role: user, content: "{{input}}" }'
    ].join('\n')
    w = await world((s) => (s.files = { ...s.files, '.github/triage.prompt.yml': promptFile }))
    const run = await w.run({ inputs: { 'prompt-file': '.github/triage.prompt.yml', model: '' } })
    expect(run.code).toBe(0)
    const [req] = w.model.chatRequests()
    expect(req!.model).toBe('test-model')
    expect(req!.temperature).toBe(0.1)
    expect(req!.messages[0]!.content).toContain('Label anything about the command line with area: cli.')
    expect(req!.messages[1]!.content).toMatch(/<issue>[\s\S]*<\/issue>$/)
    expect(req!.response_format).toBeDefined()
  })

  it('must exist when named', async () => {
    w = await world()
    const run = await w.run({ inputs: { 'prompt-file': '.github/none.prompt.yml' } })
    expect(run.code).toBe(1)
    expect(run.annotations[0]!.message).toBe(
      'Input "prompt-file" names .github/none.prompt.yml, which is not on the default branch.'
    )
    expect(w.model.requests).toEqual([])
  })
})

describe('instructions from a file', () => {
  it('reads the file from the default branch into the system message', async () => {
    w = await world((s) => (s.files = { ...s.files, 'docs/triage.md': 'Crashes always get kind/crash.' }))
    const run = await w.run({ inputs: { instructions: 'docs/triage.md' } })
    expect(run.code).toBe(0)
    expect(w.model.chatRequests()[0]!.messages[0]!.content).toContain('Crashes always get kind/crash.')
  })

  it('fails with the limit when the file is over 1 MB, before any model call', async () => {
    const huge = 'Crashes always get kind/crash. '.repeat(40_000)
    w = await world((s) => (s.files = { ...s.files, 'docs/triage.md': huge }))
    const run = await w.run({ inputs: { instructions: 'docs/triage.md' } })
    expect(run.code).toBe(1)
    expect(run.annotations.map((a) => a.message)).toEqual([
      `Input "instructions": docs/triage.md is larger than 1 MB, which GitHub's contents API does not return; keep it under 1 MB.`
    ])
    expect(w.model.requests).toEqual([])
    expect(w.github.writes()).toEqual([])
  })

  it('fails with the fix when the file is missing, before any model call', async () => {
    w = await world()
    const run = await w.run({ inputs: { instructions: 'docs/missing.md' } })
    expect(run.code).toBe(1)
    expect(run.annotations[0]!.message).toMatch(
      /Input "instructions" names the file "docs\/missing.md", but it could not be read: it does not exist/
    )
    expect(w.model.requests).toEqual([])
  })
})
