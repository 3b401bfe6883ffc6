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
const SPLIT = new RegExp(
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}` +
    String.raw`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}` +
    String.raw`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  'gu'
)

// Byte-pair merging is quadratic in a piece's length; longer pieces (a run of 10,000 "=") are counted
// in windows, which can only count more tokens than exist, never fewer.
const WINDOW = 256

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
    for (const m of text.matchAll(SPLIT)) {
      const piece = m[0]
      // Words repeat (label names in the list and the schema, the same terms through an issue): a piece
      // counted once is looked up after that. A run lasts seconds, so the cache is only capped.
      const known = this.pieces.get(piece)
      if (known !== undefined) {
        total += known
        continue
      }
      if (this.scratch.length < piece.length * 3) this.scratch = new Uint8Array(piece.length * 3)
      const { written } = this.encoder.encodeInto(piece, this.scratch)
      let tokens = 0
      for (let start = 0; start < written; start += WINDOW)
        tokens += this.merge(this.scratch, start, Math.min(written, start + WINDOW))
      if (piece.length <= 64 && this.pieces.size < 200_000) this.pieces.set(piece, tokens)
      total += tokens
    }
    return total
  }

  // Repeatedly joins the adjacent pair with the lowest rank; returns how many parts remain. The
  // rank of each adjacent pair is kept and only the two pairs around a merge are looked up again.
  private merge(src: Uint8Array, start: number, end: number): number {
    if (end - start === 1 || this.rank(src, start, end) >= 0) return 1
    const bounds: number[] = []
    for (let i = start; i <= end; i++) bounds.push(i)
    const pairRank = (i: number): number => {
      if (i < 0 || i + 2 >= bounds.length) return Infinity
      const rank = this.rank(src, bounds[i]!, bounds[i + 2]!)
      return rank >= 0 ? rank : Infinity
    }
    const ranks: number[] = []
    for (let i = 0; i < bounds.length - 2; i++) ranks.push(pairRank(i))
    for (;;) {
      let best = -1
      let bestRank = Infinity
      for (let i = 0; i < ranks.length; i++) {
        if (ranks[i]! < bestRank) {
          bestRank = ranks[i]!
          best = i
        }
      }
      if (best < 0) return bounds.length - 1
      bounds.splice(best + 1, 1)
      ranks.splice(best, 1)
      if (best > 0) ranks[best - 1] = pairRank(best - 1)
      if (best < ranks.length) ranks[best] = pairRank(best)
    }
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
