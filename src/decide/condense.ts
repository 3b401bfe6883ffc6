import { bound } from '../text/hygiene.js'

/**
 * Shrinks a long issue body to a character budget while keeping what triage needs most:
 * issue-form fields (### headings), version lines, and the head and tail of stack traces and logs.
 * Works in characters; the caller converts its token budget with a measured ratio.
 */
export function condenseBody(body: string, maxChars: number): { text: string; condensed: boolean } {
  if (body.length <= maxChars) return { text: body, condensed: false }
  let sections = splitSections(body).map((s) => ({ ...s, lines: squeezeBlocks(s.lines) }))
  let text = render(sections)
  if (text.length <= maxChars) return { text, condensed: true }
  // Very long single lines (minified logs, pasted JSON) give way before whole sections do.
  const squeezed = sections
  let longest = sections.reduce((m, s) => s.lines.reduce((n, l) => Math.max(n, l.length), m), 0)
  while (text.length > maxChars && longest > 500) {
    longest = Math.max(500, Math.floor(longest * 0.7))
    sections = squeezed.map((s) => ({ ...s, lines: s.lines.map((l) => trimLine(l, longest)) }))
    text = render(sections)
  }
  if (text.length <= maxChars) return { text, condensed: true }

  const versions = versionLines(body)
  const versionBlock = versions.length > 0 ? `\n\n[versions mentioned]\n${versions.join('\n')}` : ''
  const room = Math.max(0, maxChars - versionBlock.length)
  const shares = fairShares(
    sections.map((s) => s.lines.join('\n').length + s.heading.length + 2),
    room
  )
  text = sections
    .map((s, i) => {
      const share = (shares[i] ?? 0) - s.heading.length - 2
      const content = s.lines.join('\n')
      return (
        (s.heading ? s.heading + '\n' : '') + (content.length <= share ? content : headTail(s.lines, share))
      )
    })
    .join('\n\n')
  text = (text + versionBlock).trim()
  if (text.length > maxChars) text = headTailChars(text, maxChars)
  return { text, condensed: true }
}

interface Section {
  heading: string
  lines: string[]
}

// Issue forms render each field as "### Field name" followed by the answer.
function splitSections(body: string): Section[] {
  const sections: Section[] = [{ heading: '', lines: [] }]
  let inFence = false
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence
    if (!inFence && /^#{1,6}\s+\S/.test(line)) {
      sections.push({ heading: bound(line.trim(), 200), lines: [] })
    } else {
      sections[sections.length - 1]!.lines.push(line)
    }
  }
  return sections.filter((s) => s.heading || s.lines.some((l) => l.trim()))
}

function trimLine(line: string, max: number): string {
  if (line.length <= max) return line
  const head = Math.floor(max * 0.7)
  return `${line.slice(0, head)} … ${line.slice(line.length - (max - head - 3))}`
}

const TRACE_LINE = /^\s*(at\s|\d+:\s|File "|#\d+\s|\S+\.(rs|go|py|js|ts|java|c|cpp|kt|swift):\d+)/

// Long fenced blocks and runs of stack-trace lines keep their first and last lines: the error
// message and the innermost frames are at the ends.
function squeezeBlocks(lines: string[]): string[] {
  const out: string[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (/^\s*(```|~~~)/.test(line)) {
      let j = i + 1
      while (j < lines.length && !/^\s*(```|~~~)/.test(lines[j]!)) j++
      out.push(line, ...squeezeRun(lines.slice(i + 1, j), 12, 8))
      if (j < lines.length) out.push(lines[j]!)
      i = j + 1
    } else if (TRACE_LINE.test(line)) {
      let j = i
      while (j < lines.length && TRACE_LINE.test(lines[j]!)) j++
      out.push(...squeezeRun(lines.slice(i, j), 8, 5))
      i = Math.max(j, i + 1)
    } else {
      out.push(line)
      i++
    }
  }
  return out
}

function squeezeRun(run: string[], head: number, tail: number): string[] {
  if (run.length <= head + tail + 2) return run
  return [...run.slice(0, head), `[… ${run.length - head - tail} lines omitted …]`, ...run.slice(-tail)]
}

