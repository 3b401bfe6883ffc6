import { InputError } from '../errors.js'
import { cli } from './command.js'

try {
  process.exitCode = await cli(process.argv.slice(2))
} catch (error) {
  // Usage mistakes read as a line, never a stack trace.
  process.stderr.write(`error: ${error instanceof InputError ? error.message : String(error)}\n`)
  process.exitCode = 2
}
