import { httpFetch } from './http-fetch.js'

/**
 * The fetch to reach `url` with: fetch over Node's HTTP client when the runner sets no proxy (see
 * http-fetch.ts: undici, behind the global fetch, costs more to start than a triage's own work), else
 * undici through the runner's proxy, honouring NO_PROXY and loopback the way the Actions toolkit
 * does — the global fetch would ignore the proxy.
 */
export function fetchFor(url: string): typeof fetch {
  const names = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']
  if (!names.some((name) => process.env[name])) return httpFetch as typeof fetch
  // The toolkit's proxy rules and undici load only when a proxy is set: most runs never need them, and
  // undici is large to compile.
  const client = Promise.all([import('@actions/http-client'), import('undici')]).then(
    ([{ getProxyUrl }, { fetch, ProxyAgent }]) => {
      const proxy = getProxyUrl(url)
      return proxy ? { fetch, dispatcher: new ProxyAgent(proxy) } : null
    }
  )
  const proxied = async (input: string | URL | Request, init?: RequestInit) => {
    const through = await client
    if (!through) return httpFetch(input, init)
    return through.fetch(input as string | URL, { ...(init as object), dispatcher: through.dispatcher })
  }
  return proxied as unknown as typeof fetch
}
