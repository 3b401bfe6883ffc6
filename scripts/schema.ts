/** Writes triage.schema.json from the zod definition the action validates the config file with. */
import { writeFileSync } from 'node:fs'
import { configJsonSchema } from '../src/config/schema.js'

writeFileSync(
  new URL('../triage.schema.json', import.meta.url),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`
)
