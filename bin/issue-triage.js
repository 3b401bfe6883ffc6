#!/usr/bin/env node
// The terminal command: the same pipeline as the action, bundled in dist/cli/.
import '../dist/cli/index.js'
