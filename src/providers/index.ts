import type { Options } from '../inputs/options.js'
import type { RetryPolicy } from './retry.js'
import type { ModelProvider } from './types.js'

export type { ModelProvider, ModelReply, ModelRequest } from './types.js'
export { ProviderError } from './types.js'

/**
 * Builds the provider the options name. Providers get only their own credential: an API key, or
 * for copilot the workflow token, which goes to the Copilot runtime alone. Each provider's code (and
 * its SDK) loads only when chosen, so other runs do not pay for it.
 */
export async function createProvider(
  options: Pick<Options, 'provider' | 'endpoint' | 'apiKey' | 'model' | 'token' | 'maxAiCredits'> &
    Partial<Pick<Options, 'temperature' | 'topP' | 'modelRpm'>>,
  extra: { retry?: RetryPolicy; onWait?: (seconds: number, why: string) => void } = {}
): Promise<ModelProvider> {
  switch (options.provider) {
    case 'copilot': {
      const { createCopilotProvider } = await import('./copilot/index.js')
      return createCopilotProvider({
        model: options.model,
        token: options.token,
        ...(options.maxAiCredits === undefined ? {} : { maxCredits: options.maxAiCredits }),
        ...(options.modelRpm === undefined ? {} : { requestsPerMinute: options.modelRpm })
      })
    }
    case 'openai':
    case 'github-models': {
      // Loaded on demand like copilot: the SDK is a third of the bundle, and compiling it while the
      // first GitHub reads are in flight costs less than compiling it before they are sent.
      const { OpenAIProvider } = await import('./openai.js')
      return new OpenAIProvider({
        name: options.provider,
        endpoint: options.endpoint,
        apiKey: options.apiKey,
        model: options.model,
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(options.topP === undefined ? {} : { topP: options.topP }),
        ...(options.modelRpm === undefined ? {} : { requestsPerMinute: options.modelRpm }),
        ...extra
      })
    }
    case 'history':
      // Not a model: triage.ts decides with the classifier from the run's context instead.
      throw new Error('provider "history" calls no model; its decisions come from src/history')
  }
}
