import { writeMarker, type DuplicateMarker } from '../gather/marker.js'
import type { DuplicateChoice } from '../policy/duplicates.js'
import { escapeMarkdown } from '../text/hygiene.js'

/** What the comment shows next to each number: the title as GitHub has it, and the model's reason. */
export interface Original {
  choice: DuplicateChoice
  title: string
}

export interface CommentWording {
  /** Maintainers' words from the config file, shown escaped like everything else. */
  intro: string
  footer: string
  label: string
  closeAfterDays: number | undefined
}

/** Why the verdict was withdrawn or ended, for the comment's wording. */
export type Ending =
  | { kind: 'cleared'; previous: number[] }
  | { kind: 'appealed'; previous: number[]; by: 'author' | 'maintainer'; how: 'comment' | 'reaction' }
  | { kind: 'closed'; original: number; days: number }

const list = (numbers: number[]) => numbers.map((n) => `#${n}`).join(', ')

// Numbers are rendered by us as `#N`, which GitHub links to this repository's issue N; every piece of
// text from the model, an issue title or the config is escaped (no mentions, links, HTML or markup).
function item(o: Original): string {
  const reason = o.choice.reason ? ` — ${escapeMarkdown(o.choice.reason, 200)}` : ''
  return `- #${o.choice.number}: ${escapeMarkdown(o.title, 120)}${reason}`
}

function closing(wording: CommentWording): string {
  if (wording.closeAfterDays === undefined) return ''
  const days = wording.closeAfterDays === 1 ? '1 day' : `${wording.closeAfterDays} days`
  return ` If nobody objects, this issue will be closed as a duplicate after ${days}.`
}

/** The comment listing likely duplicates, starting with its hidden marker. */
export function renderFound(marker: DuplicateMarker, originals: Original[], wording: CommentWording): string {
  const intro = wording.intro.trim()
    ? escapeMarkdown(wording.intro, 500)
    : originals.length === 1
      ? 'This issue looks like a duplicate of an earlier one:'
      : 'This issue looks like a duplicate of earlier ones:'
  return [
    writeMarker(marker),
    intro,
    '',
    ...originals.map(item),
    '',
    `If one of these is your problem, please follow it there; the \`${escapeMarkdown(wording.label, 50)}\` label marks this issue until a maintainer decides. If it is not, comment \`/not-duplicate\` (the author or a maintainer) or react with 👎 to this comment, and it will not be suggested again.${closing(wording)}`,
    ...footer(wording)
  ].join('\n')
}

/** The comment once the verdict no longer stands: it says why instead of vanishing. */
export function renderEnded(marker: DuplicateMarker, ending: Ending, wording: CommentWording): string {
  let text: string
  if (ending.kind === 'cleared') {
    text = `This issue looked like a duplicate of ${list(ending.previous)}. After its latest changes it no longer does, so the suggestion is withdrawn.`
  } else if (ending.kind === 'appealed') {
    const who = ending.by === 'author' ? "the issue's author" : 'a maintainer'
    const how = ending.how === 'comment' ? 'with /not-duplicate' : 'with 👎'
    text = `Marked as not a duplicate of ${list(ending.previous)} by ${who} (${how}). ${ending.previous.length === 1 ? 'It' : 'They'} will not be suggested again for this issue.`
  } else {
    text = `Closed as a duplicate of #${ending.original}: nobody objected within ${ending.days} day${ending.days === 1 ? '' : 's'}. If this is wrong, reopen the issue or comment \`/not-duplicate\`.`
  }
  return [writeMarker(marker), text, ...footer(wording)].join('\n')
}

function footer(wording: CommentWording): string[] {
  const lines = ['', '_Found by automated issue triage._']
  if (wording.footer.trim()) lines.splice(1, 0, escapeMarkdown(wording.footer, 500))
  return lines
}
