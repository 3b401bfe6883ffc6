import * as core from '@actions/core'
import { DEFAULT_CONFIG_PATH, loadPromptFile, parseConfigText } from './config/load.js'
import { InputError } from './errors.js'
import type { SearchSession } from './gather/candidates.js'
import { readRunContext } from './gather/context.js'
import { readIssueIndex, type IssueIndex } from './gather/issue-index.js'
import { resolveInstructions } from './gather/instructions.js'
import { loginKey } from './gather/issue.js'
import { semanticBudget } from './gather/semantic-budget.js'
import { listIssueTypes, listLabels, type RepoRef, type RepositoryFacts } from './gather/repository.js'
import { createOctokit, type Octokit } from './github/octokit.js'
import type { RunEvent } from './inputs/event.js'
import { readOptions, withConfig, type InputReader, type Options } from './inputs/options.js'
import { createProvider, type ModelProvider } from './providers/index.js'
import { forLog } from './text/hygiene.js'
import type { HistoryClassifier } from './history/repository-classifier.js'

/**
 * What every issue of a run shares: made once by `createContext` and handed to a flow, which hands it
 * to `triageIssue` for each issue.
 */
export interface RunContext {
  octokit: Octokit
  ref: RepoRef
  /** The inputs merged with the config file and prompt file, validated once. */
  options: Options
  /** The repository's labels and issue types, read on first use and then reused. */
  repository(): Promise<RepositoryFacts>
  /** The model provider, started on first use (a run that skips every issue starts none). */
  model(): Promise<ModelProvider>
  /**
   * Who the token writes as (`loginKey` form: `github-actions` for the workflow token), read on first
   * use: a backlog run tells its own earlier labels from other bots' by it.
   */
  identity(): Promise<string>
  /**
   * Remembers across the run's issues whether GitHub offers semantic issue search, and spends its 10 a
   * minute; holds the issue index once `issueIndex` has read it.
   */
  search: SearchSession
  /**
   * The repository's issues read into a local lexical index, on first call (a backlog run asks for it);
   * from then on every issue's lexical candidates come from it instead of GitHub search.
   */
  issueIndex(): Promise<IssueIndex>
  /**
   * The classifier trained on the repository's labelled issues (provider `history`, or the fallback),
   * restored or trained on first call and shared by the run's issues.
   */
  classifier(): Promise<HistoryClassifier>
  /**
   * Set once the chosen provider refused in a way that will not change during the run (retired, no
   * licence, quota…) and `fallback-provider` is set: later issues go to the fallback without asking.
   */
  providerDown?: string
  /** A backtest's replayed issues: the history classifier must not learn from them. Set before classifier(). */
  holdOut?: number[]
  /** Stops the provider, if one was started. */
  close(): Promise<void>
}

export interface ContextNeeds {
  /** Read the labels with the config file (flows that triage issues). */
  labels: boolean
}

/**
 * Builds the run's context: one Octokit, the config file (and the labels, in the same request), the
 * options validated once with the instructions resolved; the issue types and the provider on demand.
 */
export async function createContext(
  read: InputReader,
  event: RunEvent,
  needs: ContextNeeds
): Promise<RunContext> {
  const token = read('token')
  if (!token)
    throw new InputError('Input "token" is empty: leave it unset to use the workflow token, or pass a token.')
  const octokit = createOctokit(token)
  const ref = event.repo
  const configPath = read('config')
  const path = configPath || DEFAULT_CONFIG_PATH
  // Issue types exist only in organizations; a run that triages issues reads them with the labels.
  const owner = (event.payload.repository as { owner?: { type?: string } } | undefined)?.owner
  const types = needs.labels && owner?.type !== 'User' ? listIssueTypes(octokit, ref) : undefined
  types?.catch(() => undefined)
  const first = await readRunContext(octokit, ref, path, needs.labels)
  const config = await parseConfigText(first.config, path, configPath !== '')
  const promptPath = read('prompt-file') || config['prompt-file']
  const prompt = promptPath ? await loadPromptFile(octokit, ref, promptPath) : undefined
  const options = readOptions(withConfig(read, config), config, prompt)
  const instructions = await resolveInstructions(octokit, ref, options.instructions)
  options.instructions = [instructions, options.promptGuidance].filter((t) => t.trim() !== '').join('\n\n')

  let repository: Promise<RepositoryFacts> | undefined
  let provider: Promise<ModelProvider> | undefined
  let identity: Promise<string> | undefined
  let index: Promise<IssueIndex> | undefined
  let classifier: Promise<HistoryClassifier> | undefined
  const search: SearchSession = { semantic: 'unknown', budget: semanticBudget() }
  const ctx: RunContext = {
    octokit,
    ref,
    options,
    search,
    issueIndex() {
      index ??= readIssueIndex(octokit, ref).then((built) => (search.index = built))
      return index
    },
    repository() {
      repository ??= (async () => {
        const [labels, issueTypes] = await Promise.all([
          first.labels ?? listLabels(octokit, ref),
          types ?? (owner?.type === 'User' ? [] : listIssueTypes(octokit, ref))
        ])
        return { ref, labels, issueTypes }
      })()
      return repository
    },
    identity() {
      identity ??= readIdentity(octokit)
      return identity
    },
    classifier() {
      // Loaded only by runs that use it: training code and the cache library stay out of the others.
      classifier ??= import('./history/for-run.js').then(({ classifierForRun }) => classifierForRun(ctx))
      return classifier
    },
    model() {
      provider ??= createProvider(options, {
        onWait: (seconds, why) =>
          core.info(`Model endpoint: ${forLog(why, 200)}; waiting ${seconds} s before retrying.`)
      })
      return provider
    },
    async close() {
      if (provider) await (await provider.catch(() => undefined))?.close?.()
    }
  }
  return ctx
}

// The workflow token's identity when GitHub does not say (an older GitHub Enterprise Server).
const WORKFLOW_TOKEN_LOGIN = 'github-actions'

async function readIdentity(octokit: Octokit): Promise<string> {
  try {
    const data = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    return loginKey(data.viewer.login)
  } catch (error) {
    core.debug(
      `Could not read the token's identity (${forLog(String(error), 200)}); assuming the workflow token.`
    )
    return WORKFLOW_TOKEN_LOGIN
  }
}
