import { describe, expect, it } from '@jest/globals'
import { topLevelMember } from '../../src/github/json-field.js'

const bytes = (text: string) => new TextEncoder().encode(text)
const member = (value: unknown, key: string, space?: number) => {
  const found = topLevelMember(bytes(JSON.stringify(value, null, space)), key)
  return found === undefined ? undefined : (JSON.parse(found) as unknown)
}

describe('topLevelMember', () => {
  const issue = {
    id: 1,
    body: 'a body that says "type": {"name": "Fake"} and ends with a backslash \\',
    user: { login: 'alice', type: 'User' },
    labels: [{ name: 'bug', type: { name: 'nested' } }],
    assignee: null,
    closed_by: { type: 'Bot', nested: { type: { name: 'deeper' } } },
    type: { id: 3, name: 'Bug', description: 'braces } { and "quotes" inside' },
    title: 'é 🔥 ["type"]'
  }

  it('finds the top-level member only, never the same key nested or quoted inside a string', () => {
    expect(member(issue, 'type')).toEqual(issue.type)
    expect(member(issue, 'type', 2)).toEqual(issue.type)
    expect(member(issue, 'title')).toBe(issue.title)
    expect(member(issue, 'assignee')).toBeNull()
    expect(member(issue, 'id')).toBe(1)
    expect(member(issue, 'labels')).toEqual(issue.labels)
  })

  it('answers undefined for a missing member, and for anything but an object', () => {
    expect(member({ ...issue, type: undefined }, 'type')).toBeUndefined()
    expect(member([{ type: { name: 'Bug' } }], 'type')).toBeUndefined()
    expect(member('"type": {}', 'type')).toBeUndefined()
    expect(topLevelMember(bytes(''), 'type')).toBeUndefined()
  })

  it('agrees with JSON.parse on many generated objects', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = ['type', '"', '\\', '{', '}', '[', ']', ':', ',', 'é', '🔥', ' ', 'x']
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => pieces[Math.floor(random() * pieces.length)]
      ).join('')
    const value = (depth: number): unknown => {
      const r = random()
      if (depth > 2 || r < 0.3) return text()
      if (r < 0.4) return Math.floor(random() * 1000)
      if (r < 0.5) return null
      if (r < 0.7) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1))
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          random() < 0.4 ? 'type' : text(),
          value(depth + 1)
        ])
      )
    }
    for (let n = 0; n < 500; n++) {
      const object = Object.fromEntries(
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => [
          random() < 0.3 ? 'type' : text(),
          value(1)
        ])
      )
      for (const key of ['type', ...Object.keys(object)])
        expect(member(object, key, n % 2 === 0 ? undefined : 1)).toEqual(object[key])
    }
  })
})
