/**
 * A problem with what the user configured (an input, the config file, a file an input names): the
 * run fails with this message, which names the input and the fix.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}
