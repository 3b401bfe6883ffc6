import { cli } from './cli.js'
import { exitWhenFlushed } from './exit.js'
import { failureMessage } from './report/failure.js'

try {
  process.exitCode = await cli(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`error: ${failureMessage(error)}\n`)
  process.exitCode = 2
}
exitWhenFlushed()