const VERSION_LINE =
  /\b(version|v?\d+\.\d+\.\d+|os|platform|browser|node|python|rustc|go\d|kernel|windows|macos|ubuntu|debian)\b/i

function versionLines(body: string): string[] {
  const seen = new Set<string>()
  for (const line of body.split('\n')) {
    const t = line.trim()
    if (t.length > 0 && t.length <= 160 && VERSION_LINE.test(t) && /\d/.test(t) && !TRACE_LINE.test(t))
      seen.add(t)
    if (seen.size >= 8) break
  }
  return [...seen]
}

/** Splits `room` among items of the given sizes: small items keep all, the rest share evenly. */
export function fairShares(sizes: number[], room: number): number[] {
  const shares = new Array<number>(sizes.length).fill(0)
  let left = room
  let open = sizes.map((_, i) => i)
  while (open.length > 0) {
    const fair = Math.floor(left / open.length)
    const small = open.filter((i) => sizes[i]! <= fair)
    if (small.length === 0) {
      for (const i of open) shares[i] = fair
      break
    }
    for (const i of small) {
      shares[i] = sizes[i]!
      left -= sizes[i]!
    }
    open = open.filter((i) => sizes[i]! > fair)
  }
  return shares
}

function headTail(lines: string[], maxChars: number): string {
  if (maxChars <= 40) return '[… omitted …]'
  const headRoom = Math.floor(maxChars * 0.65)
  const tailRoom = maxChars - headRoom - 30
  const head: string[] = []
  let used = 0
  let i = 0
  for (; i < lines.length && used + lines[i]!.length + 1 <= headRoom; i++) {
    head.push(lines[i]!)
    used += lines[i]!.length + 1
  }
  const tail: string[] = []
  used = 0
  let j = lines.length - 1
  for (; j >= i && used + lines[j]!.length + 1 <= tailRoom; j--) {
    tail.unshift(lines[j]!)
    used += lines[j]!.length + 1
  }
  const omitted = j - i + 1
  if (head.length === 0 && tail.length === 0) return headTailChars(lines.join('\n'), maxChars)
  return [...head, `[… ${omitted} lines omitted …]`, ...tail].join('\n')
}

function headTailChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  const marker = '\n[… omitted …]\n'
  const room = Math.max(0, maxChars - marker.length)
  const head = Math.floor(room * 0.7)
  return text.slice(0, head) + marker + text.slice(text.length - (room - head))
}

function render(sections: Section[]): string {
  return sections.map((s) => (s.heading ? `${s.heading}\n` : '') + s.lines.join('\n')).join('\n\n')
}

/**
 * Cheaply cuts a huge body (GitHub allows 65,536 characters; other sources may send more) to
 * `maxChars` before the costlier cleaning and condensing: head and tail kept, plus from the middle
 * the section headings, version lines and both ends of code blocks (a trace's innermost frames).
 */
export function precut(body: string, maxChars: number): string {
  if (body.length <= maxChars) return body
  const head = body.slice(0, Math.floor(maxChars * 0.55))
  const tail = body.slice(body.length - Math.floor(maxChars * 0.2))
  const lines = body.slice(head.length, body.length - tail.length).split('\n')
  const keep = new Set<number>()
  let inFence = /^\s*(```|~~~)/m.test(head) && (head.match(/^\s*(```|~~~)/gm)?.length ?? 0) % 2 === 1
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) {
      const from = inFence ? Math.max(0, i - 6) : i
      const to = inFence ? i : Math.min(lines.length - 1, i + 3)
      for (let j = from; j <= to; j++) keep.add(j)
      inFence = !inFence
    } else if (
      line.length <= 200 &&
      (/^#{1,6}\s+\S/.test(line) || (VERSION_LINE.test(line) && /\d/.test(line)))
    ) {
      keep.add(i)
    }
  })
  let room = Math.floor(maxChars * 0.25)
  const kept: string[] = []
  for (const i of [...keep].sort((a, b) => a - b)) {
    const line = lines[i]!.slice(0, 300)
    if (line.length + 1 > room) break
    kept.push(line)
    room -= line.length + 1
  }
  return `${head}\n[… middle of a very long body omitted …]\n${kept.join('\n')}\n${tail}`
}
