// Placeholder until the store lands: the interface the classifier is kept through.
/** Where trained models are kept between runs. */
export interface ModelStore {
  readonly kind: 'actions-cache' | 'directory'
  restore(key: string, prefixes: string[]): Promise<{ key: string; text: string } | undefined>
  save(key: string, text: string): Promise<string | undefined>
}

/** Placeholder: stores nothing. */
export function defaultStore(): ModelStore {
  return { kind: 'directory', restore: async () => undefined, save: async () => 'not stored' }
}
