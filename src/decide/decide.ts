import { ProviderError, type ModelProvider, type ModelReply } from '../providers/types.js'
import { BudgetError, budgetPrompt, type BudgetedPrompt } from './budget.js'
import type { PromptInput } from './prompt.js'
import { forLog } from '../text/hygiene.js'
import { applyPolicy, type Decision, type PolicyContext } from './validate.js'

/** Model usage over every call of one decision. */
export interface Usage {
  modelCalls: number
  promptTokens: number
  completionTokens: number
  latencyMs: number
  model: string
  /** Our count of the request; an upper bound (UTF-8 bytes) unless requestTokensExact. */
  requestTokens: number
  requestTokensExact: boolean
  /** AI credits spent, for providers that bill in them (copilot). */
  aiCredits?: number
  /** Candidate issues the prompt showed and the tokens their block took. */
  candidatesShown: number[]
  candidateTokens: number
  notes: string[]
}

export type DecideOutcome =
  | { status: 'decided'; decision: Decision; usage: Usage }
  | { status: 'failed'; error: ProviderError | BudgetError; usage: Usage }

/**
 * The decide stage: one budgeted prompt, one model call (plus at most one shrink after a 413 and
 * one correction after a malformed answer), then policy. Writes nothing, so backtests and dry runs
 * call it alone.
 */
export async function decide(
  provider: ModelProvider,
  prompt: PromptInput,
  policy: PolicyContext,
  maxInputTokens: number
): Promise<DecideOutcome> {
  const usage: Usage = {
    modelCalls: 0,
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 0,
    model: provider.model,
    requestTokens: 0,
    requestTokensExact: false,
    candidatesShown: [],
    candidateTokens: 0,
    notes: []
  }
  const record = (reply: ModelReply) => {
    usage.modelCalls++
    usage.promptTokens += reply.promptTokens
    usage.completionTokens += reply.completionTokens
    usage.latencyMs += reply.latencyMs
    usage.model = reply.model
    if (reply.credits !== undefined) usage.aiCredits = (usage.aiCredits ?? 0) + reply.credits
    if (
      !reply.structured &&
      !usage.notes.includes('endpoint refused json_schema; answer requested by instruction')
    ) {
      usage.notes.push('endpoint refused json_schema; answer requested by instruction')
    }
  }

  // zod is needed only to check the answer: it loads while the model is answering, started a turn of
  // the event loop after the request is made so that its ~15 ms of loading does not hold the request.
  let answers: Promise<typeof import('./answer.js')> | undefined
  const loadAnswers = () => (answers ??= import('./answer.js'))
  let budgeted: BudgetedPrompt
  try {
    budgeted = await budgetPrompt(prompt, maxInputTokens)
  } catch (error) {
    if (error instanceof BudgetError) return { status: 'failed', error, usage }
    throw error
  }
  usage.requestTokens = budgeted.tokens
  usage.requestTokensExact = budgeted.exactCount
  usage.candidatesShown = budgeted.candidates
  usage.candidateTokens = budgeted.candidateTokens
  usage.notes.push(...budgeted.notes)

  let reply: ModelReply
  try {
    try {
      const replying = provider.complete(budgeted)
      setImmediate(() => void loadAnswers().catch(() => undefined))
      reply = await replying
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'too-large') throw error
      usage.modelCalls++
      // The endpoint's limit is lower than max-input-tokens: shrink to what it said, or by 40%.
      const smaller = Math.min(
        error.limitTokens ? Math.floor(error.limitTokens * 0.9) : Infinity,
        Math.floor(budgeted.tokens * 0.6)
      )
      budgeted = await budgetPrompt(prompt, Math.max(smaller, 1000))
      usage.requestTokens = budgeted.tokens
      usage.requestTokensExact = budgeted.exactCount
      usage.notes.push(`endpoint answered 413; request shrunk to ${budgeted.tokens} tokens`)
      reply = await provider.complete(budgeted)
    }
    record(reply)

    const { parseAnswer } = await loadAnswers()
    const asked = budgeted.schema.schema.required as string[]
    let parsed = parseAnswer(reply.text, asked)
    if (!parsed.ok && parsed.refusal !== undefined) {
      throw new ProviderError(
        'bad-answer',
        `The model refused to triage the issue ("${forLog(parsed.refusal, 200)}"); nothing was written.`
      )
    }
    if (!parsed.ok) {
      const first = parsed.error
      usage.notes.push(`malformed answer (${first}); asked once more`)
      const again = await provider.complete({ ...budgeted, correction: { answer: reply.text, error: first } })
      record(again)
      parsed = parseAnswer(again.text, asked)
      if (!parsed.ok) {
        throw new ProviderError(
          'bad-answer',
          `The model's answer did not match the schema twice (${first}; then ${parsed.error}); nothing was written.`
        )
      }
    }
    // Duplicates are judged against what this prompt showed, after any shrinking.
    const shown: PolicyContext = {
      ...policy,
      duplicates: { rejected: [], minConfidence: 1, ...policy.duplicates, shown: budgeted.candidates }
    }
    return { status: 'decided', decision: applyPolicy(parsed.answer, shown), usage }
  } catch (error) {
    if (error instanceof ProviderError || error instanceof BudgetError)
      return { status: 'failed', error, usage }
    throw error
  }
}
