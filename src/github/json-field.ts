const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const OPEN = new Set([0x7b, 0x5b]) // { [
const CLOSE = new Set([0x7d, 0x5d]) // } ]

/**
 * The JSON text of one top-level member of a JSON object, found by scanning its UTF-8 bytes instead of
 * parsing the whole document: an issue answered by GitHub carries its body, up to a megabyte, and a
 * caller that needs only its `type` would otherwise decode and parse all of it. Undefined when the
 * object has no such member (or the bytes are not a JSON object). Keys are compared as written; GitHub
 * never escapes characters in its keys.
 */
export function topLevelMember(bytes: Uint8Array, key: string): string | undefined {
  const wanted = new TextEncoder().encode(JSON.stringify(key))
  let depth = 0
  let i = 0
  // Skip leading whitespace; anything but an object has no members.
  while (i < bytes.length && bytes[i]! <= 0x20) i++
  if (bytes[i] !== 0x7b) return undefined
  let expectKey = false
  let valueStart = -1
  for (; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === QUOTE) {
      const start = i
      i = closingQuote(bytes, i)
      if (depth === 1 && expectKey) {
        expectKey = false
        let same = i + 1 - start === wanted.length
        for (let k = 0; same && k < wanted.length; k++) same = bytes[start + k] === wanted[k]
        if (same) {
          let j = i + 1
          while (j < bytes.length && bytes[j] !== COLON) j++
          valueStart = j + 1
        }
      }
      continue
    }
    if (OPEN.has(b)) {
      depth++
      if (depth === 1) expectKey = true
    } else if (CLOSE.has(b)) {
      depth--
      if (depth === 0) return valueStart >= 0 ? text(bytes, valueStart, i) : undefined
    } else if (b === COMMA && depth === 1) {
      if (valueStart >= 0) return text(bytes, valueStart, i)
      expectKey = true
    }
  }
  return undefined
}

// The quote that ends the string opened at `open` (the length when there is none): the next quote not
// escaped by an odd run of backslashes. indexOf finds candidates natively; a body is mostly one string.
function closingQuote(bytes: Uint8Array, open: number): number {
  for (let at = open + 1; ; at++) {
    at = bytes.indexOf(QUOTE, at)
    if (at < 0) return bytes.length
    let backslashes = 0
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return at
  }
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end)).trim()
}
