import { expect } from '@jest/globals'
import type { World } from './fixtures.js'

/**
 * Ends a test's world after checking what must hold whatever the test did: the action never sent
 * GitHub a request its description forbids, never had GitHub invent a label, and GitHub's answers
 * kept GitHub's shapes.
 */
export async function closeChecked(w: World | undefined): Promise<void> {
  if (!w) return
  try {
    expect(w.github.rejected).toEqual([])
    expect(w.github.state.createdLabels).toEqual([])
    expect(w.github.responseProblems).toEqual([])
  } finally {
    await w.close()
  }
}
