import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readEvent } from '../../src/inputs/event.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function eventFile(content: string | Buffer): NodeJS.ProcessEnv {
  dir = mkdtempSync(join(tmpdir(), 'event-'))
  const path = join(dir, 'event.json')
  writeFileSync(path, content)
  return { GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: path }
}

describe('readEvent', () => {
  it('reads an ASCII payload and a UTF-8 one alike', () => {
    for (const title of ['plain title', 'Ünïcödé 🔥 title — “quoted”']) {
      const payload = { action: 'opened', issue: { number: 3, title, body: 'x'.repeat(10_000) } }
      const event = readEvent(eventFile(JSON.stringify(payload)))
      expect(event.action).toBe('opened')
      expect((event.payload.issue as { title: string }).title).toBe(title)
    }
  })

  it('names GITHUB_EVENT_PATH when the file is not JSON', () => {
    expect(() => readEvent(eventFile('{"action": '))).toThrow(
      /Could not read the event payload at GITHUB_EVENT_PATH/
    )
  })
})
