/**
 * Ends the process once what went to stdout and stderr is flushed, with process.exitCode. An entry
 * point calls it when its work is done: work the run started and no longer needs (early duplicate
 * searches still retrying, with waits of seconds, after GitHub failed the run) must not hold it open.
 */
export function exitWhenFlushed(): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit()))
}
