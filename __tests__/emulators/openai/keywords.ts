/** A candidate (label, type, …) the issue text points at, and how strongly. */
export interface Match {
  value: unknown
  /** 0..1; doubles as the answer's confidence. */
  strength: number
  reason: string
}

/**
 * Themes a reporter signals without naming the label: "it crashes" means a bug even in a repository
 * whose label is `kind/bug`. A candidate belongs to a theme when one of its words is in `names`.
 */
const themes = [
  {
    theme: 'a bug',
    names: ['bug', 'defect', 'regression'],
    cues: ['crash', 'crashes', 'crashed', 'crashing', 'panic', 'panics', 'error', 'errors', 'exception']
      .concat(['broken', 'fails', 'failing', 'failed', 'bug', 'regression', 'traceback', 'stack trace'])
      .concat(['segfault'])
  },
  {
    theme: 'documentation',
    names: ['doc', 'docs', 'documentation'],
    cues: ['docs', 'documentation', 'readme', 'typo']
  },
  {
    theme: 'a feature request',
    names: ['enhancement', 'feature', 'features'],
    cues: ['feature', 'add support', 'would be nice', 'would be great', 'enhancement', 'proposal']
  },
  {
    theme: 'a question',
    names: ['question', 'questions'],
    cues: ['?', 'how do i', 'how can i', 'how to', 'question']
  }
]

// Words too common in label names to mean anything when they show up in an issue.
const weakWords = new Set(
  ['the', 'and', 'for', 'with', 'not', 'new', 'good', 'first', 'issue', 'issues', 'help', 'wanted', 'needs']
    .concat(['need', 'type', 'kind', 'area', 'status', 'priority', 'triage', 'info', 'more', 'fix', 'won'])
    .concat(['this', 'that', 'from', 'has', 'have', 'are', 'was', 'will'])
)

const strength = { name: 0.9, theme: 0.8, word: 0.6 }

/** Lower-case words of a text or label name, any script, punctuation and emoji dropped. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

function mentions(text: string, cue: string): boolean {
  if (!/^[\p{L}\p{N} ]+$/u.test(cue)) return text.includes(cue)
  const escaped = cue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text)
}

interface IssueText {
  /** Lower-cased, for cues that include punctuation ("?"). */
  raw: string
  /** Its words joined by single spaces, padded with a space each side, for whole-phrase lookups. */
  spaced: string
  words: Set<string>
}

function matchOne(value: unknown, issue: IssueText): Match | undefined {
  const words = wordsOf(String(value))
  if (words.length === 0) return undefined
  const phrase = words.join(' ')
  if (issue.spaced.includes(` ${phrase} `)) {
    return { value, strength: strength.name, reason: `The issue names "${phrase}".` }
  }
  for (const { theme, names, cues } of themes) {
    if (!words.some((word) => names.includes(word))) continue
    const cue = cues.find((c) => mentions(issue.raw, c))
    if (cue !== undefined) {
      return {
        value,
        strength: strength.theme,
        reason: `The issue mentions "${cue}", which suggests ${theme}.`
      }
    }
  }
  const word = words.find((w) => w.length >= 3 && !weakWords.has(w) && !/^\d+$/.test(w) && issue.words.has(w))
  if (word !== undefined) return { value, strength: strength.word, reason: `The issue mentions "${word}".` }
  return undefined
}

/**
 * The candidates the issue text points at, strongest first; ties keep the candidates' order, so the
 * answer is the same on every run.
 */
export function rankCandidates(candidates: readonly unknown[], issueText: string): Match[] {
  const words = wordsOf(issueText)
  const issue = { raw: issueText.toLowerCase(), spaced: ` ${words.join(' ')} `, words: new Set(words) }
  const matches: Match[] = []
  for (const value of new Set(candidates)) {
    const match = matchOne(value, issue)
    if (match !== undefined) matches.push(match)
  }
  return matches.sort((a, b) => b.strength - a.strength)
}
