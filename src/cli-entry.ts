import { cli } from './cli.js'
import { failureMessage } from './report/failure.js'

try {
  process.exitCode = await cli(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`error: ${failureMessage(error)}\n`)
  process.exitCode = 2
}
// As the action does: exit once the output is flushed, whatever retries are still waiting.
process.stdout.write('', () => process.stderr.write('', () => process.exit()))
