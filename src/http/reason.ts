/**
 * What lies under a request that got no answer, in the system's words ("connect ECONNREFUSED
 * 127.0.0.1:1", "getaddrinfo ENOTFOUND llm.example", a certificate problem): the first cause of
 * `error` that carries an error code, or undefined. Errors are read by their fields, not their class:
 * a cause may come from Node's own realm.
 */
export function networkReason(error: unknown): string | undefined {
  let cause = (error as { cause?: unknown } | null)?.cause
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth++) {
    const { code, message, errors } = cause as { code?: unknown; message?: unknown; errors?: unknown }
    if (typeof code === 'string') {
      // Connecting to both addresses of a name (IPv6 and IPv4) fails as an AggregateError without a message.
      const first = Array.isArray(errors)
        ? (errors[0] as { message?: unknown } | undefined)?.message
        : undefined
      const text = typeof message === 'string' && message ? message : typeof first === 'string' ? first : ''
      return text.includes(code) ? text : text ? `${text} (${code})` : code
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}
