/**
 * A labelled history for the history classifier's end-to-end tests: 60 issues a maintainer labelled
 * (20 each of bug, enhancement and question, each kind in its own words), three with `area: cli` (too few
 * to learn), and five a bot labelled `documentation` (which must not count).
 */
import type { RepoSeed, SeedIssue } from '../emulators/github/index.js'

const THINGS = [
  'config file',
  'theme',
  'plugin',
  'export',
  'cache',
  'proxy',
  'widget list',
  'login',
  'sync',
  'report'
]
const PLACES = ['on Linux', 'on Windows', 'after upgrading', 'in the CLI', 'on startup']

const KINDS = {
  bug: {
    type: 'Bug',
    title: (t: string, p: string) => `Crash with TypeError when loading the ${t} ${p}`,
    body: (t: string) =>
      `The ${t} fails and widgets crashes.\n\n\`\`\`\nTypeError: Cannot read properties of undefined\n    at load (${t.replace(/ /g, '-')}.js:12:3)\n\`\`\`\n\nwidgets 2.3.1`
  },
  enhancement: {
    type: 'Feature',
    title: (t: string, p: string) => `Add support for a ${t} option ${p}`,
    body: (t: string) =>
      `It would be great to have a new ${t} option. Feature request: please add support so that scripts can use it.`
  },
  question: {
    type: null,
    title: (t: string, p: string) => `How do I set up the ${t} ${p}?`,
    body: (t: string) =>
      `I could not find in the docs how to configure the ${t}. Is it possible? Any help appreciated.`
  }
} as const

/** Seeds the history after the sample repository's own issues (numbers from 100), oldest first. */
export function labelledHistory(seed: RepoSeed): void {
  const issues: SeedIssue[] = []
  const events: NonNullable<RepoSeed['events']> = { ...(seed.events ?? {}) }
  let n = 100
  let day = 0
  for (let i = 0; i < 20; i++) {
    for (const [label, kind] of Object.entries(KINDS)) {
      const thing = THINGS[i % THINGS.length]!
      const place = PLACES[(i + label.length) % PLACES.length]!
      const number = n++
      const created = new Date(Date.UTC(2024, 0, 1) + day++ * 86_400_000).toISOString().replace('.000', '')
      issues.push({
        number,
        title: kind.title(thing, place),
        body: kind.body(thing),
        labels: [label],
        state: 'closed',
        state_reason: 'completed',
        ...(kind.type ? { type: kind.type } : {}),
        user: { login: `user-${i}`, type: 'User' },
        created_at: created
      })
      events[number] = [{ event: 'labeled', label, actor: 'maintainer-mia', created_at: created }]
    }
  }
  // Three bugs in the CLI: a label too rare to learn.
  for (const number of [100, 103, 106]) {
    issues.find((i) => i.number === number)!.labels.push('area: cli')
    events[number]!.push({ event: 'labeled', label: 'area: cli', actor: 'maintainer-mia' })
  }
  // A bot's labels are not people's: `documentation` is never learned.
  for (let i = 0; i < 5; i++) {
    const number = n++
    issues.push({
      number,
      title: `Docs page for the ${THINGS[i]} is out of date`,
      body: 'The documentation describes an older version.',
      labels: ['documentation'],
      state: 'open',
      user: { login: `user-${i}`, type: 'User' },
      created_at: new Date(Date.UTC(2024, 6, 1 + i)).toISOString().replace('.000', '')
    })
    events[number] = [{ event: 'labeled', label: 'documentation', actor: 'labeler[bot]', actorType: 'Bot' }]
  }
  seed.issues.push(...issues)
  seed.events = events
}
