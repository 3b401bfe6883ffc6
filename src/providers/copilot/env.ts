import type { ByokSettings } from './open-session.js'

// What a Node program needs to run, reach the network through the runner's proxy and trust its CAs.
// Everything else in the job's environment (GITHUB_TOKEN, INPUT_API-KEY, ACTIONS_* tokens) stays out.
const PASSED = [
  'PATH',
  'HOME',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'SYSTEMROOT',
  'TEMP',
  'TMP',
  'TMPDIR',
  'RUNNER_TEMP',
  'LANG',
  'LC_ALL',
  // The runtime unpacks itself (~235 MB) under $XDG_CACHE_HOME or ~/.cache once per machine: a stable HOME
  // keeps the second call from paying for that again.
  'XDG_CACHE_HOME',
  'COPILOT_CACHE_HOME',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR'
]

/**
 * The runtime's whole environment: the few variables above from the job, the token as
 * COPILOT_GITHUB_TOKEN (GitHub's documented way for Actions tokens), auto-update and telemetry off,
 * and for bring-your-own-key the COPILOT_PROVIDER_* settings.
 */
export function runtimeEnv(
  source: NodeJS.ProcessEnv,
  token: string,
  model: string,
  byok?: ByokSettings
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of PASSED) {
    const value = source[name]
    if (value !== undefined && value !== '') env[name] = value
  }
  env.COPILOT_AUTO_UPDATE = 'false'
  // Read by the standalone server's native telemetry (the `copilot` command has a flag instead); the
  // documented per-session switch, enableSessionTelemetry: false, is set too.
  env.COPILOT_GITHUB_TELEMETRY_DISABLED = 'true'
  if (token !== '') env.COPILOT_GITHUB_TOKEN = token
  if (byok) {
    env.COPILOT_PROVIDER_BASE_URL = byok.baseUrl
    env.COPILOT_PROVIDER_API_KEY = byok.apiKey
    env.COPILOT_PROVIDER_TYPE = byok.type
    env.COPILOT_MODEL = model
    if (byok.offline) env.COPILOT_OFFLINE = 'true'
  }
  return env
}
