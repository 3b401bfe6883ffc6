import { HttpClient } from '@actions/http-client'
import { fetch as undiciFetch } from 'undici'

/**
 * The fetch for requests to `url` from clients the toolkit does not build (the openai SDK): undefined
 * (the client's own fetch) without a proxy, else undici through the proxy the runner sets, by the
 * toolkit's rules (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), as `getOctokit` does for GitHub.
 */
export function fetchFor(url: string): typeof fetch | undefined {
  const dispatcher = new HttpClient().getAgentDispatcher(url)
  if (!dispatcher) return undefined
  const proxied = (input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })
  return proxied as unknown as typeof fetch
}
