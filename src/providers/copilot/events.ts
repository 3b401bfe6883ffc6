import { bound } from '../../text/hygiene.js'
import type { ModelRequest } from '../types.js'
import type { RuntimeReport } from './classify-errors.js'
import type { RuntimeEvent } from './open-session.js'

/** The answer and usage read from one turn's events. */
export interface CollectedTurn {
  text: string
  model: string
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
}

/** A `session.error` carried out of the event handler with its report intact. */
export class TurnError extends Error {
  constructor(readonly report: RuntimeReport) {
    super(report.message)
  }
}

/** The report a `session.error` event carries. */
export function errorReport(event: RuntimeEvent): RuntimeReport {
  const data = event.data ?? {}
  const message = typeof data.message === 'string' ? data.message : 'session error'
  return {
    message,
    ...(typeof data.errorType === 'string' ? { errorType: data.errorType } : {}),
    ...(typeof data.statusCode === 'number' ? { statusCode: data.statusCode } : {})
  }
}

/** The user message; each call is a fresh session, so a correction travels inside it. */
export function userPrompt(request: ModelRequest): string {
  if (!request.correction) return request.user
  return (
    `${request.user}\n\nYour previous answer was:\n${bound(request.correction.answer, 2000)}\n\n` +
    `That answer was not valid: ${request.correction.error}. Answer again with only the JSON object the schema describes.`
  )
}

/** The last answer and the summed usage of one turn's events. */
export function collect(events: RuntimeEvent[], fallbackModel: string): CollectedTurn {
  const turn: CollectedTurn = {
    text: '',
    model: fallbackModel,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0
  }
  for (const event of events) {
    const data = event.data ?? {}
    if (event.type === 'assistant.message' && typeof data.content === 'string') turn.text = data.content
    if (event.type === 'assistant.usage') {
      turn.inputTokens += numberOr0(data.inputTokens)
      turn.outputTokens += numberOr0(data.outputTokens)
      turn.cacheReadTokens += numberOr0(data.cacheReadTokens)
      // With model "auto" the usage event names the model that really answered.
      if (typeof data.model === 'string' && data.model !== '') turn.model = data.model
    }
  }
  return turn
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}
