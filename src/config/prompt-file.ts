import { z } from 'zod'
import { parseDocument } from 'yaml'
import { InputError } from '../errors.js'

/**
 * A `.prompt.yml` file in the format of GitHub's prompt files (`messages`, `model`,
 * `modelParameters`), so a team can keep and review its triage prompt in the repository. Its words
 * become trusted guidance; the action still frames the issue as untrusted data and adds its schema
 * and policy, so a prompt file cannot widen what may be written.
 */
const promptFileShape = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  model: z.string().min(1).max(200).optional(),
  modelParameters: z
    .object({
      temperature: z.number().min(0).max(2).optional(),
      top_p: z.number().min(0).max(1).optional(),
      max_tokens: z.number().int().positive().optional()
    })
    .loose()
    .optional(),
  messages: z
    .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(20_000) }))
    .min(1)
})

export interface PromptFile {
  /** The file's own words: system messages, and user messages with their placeholders removed. */
  guidance: string
  model?: string
  temperature?: number
  topP?: number
}

/** Parses a prompt file's text; errors name the file and the field. */
export function parsePromptFile(text: string, path: string): PromptFile {
  const doc = parseDocument(text)
  if (doc.errors.length > 0)
    throw new InputError(
      `Input "prompt-file": ${path} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}).`
    )
  const parsed = promptFileShape.safeParse(doc.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new InputError(`Input "prompt-file": ${path}: ${issue.path.join('.') || 'file'}: ${issue.message}.`)
  }
  const file = parsed.data
  // Placeholders such as {{input}} stand for the issue, which the action always adds itself as data.
  const guidance = file.messages
    .filter((m) => m.role !== 'assistant')
    .map((m) => m.content.replace(/\{\{\s*[\w.-]+\s*\}\}/g, '').trim())
    .filter((text) => text.length > 0)
    .join('\n\n')
  return {
    guidance,
    ...(file.model ? { model: file.model } : {}),
    ...(file.modelParameters?.temperature === undefined
      ? {}
      : { temperature: file.modelParameters.temperature }),
    ...(file.modelParameters?.top_p === undefined ? {} : { topP: file.modelParameters.top_p })
  }
}
