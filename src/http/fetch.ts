import { getProxyUrl } from '@actions/http-client'
import type { RequestInit as UndiciInit } from 'undici'

/**
 * The fetch to reach `url` with: Node's own fetch when no proxy applies (already part of the
 * runtime, so the cheapest to start), else undici through the runner's HTTPS_PROXY, honouring
 * NO_PROXY the way the Actions toolkit does — the global fetch would ignore the proxy.
 */
export function fetchFor(url: string): typeof fetch {
  const proxy = getProxyUrl(url)
  if (!proxy) return globalThis.fetch
  // undici loads only behind a proxy: most runs never need it, and it is large to compile.
  const client = import('undici').then(({ fetch, ProxyAgent }) => ({
    fetch,
    dispatcher: new ProxyAgent(proxy)
  }))
  const proxied = async (input: string | URL | Request, init?: RequestInit) => {
    const { fetch, dispatcher } = await client
    return fetch(input as string | URL, { ...(init as UndiciInit), dispatcher })
  }
  return proxied as unknown as typeof fetch
}
