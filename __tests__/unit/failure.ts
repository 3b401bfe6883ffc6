import { ProviderError } from '../../src/providers/types.js'

/** Awaits a promise that must reject with a classified ProviderError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ProviderError) return error
    throw error
  }
  throw new Error('expected a ProviderError')
}
