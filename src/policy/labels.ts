import picomatch from 'picomatch'

/** A repository label as the action sees it. */
export interface Label {
  name: string
  description: string
  id?: number
}

// Label names are flat strings, not paths: `*duplicate*` must match `kind/duplicate` and `?` any one
// character. picomatch treats `/` as a separator (a star, even with `bash: true`, a `?` or a leading
// `./` all stop at it), so slashes are swapped for a character no label name holds, on both sides
// (not NUL, which picomatch drops from patterns).
const SLASH = '\u0001'
const flat = (text: string) => text.normalize('NFC').replaceAll('/', SLASH)

/**
 * The key two spellings of one label (or type) name share: GitHub matches names without case, and
 * "café" may come composed from the repository and decomposed from a model or a YAML file (NFC).
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

/**
 * Compiles allow/deny globs into a predicate over label names, matched as flat strings (a `*` also
 * spans `/`). A pattern also matches its exact name, case-insensitively.
 */
export function globMatcher(patterns: string[]): (name: string) => boolean {
  if (patterns.includes('*')) return () => true
  const exact = new Set(patterns.map(nameKey))
  const globs = patterns
    .filter((p) => /[*?[\]{}!]/.test(p))
    .map((p) => picomatch(flat(p), { nocase: true, dot: true }))
  return (name) => exact.has(nameKey(name)) || globs.some((m) => m(flat(name)))
}

/**
 * The labels the model may choose from: the repository's labels that the `labels` globs allow and
 * the `exclude-labels` globs do not. Nothing outside this set can ever be applied.
 */
export function allowedLabels(repoLabels: Label[], allow: string[], exclude: string[]): Label[] {
  const allowed = globMatcher(allow)
  const excluded = exclude.length > 0 ? globMatcher(exclude) : () => false
  return repoLabels.filter((l) => allowed(l.name) && !excluded(l.name))
}

/**
 * Finds the repository's spelling of a label name the model returned: the same characters (in either
 * Unicode form), then the same up to case.
 */
export function canonicalLabel(name: string, labels: Label[]): Label | undefined {
  const trimmed = name.trim().normalize('NFC')
  const key = nameKey(trimmed)
  return (
    labels.find((l) => l.name.normalize('NFC') === trimmed) ?? labels.find((l) => nameKey(l.name) === key)
  )
}

/** True when `names` (an issue's labels) include `label`; GitHub matches label names without case. */
export function hasLabel(names: string[], label: string): boolean {
  const key = nameKey(label)
  return names.some((n) => nameKey(n) === key)
}
