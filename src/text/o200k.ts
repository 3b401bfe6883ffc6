import { readFile } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * An exact token counter for OpenAI's o200k_base encoding (gpt-4o, gpt-4.1, gpt-5 families). The
 * vocabulary ships as a ready-made hash table (o200k.bin, written by scripts/o200k.ts) that is mapped
 * without parsing: a few milliseconds, where tokenizer packages take ~400 ms to load, a cost every
 * run with a large issue or label set would pay. Tests compare every count with gpt-tokenizer.
 */

// The o200k pre-tokenizer, as published with the encoding.
const CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`
export const SPLIT = new RegExp(
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}` +
    String.raw`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}` +
    String.raw`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  'gu'
)

// A sticky copy: the piece that starts exactly at lastIndex (every position starts one).
const STICKY = new RegExp(SPLIT.source, 'uy')

/** The index of the first character at or after `from` that is not ASCII, or the text's length. */
function nextNonAscii(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i
  return text.length
}

// What the pre-tokenizer's classes are for each ASCII character. SPACE is \s other than \r and \n;
// OTHER is everything neither letter, digit nor \s (punctuation, symbols, controls such as \x1f).
// UNKNOWN stands for a character past the ASCII stretch being split: only the pattern can class it.
const END = 0
const UPPER = 1
const LOWER = 2
const DIGIT = 3
const NEWLINE = 4
const SPACE = 5
const OTHER = 6
const UNKNOWN = 7
const ASCII_CLASS = new Uint8Array(128).map((_, c) =>
  c >= 65 && c <= 90
    ? UPPER
    : c >= 97 && c <= 122
      ? LOWER
      : c >= 48 && c <= 57
        ? DIGIT
        : c === 10 || c === 13
          ? NEWLINE
          : c === 32 || (c >= 9 && c <= 12)
            ? SPACE
            : OTHER
)

// What asciiPieceEnd answers when a character it cannot class (UNKNOWN) could change the piece.
const UNSURE = -2
const NO_LETTERS = -1

const classAt = (text: string, i: number, limit: number): number =>
  i < limit ? ASCII_CLASS[text.charCodeAt(i)]! : i < text.length ? UNKNOWN : END

// The letter alternatives from i: upper* lower+ (first alternative), else upper+ (second), then an
// optional contraction ('s 'd 'm 't 'll 've 're, any case). NO_LETTERS when neither matches; UNSURE
// when the letters run into a character past the ASCII stretch (a letter or a mark would go on).
function letterRunEnd(text: string, i: number, limit: number): number {
  let upper = i
  while (classAt(text, upper, limit) === UPPER) upper++
  let lower = upper
  while (classAt(text, lower, limit) === LOWER) lower++
  if (classAt(text, lower, limit) === UNKNOWN) return UNSURE
  const end = lower > upper ? lower : upper > i ? upper : NO_LETTERS
  if (end < 0 || text.charCodeAt(end) !== 39) return end
  const a = text.charCodeAt(end + 1) | 0x20
  if (a === 115 || a === 100 || a === 109 || a === 116) return end + 2 // s d m t
  const b = text.charCodeAt(end + 2) | 0x20
  if ((a === 108 && b === 108) || (a === 118 && b === 101) || (a === 114 && b === 101)) return end + 3 // ll ve re
  return end
}

/**
 * Where the o200k pre-tokenizer's piece starting at `start` ends, for text that is ASCII from `start`
 * up to `limit` (start < limit): SPLIT's alternatives in their order, with the regex's backtracking worked out by
 * hand. UNSURE when the piece could depend on a character at `limit` or beyond. A test compares
 * every piece with SPLIT's on generated text.
 */
function asciiPieceEnd(text: string, start: number, limit: number): number {
  const c = classAt(text, start, limit)
  if (c === UPPER || c === LOWER) return letterRunEnd(text, start, limit)
  if (c === DIGIT) {
    let end = start + 1
    while (end < start + 3 && classAt(text, end, limit) === DIGIT) end++
    return end < start + 3 && classAt(text, end, limit) === UNKNOWN ? UNSURE : end
  }
  if (c === OTHER || c === SPACE) {
    // One character other than \r, \n, a letter or a digit may lead a word.
    const word = letterRunEnd(text, start + 1, limit)
    if (word === UNSURE || word > start + 1) return word
    // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`: punctuation, then any line breaks and slashes
    let end =
      c === OTHER
        ? start
        : text.charCodeAt(start) === 32 && classAt(text, start + 1, limit) === OTHER
          ? start + 1
          : -1
    if (end >= 0) {
      while (classAt(text, end, limit) === OTHER) end++
      if (classAt(text, end, limit) === UNKNOWN) return UNSURE
      while (classAt(text, end, limit) === NEWLINE || text.charCodeAt(end) === 47) end++
      return end
    }
  }
  // Whitespace: `\s*[\r\n]+` (up to the run's last line break), else `\s+(?!\S)` (the run but its
  // last character, all of it at the end of the text), else `\s+`.
  let run = start
  let lastBreak = -1
  let k = classAt(text, run, limit)
  for (; k === SPACE || k === NEWLINE; k = classAt(text, ++run, limit)) if (k === NEWLINE) lastBreak = run
  if (k === UNKNOWN) return UNSURE
  if (lastBreak >= 0) return lastBreak + 1
  if (run === text.length || run - start < 2) return run
  return run - 1
}

