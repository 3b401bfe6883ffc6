import { exitWhenFlushed } from './exit.js'
import { run } from './main.js'

await run()
exitWhenFlushed()
