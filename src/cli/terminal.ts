/**
 * Makes what the action prints readable in a terminal: @actions/core writes workflow commands
 * (`::warning::…`, `::debug::…`, `::add-mask::…`) for the runner to read; here they become plain
 * lines, masks and debug lines disappear unless `verbose`. The run's log goes to stderr, so stdout holds
 * only the command's result (text or JSON).
 */
export function readableOutput(verbose: boolean): () => void {
  const original = process.stdout.write.bind(process.stdout)
  const stderr = (text: string) => process.stderr.write(text)
  let pending = ''
  const flushLine = (line: string) => {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) return void stderr(line + '\n')
    const [, name, data] = command as unknown as [string, string, string]
    const text = data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
    if (name === 'warning' || name === 'error') stderr(`${name}: ${text}\n`)
    else if (name === 'notice' || name === 'group') stderr(`${text}\n`)
    else if (name === 'debug' && verbose) stderr(`debug: ${text}\n`)
  }
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    let end: number
    while ((end = pending.indexOf('\n')) >= 0) {
      flushLine(pending.slice(0, end).replace(/\r$/, ''))
      pending = pending.slice(end + 1)
    }
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined
    callback?.()
    return true
  }) as typeof process.stdout.write
  return () => {
    if (pending) flushLine(pending)
    pending = ''
    process.stdout.write = original
  }
}
