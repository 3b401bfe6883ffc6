import { run } from './main.js'

await run()
// Everything the run reports is written by now. Work it started and no longer needs (the early
// duplicate searches, retrying with waits of seconds after GitHub failed the run) must not hold
// the job open: exit once what went to stdout is flushed.
process.stdout.write('', () => process.exit())
