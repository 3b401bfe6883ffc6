/**
 * Jest runs TypeScript through ts-jest as native ESM (see the test script: Node 24 with vm modules).
 * Two projects: `bundle` runs every test, the end-to-end ones against dist/index.js as the runner does;
 * `source` runs the end-to-end tests again against run() from src/, in-process, which is what the
 * coverage gate measures.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }
    ]
  }
}

export default {
  testTimeout: 30000,
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: { global: { lines: 90 } },
  projects: [
    {
      ...common,
      displayName: 'bundle',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      // The whole-run property campaign runs run() in-process only (a process per case would take hours).
      testPathIgnorePatterns: ['/campaign/runs\\.test\\.ts$']
    },
    {
      ...common,
      displayName: 'source',
      setupFiles: ['<rootDir>/__tests__/setup/source-target.ts'],
      testMatch: ['<rootDir>/__tests__/e2e/*.test.ts', '<rootDir>/__tests__/campaign/runs.test.ts'],
      // These start the terminal command, the demo script or a real runtime as processes of their own.
      testPathIgnorePatterns: [
        '/cli\\.test\\.ts$',
        '/local-run\\.test\\.ts$',
        '/demo\\.test\\.ts$',
        '/copilot-runtime-contract\\.test\\.ts$'
      ]
    }
  ]
}
