/**
 * Runs the model emulator with the scripted triage responder until SIGTERM or SIGINT, for CI and demos:
 *
 *   node --import tsx __tests__/emulators/openai/cli.ts
 *
 * Prints one JSON line, `{"modelUrl":"http://127.0.0.1:PORT/v1"}`, once it is listening. Set
 * MODEL_EMULATOR_API_KEY to accept only that key, MODEL_EMULATOR_MAX_PROMPT_TOKENS to answer 413 above
 * that many prompt tokens.
 */
import { startModelEmulator, type ModelEmulatorOptions } from './server.js'

const options: ModelEmulatorOptions = {}
const apiKey = process.env.MODEL_EMULATOR_API_KEY
if (apiKey) options.apiKey = apiKey
const maxPromptTokens = Number(process.env.MODEL_EMULATOR_MAX_PROMPT_TOKENS)
if (Number.isInteger(maxPromptTokens) && maxPromptTokens > 0) options.maxPromptTokens = maxPromptTokens

const emulator = await startModelEmulator(options)
process.stdout.write(`${JSON.stringify({ modelUrl: emulator.url })}\n`)

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
