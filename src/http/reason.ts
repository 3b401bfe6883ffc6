/** The host a URL names, for messages; the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * Why a request got no answer, in the system's words ("connect ECONNREFUSED 127.0.0.1:1",
 * "getaddrinfo ENOTFOUND llm.example", a certificate problem): the first cause of `error` that
 * carries an error code, else the error's own message (the SDK's "Request timed out"), without a
 * final period. Causes are read by their fields, not their class: one may come from Node's own realm.
 */
export function unreachableReason(error: Error): string {
  let cause: unknown = error.cause
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth++) {
    const { code, message, errors, name } = cause as {
      code?: unknown
      message?: unknown
      errors?: unknown
      name?: unknown
    }
    // A request's deadline passed (see github/octokit.ts): the server accepted it and never answered.
    if (name === 'TimeoutError') return 'no answer before the request deadline (timed out)'
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
  return error.message.replace(/\.+$/, '')
}
