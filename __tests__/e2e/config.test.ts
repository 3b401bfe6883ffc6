import { afterEach, describe, expect, it } from '@jest/globals'
import { answer, world, type World } from './fixtures.js'

let w: World | undefined
afterEach(async () => {
  if (w) {
    expect(w.github.rejected).toEqual([])
    expect(w.github.state.createdLabels).toEqual([])
    await w.close()
  }
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

  it('must exist when its path is given explicitly', async () => {
    w = await world()
    const run = await w.run({ inputs: { config: '.github/missing.yml' } })
    expect(run.code).toBe(1)
    expect(run.annotations[0]!.message).toBe(
      'Input "config" names .github/missing.yml, which is not on the default branch.'
    )
  })
})
