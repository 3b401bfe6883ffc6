import type { Options } from '../inputs/options.js'
import { OpenAIProvider } from './openai.js'
import type { RetryPolicy } from './retry.js'
import type { ModelProvider } from './types.js'

export type { ModelProvider, ModelReply, ModelRequest } from './types.js'
export { ProviderError } from './types.js'

/** Builds the provider the options name. The provider gets only its own credential, never the REST token's write role. */
export function createProvider(
  options: Pick<Options, 'provider' | 'endpoint' | 'apiKey' | 'model'>,
  extra: { retry?: RetryPolicy; onWait?: (seconds: number, why: string) => void } = {}
): ModelProvider {
  switch (options.provider) {
    case 'openai':
    case 'github-models':
      return new OpenAIProvider({
        name: options.provider,
        endpoint: options.endpoint,
        apiKey: options.apiKey,
        model: options.model,
        ...extra
      })
  }
}
