/** The values the `provider` and `mode` inputs (and the config file) accept. */
export const PROVIDERS = ['auto', 'copilot', 'openai', 'github-models', 'history'] as const
/** What `fallback-provider` accepts: a provider that needs no endpoint, used when the chosen one refuses. */
export const FALLBACK_PROVIDERS = ['none', 'history'] as const
export const MODES = ['apply', 'suggest', 'dry-run'] as const
/** What `mode` accepts: the modes above, and `backtest`, which runs as dry-run and replays history. */
export const MODE_INPUTS = [...MODES, 'backtest'] as const

export type Provider = Exclude<(typeof PROVIDERS)[number], 'auto'>
export type Mode = (typeof MODES)[number]
