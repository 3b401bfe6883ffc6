/**
 * Text hygiene shared by decide (untrusted text going into a prompt) and act/report (model text
 * going into comments, summaries and logs). Kept below both stages so neither trusts the other.
 */

// Bidi overrides and zero-width characters can hide instructions from a human reviewer while the
// model still reads them; C0/C1 controls can corrupt logs.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g

/** Removes characters that are invisible or control codes, keeping newlines and tabs. */
export function stripInvisible(text: string): string {
  return text.replace(CONTROL, '').replace(INVISIBLE, '')
}

/**
 * Prepares untrusted issue text to sit between `<issue>` delimiters in a prompt: invisible
 * characters removed, HTML comments (issue-template boilerplate) dropped, and anything that looks
 * like our delimiters defused so the text cannot close the data block and speak as instructions.
 */
export function neutralizeForPrompt(text: string): string {
  return stripInvisible(text)
    .replace(/\r\n?/g, '\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\s*(\/?)\s*(issue|labels|issue_types|instructions|system|candidates?)\b[^>]*>/gi, '[$1$2]')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** Cuts text to at most `max` characters (by code point), marking the cut. */
export function bound(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…'
}

/**
 * Makes model or user text safe to show inside Markdown we render (job summary, comments):
 * one line, no HTML, no mentions that would notify, no autolinks to outside sites, bounded.
 */
export function escapeMarkdown(text: string, max = 300): string {
  const oneLine = stripInvisible(text).replace(/\s+/g, ' ').trim()
  return (
    bound(oneLine, max)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
      .replace(/@(?=[A-Za-z0-9-])/g, '@\u200B')
      // Issue references would cross-link (and notify) other issues: only our own `#N` may link.
      .replace(/\\#(?=\d)/g, '#\u200B')
      .replace(/\bGH-(?=\d)/gi, (m) => `${m}\u200B`)
      .replace(/(https?|ftp):\/\//gi, '$1\u200B://')
      .replace(/\bwww\./gi, 'www\u200B.')
  )
}

/** Makes text safe for a single log line or annotation: no control characters, no newlines. */
export function forLog(text: string, max = 500): string {
  return bound(stripInvisible(text).replace(/\s+/g, ' ').trim(), max)
}
