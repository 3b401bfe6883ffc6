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

/**
 * GitHub answered an error to a comment it may have stored, and the comments could not be read
 * again to see whether it did. `cause` is GitHub's answer to the write.
 */
export class UnconfirmedWrite extends Error {
  constructor(cause: unknown) {
    super('GitHub may have stored the comment: its comments could not be read again to check', { cause })
    this.name = 'UnconfirmedWrite'
  }
}
