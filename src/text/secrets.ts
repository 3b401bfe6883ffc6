/**
 * The secrets a run knows (the GitHub token, the api-key), kept out of every text that leaves it:
 * outputs, the job summary, annotations and comments. @actions/core's setSecret masks the runner's log
 * only; a server's error text can echo a key into a message, and from there into an output.
 */
const known = new Set<string>()

/** Adds a secret; values too short to be one (empty, a placeholder) are ignored. */
export function registerSecret(value: string): void {
  if (value.length >= 8) known.add(value)
}

/**
 * `text` with every known secret, and the first 12 characters of a long one (servers echo keys
 * shortened, e.g. "sk-proj-abc…xyz"), replaced by `***`.
 */
export function redact(text: string): string {
  let out = text
  for (const secret of known) {
    out = out.split(secret).join('***')
    if (secret.length >= 24) out = out.split(secret.slice(0, 12)).join('***')
  }
  return out
}
