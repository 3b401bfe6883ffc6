#!/usr/bin/env node
// The terminal command: the action's own run() from the sources, through tsx, on Node 24 (this node
// when it is 24 or newer, else scripts/node24), all installed by `npm ci` in a clone of this repository.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const node = Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : `${root}scripts/node24`
const { status, error } = spawnSync(
  node,
  ['--import', 'tsx', `${root}src/cli/index.ts`, ...process.argv.slice(2)],
  { stdio: 'inherit' }
)
if (error) {
  process.stderr.write(`error: ${error.message}\n`)
  process.exitCode = 2
} else process.exitCode = status ?? 1
