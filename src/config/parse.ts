import { LineCounter, parseDocument, isNode } from 'yaml'
import { InputError } from '../errors.js'
import { configSchema, type TriageConfig } from './schema.js'

const SECRET_KEYS = ['api-key', 'token', 'apiKey', 'api_key']

/**
 * Parses and validates the config file's text. Errors name the file, the line and the field, and
 * say what is allowed.
 */
export function parseConfig(text: string, path: string): TriageConfig {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const at = lines.linePos(e.pos[0])
    throw new InputError(`${path} line ${at.line}: not valid YAML (${e.message.split('\n')[0]}).`)
  }
  const value: unknown = doc.toJS() ?? {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${path}: expected a mapping of settings such as "max-labels: 3".`)
  }
  for (const key of SECRET_KEYS) {
    if (key in (value as object)) {
      throw new InputError(
        `${path}: "${key}" must not be in a committed file; pass it as an input from a secret.`
      )
    }
  }
  const parsed = configSchema.safeParse(value)
  if (!parsed.success) {
    // An unknown key (a typo) explains the other errors it causes, so it is reported first.
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!
    const field = issue.path.join('.')
    // Point at the offending node, or its parent when the key itself is unknown.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
    const nodePath = keys.length > 0 ? [...issue.path, keys[0]!] : issue.path
    const node =
      doc.getIn(nodePath as (string | number)[], true) ?? doc.getIn(issue.path as (string | number)[], true)
    const line = isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined
    const where = line ? `${path} line ${line}` : path
    const what =
      keys.length > 0 ? `unknown setting "${keys.join('", "')}"` : `${field || 'file'}: ${issue.message}`
    throw new InputError(`${where}: ${what}. See triage.schema.json for every setting.`)
  }
  return parsed.data
}
