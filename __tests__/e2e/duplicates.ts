/** What the duplicate-detection end-to-end tests share: a repository with an original, and a model that claims it. */
import type { RepoSeed } from '../emulators/github/index.js'
import type { ChatRequest } from '../emulators/openai/types.js'
import type { World } from './fixtures.js'

/** The duplicate numbers the model was offered, read from the schema it was sent. */
export function offered(req: ChatRequest | unknown): number[] {
  const schema = (req as ChatRequest).response_format?.json_schema?.schema as {
    properties?: { duplicates?: { items?: { properties?: { number?: { enum?: number[] } } } } }
  }
  return schema?.properties?.duplicates?.items?.properties?.number?.enum ?? []
}

/**
 * A model that calls the issue a duplicate of each of `claims` (shown or not), and labels it bug (or
 * `labels`, with `type`).
 */
export const claiming =
  (claims: { number: number; confidence?: number }[], labels = ['bug'], type: string | null = null) =>
  (req: ChatRequest): string =>
    JSON.stringify({
      labels: labels.map((name) => ({ name, rationale: 'a crash', confidence: 0.9 })),
      type: type ? { name: type, rationale: 'it is one', confidence: 0.9 } : null,
      duplicates: claims.map((c) => ({
        number: c.number,
        confidence: c.confidence ?? 0.93,
        reason: 'Same TypeError in loadConfig when the config file is missing @octocat https://evil.example'
      })),
      summary: `offered ${offered(req).join(',')}`
    })

export const ORIGINAL = 8

/** The sample repository plus an open original of issue #1, a newer look-alike and the duplicate label. */
export function withOriginal(seed: RepoSeed): void {
  seed.labels.push({ name: 'possible-duplicate', description: 'Likely duplicate', color: 'cfd3d7' })
  seed.issues.push(
    {
      number: ORIGINAL,
      title: "TypeError reading 'theme' in loadConfig when ~/.widgets.yml is missing",
      body: '`widgets list` crashes in loadConfig (cli.js:42) without a config file.',
      labels: [],
      state: 'open',
      user: { login: 'gina-early', type: 'User' },
      created_at: '2025-01-10T08:00:00Z'
    },
    {
      number: 9,
      title: 'widgets list crashes with TypeError in loadConfig, config missing',
      body: 'Same TypeError in loadConfig.',
      labels: [],
      state: 'open',
      user: { login: 'hank-late', type: 'User' },
      created_at: '2025-04-01T08:00:00Z'
    }
  )
}

export const comments = (w: World, n: number) => w.github.issue(n).comments

/** The body of a comment the action wrote with `verdict`, as an earlier (or overlapping) run leaves it. */
export function markerBody(verdict: number[], since: string, hash = '0123456789abcdef'): string {
  const marker = { v: 1, hash, verdict, rejected: [], status: 'found', since }
  return `<!-- issue-triage:duplicates ${JSON.stringify(marker)} -->\nThis issue looks like a duplicate of an earlier one:\n\n${verdict.map((n) => `- #${n}: TypeError`).join('\n')}`
}
