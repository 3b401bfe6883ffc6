// ESLint flat config: JavaScript and typescript-eslint recommended rules everywhere, plus `no-console`
// in the action itself, where output must go through src/github/runner.ts so the runner sees it.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

// The few Node globals the plain-JS config files use; TypeScript checks globals in .ts files itself.
const nodeGlobals = { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' }

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'coverage/', '__fixtures__/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals }
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' }
  }
])
