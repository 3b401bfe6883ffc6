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
const flat = (text: string) => text.replaceAll('/', SLASH)

/**
 * Compiles allow/deny globs into a predicate over label names, matched as flat strings (a `*` also
 * spans `/`). A pattern also matches its exact name, case-insensitively.
 */
export function globMatcher(patterns: string[]): (name: string) => boolean {
  if (patterns.includes('*')) return () => true
  const exact = new Set(patterns.map((p) => p.toLowerCase()))
  const globs = patterns
    .filter((p) => /[*?[\]{}!]/.test(p))
    .map((p) => picomatch(flat(p), { nocase: true, dot: true }))
  return (name) => exact.has(name.toLowerCase()) || globs.some((m) => m(flat(name)))
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

/** Finds the repository's spelling of a label name the model returned (exact, then case-insensitive). */
export function canonicalLabel(name: string, labels: Label[]): Label | undefined {
  const trimmed = name.trim()
  return (
    labels.find((l) => l.name === trimmed) ??
    labels.find((l) => l.name.toLowerCase() === trimmed.toLowerCase())
  )
}

/** True when `names` (an issue's labels) include `label`; GitHub matches label names without case. */
export function hasLabel(names: string[], label: string): boolean {
  const key = label.toLowerCase()
  return names.some((n) => n.toLowerCase() === key)
}