/**
 * Calls `each` with the pre-tokenizer's pieces of `text`, in order: ASCII stretches are split by hand
 * (asciiPieceEnd), without the regex's Unicode tables to compile and a match object per piece; the
 * regex, from the same position, splits only what a non-ASCII character could change.
 */
export function splitPieces(text: string, each: (piece: string) => void): void {
  let ascii = nextNonAscii(text, 0)
  for (let start = 0; start < text.length;) {
    let end = start < ascii ? asciiPieceEnd(text, start, ascii) : UNSURE
    if (end <= start) {
      STICKY.lastIndex = start
      const match = STICKY.exec(text)
      end = match ? start + match[0].length : start + 1
    }
    each(text.slice(start, end))
    start = end
    if (start > ascii) ascii = nextNonAscii(text, start)
  }
}

// Byte-pair merging is quadratic in a piece's length; longer pieces (a run of 10,000 "=") are counted
// in windows, which can only count more tokens than exist, never fewer.
const WINDOW = 256
// Above every rank: a pair that is not in the vocabulary.
const NO_RANK = 0x7fffffff

/** FNV-1a over bytes[start, end): the hash the vocabulary table was built with. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

/** The vocabulary, mapped from its file. */
export class O200k {
  private readonly offsets: Uint32Array
  private readonly table: Int32Array
  private readonly bytes: Uint8Array
  private readonly mask: number
  private scratch = new Uint8Array(4 * WINDOW)
  private readonly bounds = new Int32Array(WINDOW + 1)
  private readonly ranks = new Int32Array(WINDOW)
  private readonly encoder = new TextEncoder()
  private readonly pieces = new Map<string, number>()

  constructor(file: Buffer) {
    if (file.toString('latin1', 0, 4) !== 'O2K1') throw new Error('o200k.bin is not a vocabulary table')
    const count = file.readUInt32LE(4)
    const size = file.readUInt32LE(8)
    const length = file.readUInt32LE(12)
    // Typed arrays need 4-byte alignment: a large file read is its own aligned buffer; else copy.
    const data = file.byteOffset % 4 === 0 ? file : Buffer.from(file)
    const base = data.byteOffset
    this.offsets = new Uint32Array(data.buffer, base + 16, count + 1)
    this.table = new Int32Array(data.buffer, base + 16 + 4 * (count + 1), size)
    this.bytes = new Uint8Array(data.buffer, base + 16 + 4 * (count + 1) + 4 * size, length)
    this.mask = size - 1
  }

