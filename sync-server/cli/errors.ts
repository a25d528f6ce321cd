/** A failure the user can act on: printed without a stack trace, with its exit status (2: bad input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
