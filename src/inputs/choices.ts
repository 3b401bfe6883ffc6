/** The values the `provider` and `mode` inputs (and the config file) accept. */
export const PROVIDERS = ['auto', 'copilot', 'openai', 'github-models'] as const
export const MODES = ['apply', 'suggest', 'dry-run'] as const

export type Provider = Exclude<(typeof PROVIDERS)[number], 'auto'>
export type Mode = (typeof MODES)[number]
