/** A small, realistic repository for tests to start from (a fresh copy each call, so tests may change it). */
import type { RepoSeed, SeedIssue } from './state.js'

/**
 * octo-org/widgets: GitHub's default labels plus names that need URL-encoding (`area: cli`, `kind/crash`,
 * `P1 🔥`), three issue types, and issues covering the cases triage meets: untriaged, already labelled by a
 * maintainer, closed (a duplicate target), a pull request, a bot's issue.
 */
export function sampleRepo(): RepoSeed {
  return {
    owner: 'octo-org',
    repo: 'widgets',
    labels: [
      { name: 'bug', description: "Something isn't working", color: 'd73a4a' },
      { name: 'documentation', description: 'Improvements or additions to documentation', color: '0075ca' },
      { name: 'duplicate', description: 'This issue or pull request already exists', color: 'cfd3d7' },
      { name: 'enhancement', description: 'New feature or request', color: 'a2eeef' },
      { name: 'good first issue', description: 'Good for newcomers', color: '7057ff' },
      { name: 'help wanted', description: 'Extra attention is needed', color: '008672' },
      { name: 'invalid', description: "This doesn't seem right", color: 'e4e669' },
      { name: 'question', description: 'Further information is requested', color: 'd876e3' },
      { name: 'wontfix', description: 'This will not be worked on', color: 'ffffff' },
      { name: 'area: cli', description: 'The widgets command-line interface', color: '1d76db' },
      { name: 'kind/crash', description: 'The program crashes or hangs', color: 'b60205' },
      { name: 'P1 🔥', description: null, color: 'e11d21' }
    ],
    issueTypes: [
      { id: 101, name: 'Bug', description: 'An unexpected problem or behavior' },
      { id: 102, name: 'Feature', description: 'A request, idea, or new functionality' },
      { id: 103, name: 'Task', description: 'A specific piece of work' }
    ],
    issues: [
      {
        number: 1,
        title: 'widgets crashes with "TypeError: cannot read properties of undefined" when config is missing',
        body: "Steps:\n1. `rm ~/.widgets.yml`\n2. `widgets list`\n\n```\nTypeError: Cannot read properties of undefined (reading 'theme')\n    at loadConfig (cli.js:42:17)\n```\n\nwidgets 2.3.1, Node 24, Ubuntu 24.04",
        labels: [],
        state: 'open',
        user: { login: 'alice-dev', type: 'User' },
        created_at: '2025-03-02T09:15:00Z'
      },
      {
        number: 2,
        title: 'Add --json output to `widgets list`',
        body: 'Scripts need machine-readable output. Something like `widgets list --json`.',
        labels: ['enhancement'],
        state: 'open',
        type: 'Feature',
        user: { login: 'bob-ops', type: 'User' },
        created_at: '2025-02-20T16:40:00Z'
      },
      {
        number: 3,
        title: 'Crash on startup when ~/.widgets.yml does not exist',
        body: 'Running any command without a config file throws a TypeError in loadConfig.',
        labels: ['bug', 'area: cli', 'kind/crash'],
        state: 'closed',
        state_reason: 'completed',
        type: 'Bug',
        user: { login: 'carol-qa', type: 'User' },
        created_at: '2024-11-05T11:00:00Z',
        updated_at: '2024-11-09T08:30:00Z',
        author_association: 'MEMBER'
      },
      {
        number: 4,
        title: 'docs: fix typo in installation guide',
        body: 'Fixes "intall" → "install".',
        labels: ['documentation'],
        state: 'open',
        pull_request: true,
        user: { login: 'dan-docs', type: 'User' },
        created_at: '2025-03-01T12:00:00Z',
        author_association: 'CONTRIBUTOR'
      },
      {
        number: 5,
        title: 'How do I point widgets at a proxy?',
        body: null,
        labels: ['question'],
        state: 'open',
        user: { login: 'erin-new', type: 'User' },
        created_at: '2025-03-03T07:05:00Z',
        comments: [
          {
            body: 'Try HTTPS_PROXY; we should document it.',
            user: 'maintainer-mia',
            created_at: '2025-03-03T10:00:00Z'
          }
        ]
      },
      {
        number: 6,
        title: 'Segfault in the native renderer on ARM64',
        body: 'Core dump attached. Happens on every `widgets render` on a Raspberry Pi 5.',
        labels: ['kind/crash', 'P1 🔥'],
        state: 'open',
        user: { login: 'frank-arm', type: 'User' },
        created_at: '2025-03-04T18:22:00Z'
      },
      {
        number: 7,
        title: 'Bump undici from 6.21.0 to 6.21.1',
        body: 'Bumps undici. Release notes inside.',
        labels: [],
        state: 'open',
        user: { login: 'dependabot[bot]', type: 'Bot' },
        created_at: '2025-03-05T04:00:00Z'
      }
    ],
    events: {
      6: [
        {
          event: 'labeled',
          label: 'kind/crash',
          actor: 'maintainer-mia',
          created_at: '2025-03-04T19:00:00Z'
        },
        { event: 'labeled', label: 'P1 🔥', actor: 'maintainer-mia', created_at: '2025-03-04T19:00:05Z' }
      ]
    },
    files: {
      '.github/issue-triage.yml': 'labels:\n  exclude: [wontfix, invalid]\nmax-labels: 3\n',
      'README.md': '# widgets\n\nA command-line tool for widgets.\n'
    },
    permissions: { 'maintainer-mia': 'maintain', 'alice-dev': 'read' }
  }
}

const TOPICS = [
  ['crashes with TypeError when the config file is missing', 'Stack trace:\n```\nTypeError: undefined\n```'],
  ['Add a --json flag to the list command', 'Scripts need machine-readable output from the cli.'],
  ['Docs: the README install section is out of date', 'The documentation still says npm 6.'],
  ['How do I set the theme from the command line?', 'Question: is there a flag for this?'],
  ['Hangs forever when the network is down', 'The program hangs; no timeout.']
]

/**
 * `count` generated open, unlabelled issues numbered from `from`, for backlog runs. Their creation
 * dates (all in 2020, before the sample's) are shuffled against their numbers, so "oldest first"
 * differs from "lowest number first".
 */
export function backlogIssues(count: number, from = 1001): SeedIssue[] {
  const day = 86_400_000
  return Array.from({ length: count }, (_, i) => {
    const [title, body] = TOPICS[i % TOPICS.length]!
    return {
      number: from + i,
      title: `${title} (report ${i + 1})`,
      body: `${body}\n\nSeen in build ${from + i}.`,
      labels: [],
      state: 'open' as const,
      user: { login: `user-${i % 17}`, type: 'User' as const },
      created_at: new Date(Date.UTC(2020, 0, 1) + ((i * 37) % count) * day + i * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z')
    }
  })
}
