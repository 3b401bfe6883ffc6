import { countTokens } from 'gpt-tokenizer/encoding/o200k_base'
import type { ChatMessage, ChatRequest } from './types.js'

// Issue text may contain strings like `<|endoftext|>`; the real API encodes them as plain text and the
// tokenizer would otherwise throw on them.
const asPlainText = { disallowedSpecial: new Set<string>() }

// OpenAI's published accounting for chat models: each message costs a few framing tokens and every
// reply is primed with a few more. Close enough for budgets and benchmarks.
const perMessage = 4
const replyPriming = 3

/** o200k_base token count of a string, treating special-token lookalikes as plain text. */
export function tokensIn(text: string): number {
  return text === '' ? 0 : countTokens(text, asPlainText)
}

/** The text of a message's content, whether it is a string or a list of text parts. */
export function messageText(message: ChatMessage): string {
  const { content } = message
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('')
  return ''
}

/**
 * Prompt tokens the way a real endpoint would bill them, near enough: message contents and names,
 * tool calls, per-message framing, and the JSON of `response_format` and `tools` (which real endpoints
 * also feed to the model).
 */
export function countPromptTokens(req: ChatRequest): number {
  let total = replyPriming
  for (const message of req.messages) {
    total += perMessage + tokensIn(messageText(message))
    if (typeof message.name === 'string') total += tokensIn(message.name)
    if (message.tool_calls !== undefined) total += tokensIn(JSON.stringify(message.tool_calls))
  }
  if (req.response_format !== undefined) total += tokensIn(JSON.stringify(req.response_format))
  if (req.tools !== undefined) total += tokensIn(JSON.stringify(req.tools))
  return total
}
