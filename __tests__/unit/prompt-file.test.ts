import { describe, expect, it } from '@jest/globals'
import { parsePromptFile } from '../../src/config/prompt-file.js'

describe('parsePromptFile', () => {
  it('turns the messages into guidance and keeps model and sampling settings', () => {
    const file = parsePromptFile(
      [
        'name: Triage',
        'model: openai/gpt-4.1-mini',
        'modelParameters: { temperature: 0.2, top_p: 0.9, max_tokens: 400 }',
        'messages:',
        '  - role: system',
        '    content: Prefer area labels over kind labels.',
        '  - role: user',
        '    content: "Triage this issue: {{input}}"'
      ].join('\n'),
      '.github/triage.prompt.yml'
    )
    expect(file).toEqual({
      guidance: 'Prefer area labels over kind labels.\n\nTriage this issue:',
      model: 'openai/gpt-4.1-mini',
      temperature: 0.2,
      topP: 0.9
    })
  })

  it.each([
    ['messages: []', /messages: /],
    ['model: x', /messages: /],
    ['messages: [{ role: robot, content: hi }]', /messages\.0\.role: /],
    ['messages: [oops', /is not valid YAML/]
  ])('explains %j', (text, message) => {
    expect(() => parsePromptFile(text, 'p.prompt.yml')).toThrow(message)
  })
})
