import { HttpClient } from '@actions/http-client'
import { fetch as undiciFetch } from 'undici'

/**
 * The fetch for clients the toolkit does not build (the openai SDK): undici, the HTTP client
 * `@actions/github`'s Octokit already uses (so a run loads one HTTP stack, not that and Node's own),
 * through the proxy the runner sets when there is one, by the toolkit's rules (HTTPS_PROXY,
 * HTTP_PROXY, NO_PROXY), as `getOctokit` does for GitHub.
 */
export function fetchFor(url: string): typeof fetch {
  const dispatcher = new HttpClient().getAgentDispatcher(url)
  const through = (input: string | URL, init?: RequestInit) =>
    undiciFetch(input, dispatcher ? { ...(init as object), dispatcher } : (init as object))
  return through as unknown as typeof fetch
}
