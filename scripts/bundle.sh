#!/usr/bin/env bash
# Builds dist/ with ncc: the action's one bundle, dist/index.js, with the chunks it loads on demand
# (a provider's SDK, the tokenizer). The terminal command runs the sources (bin/issue-triage.js).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
npx ncc build src/index.ts -o dist --license licenses.txt --target es2022 --minify --quiet
# ncc minifies dist/index.js only. Its chunks (loaded on demand: a provider's SDK, the tokenizer, the
# cache client) get the same terser options it uses, which keep class and function names: about 550 KB
# less for every job to download.
for chunk in dist/[0-9]*.index.js; do
  npx terser "$chunk" --module --mangle keep_classnames=true,keep_fnames=true -o "$chunk.min"
  mv "$chunk.min" "$chunk"
done
