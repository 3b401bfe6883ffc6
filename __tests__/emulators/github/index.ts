/**
 * A loopback emulator of the GitHub REST API that refuses whatever GitHub's official description does not allow,
 * and of GitHub's GraphQL API checked against its published schema.
 */
export {
  startGitHubEmulator,
  implementedOperations,
  isWrite,
  type EmulatorOptions,
  type Fault,
  type GitHubEmulator,
  type RecordedRequest,
  type Rejection
} from './server.js'
export type { Actor, EmulatorState, RepoSeed, SeedEvent, SeedIssue } from './state.js'
export { validateRequest, validateResponse, allOperations } from './spec.js'
export { backlogIssues, sampleRepo } from './seed.js'
export { GRAPHQL_FORBIDDEN } from './graphql.js'
export type { IssueView } from './issue-view.js'
export { GITHUB_WRITE_LIMITS, type WriteLimits, type WriteLimitSetting } from './write-limits.js'
