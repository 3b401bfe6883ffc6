#!/usr/bin/env bash
# Builds dist/ with ncc: the action's one bundle, dist/index.js, with the chunks it loads on demand
# (a provider's SDK, the tokenizer). The terminal command runs the sources (bin/issue-triage.js).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
npx ncc build src/index.ts -o dist --license licenses.txt --target es2022 --minify --quiet
