/**
 * Structured logs: one JSON line per event, with the room and delegation when there is one.
 * Tokens never reach a log: callers pass claims, never a URL with its query string.
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

let stdoutGuarded = false;

/** Writes a log line to stdout; a reader that went away (EPIPE) costs the logs, never the server. */
function toStdout(line: string): void {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', () => {});
  }
  process.stdout.write(line);
}

export function jsonLogger(write: (line: string) => void = toStdout): Logger {
  const log = (level: string, event: string, fields: LogFields = {}): void => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  };
  return {
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