  /** The rank of the token spelled by src[start, end), or -1. */
  rank(src: Uint8Array, start: number, end: number): number {
    const len = end - start
    for (let slot = fnv1a(src, start, end) & this.mask; ; slot = (slot + 1) & this.mask) {
      const r = this.table[slot]!
      if (r < 0) return -1
      const at = this.offsets[r]!
      if (this.offsets[r + 1]! - at !== len) continue
      let same = true
      for (let i = 0; i < len; i++) {
        if (this.bytes[at + i] !== src[start + i]) {
          same = false
          break
        }
      }
      if (same) return r
    }
  }

  /** Tokens in `text` as o200k_base encodes it (special tokens count as ordinary text). */
  count(text: string): number {
    let total = 0
    splitPieces(text, (piece) => (total += this.piece(piece)))
    return total
  }

  // Words repeat (label names in the list and the schema, the same terms through an issue): a piece
  // counted once is looked up after that. A run lasts seconds, so the cache is only capped.
  private piece(piece: string): number {
    const known = this.pieces.get(piece)
    if (known !== undefined) return known
    if (this.scratch.length < piece.length * 3) this.scratch = new Uint8Array(piece.length * 3)
    const { written } = this.encoder.encodeInto(piece, this.scratch)
    let tokens = 0
    for (let start = 0; start < written; start += WINDOW)
      tokens += this.merge(this.scratch, start, Math.min(written, start + WINDOW))
    if (piece.length <= 64 && this.pieces.size < 200_000) this.pieces.set(piece, tokens)
    return tokens
  }

  // Repeatedly joins the adjacent pair with the lowest rank; returns how many parts remain. The
  // rank of each adjacent pair is kept and only the two pairs around a merge are looked up again.
  // Part boundaries and pair ranks live in two preallocated arrays: no allocation per piece.
  private merge(src: Uint8Array, start: number, end: number): number {
    if (end - start === 1 || this.rank(src, start, end) >= 0) return 1
    const bounds = this.bounds
    const ranks = this.ranks
    let parts = end - start
    for (let i = 0; i <= parts; i++) bounds[i] = start + i
    for (let i = 0; i < parts - 1; i++) ranks[i] = this.pairRank(src, bounds[i]!, bounds[i + 2]!)
    for (;;) {
      let best = -1
      let bestRank = NO_RANK
      for (let i = 0; i < parts - 1; i++) {
        if (ranks[i]! < bestRank) {
          bestRank = ranks[i]!
          best = i
        }
      }
      if (best < 0) return parts
      bounds.copyWithin(best + 1, best + 2, parts + 1)
      ranks.copyWithin(best, best + 1, parts - 1)
      parts--
      if (best > 0) ranks[best - 1] = this.pairRank(src, bounds[best - 1]!, bounds[best + 1]!)
      if (best < parts - 1) ranks[best] = this.pairRank(src, bounds[best]!, bounds[best + 2]!)
    }
  }

  private pairRank(src: Uint8Array, start: number, end: number): number {
    const rank = this.rank(src, start, end)
    return rank >= 0 ? rank : NO_RANK
  }
}

// Built from parts so the bundler leaves the file alone (its asset handling re-encodes binaries);
// `npm run bundle` copies it beside each bundle.
const FILE = ['o200k', 'bin'].join('.')

let loading: Promise<O200k> | undefined

/**
 * The vocabulary beside this module (in the bundle: dist/o200k.bin), read once, asynchronously so a
 * caller that expects to need it can start the read early and let it overlap network waits.
 */
export function loadVocabulary(): Promise<O200k> {
  // node:fs's callback form: node:fs/promises would be one more module to load at every start.
  loading ??= new Promise<Buffer>((resolve, reject) =>
    readFile(join(dirname(fileURLToPath(import.meta.url)), FILE), (error, file) =>
      error ? reject(error) : resolve(file)
    )
  ).then((file) => new O200k(file))
  return loading
}
