// The `source` jest project: the end-to-end tests run run() from src/ in-process (see e2e/harness.ts).
process.env.TRIAGE_TEST_TARGET = 'source'
