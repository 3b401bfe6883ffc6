/**
 * Writes src/text/o200k.bin, the o200k_base vocabulary as a ready-made hash table that
 * src/text/o200k.ts maps without parsing (a few ms, where loading a tokenizer package costs
 * ~400 ms on every run that needs an exact count). Layout, little-endian:
 *   "O2K1", count N, table size T (power of two), byte length B      (4 × 4 bytes)
 *   N + 1 uint32 offsets: token r is bytes[offsets[r] .. offsets[r + 1])
 *   T int32 slots: a rank, or -1; FNV-1a of the token's bytes, linear probing
 *   B bytes of tokens, in rank order
 * Source: gpt-tokenizer's o200k_base ranks (MIT), i.e. OpenAI's published vocabulary.
 */
import { writeFileSync } from 'node:fs'
import bpe from 'gpt-tokenizer/bpeRanks/o200k_base'
import { fnv1a } from '../src/text/o200k.js'

const tokens = (bpe as (string | number[])[]).map((t) =>
  typeof t === 'string' ? Buffer.from(t, 'utf8') : Buffer.from(t)
)
const count = tokens.length
const tableSize = 1 << 19
const bytes = Buffer.concat(tokens)
const offsets = new Uint32Array(count + 1)
for (let r = 0, at = 0; r < count; r++) {
  offsets[r] = at
  at += tokens[r]!.length
  offsets[r + 1] = at
}
const table = new Int32Array(tableSize).fill(-1)
for (let r = 0; r < count; r++) {
  let slot = fnv1a(bytes, offsets[r]!, offsets[r + 1]!) & (tableSize - 1)
  while (table[slot] !== -1) slot = (slot + 1) & (tableSize - 1)
  table[slot] = r
}
const header = Buffer.alloc(16)
header.write('O2K1', 0, 'latin1')
header.writeUInt32LE(count, 4)
header.writeUInt32LE(tableSize, 8)
header.writeUInt32LE(bytes.length, 12)
writeFileSync(
  new URL('../src/text/o200k.bin', import.meta.url),
  Buffer.concat([header, Buffer.from(offsets.buffer), Buffer.from(table.buffer), bytes])
)
