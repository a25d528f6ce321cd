import { CliError } from './errors';
import {
  BACKUP_USAGE,
  CONVERT_USAGE,
  EXPORT_USAGE,
  IMPORT_USAGE,
  MEETING_USAGE,
  RESTORE_USAGE,
  REVOKE_USAGE,
  SERVE_USAGE,
  TOKEN_USAGE,
  TOKENS_USAGE,
} from './usage';

const USAGE = `Accord: co-draft the report of an intergovernmental meeting.

usage:
  ${SERVE_USAGE}
  ${TOKEN_USAGE}
  ${TOKENS_USAGE}
  ${REVOKE_USAGE}
  ${MEETING_USAGE}
  ${CONVERT_USAGE}
  ${IMPORT_USAGE}
  ${EXPORT_USAGE}
  ${BACKUP_USAGE}
  ${RESTORE_USAGE}
`;

type Command = (args: string[]) => Promise<void>;

/**
 * Each command is loaded when it runs: `accord --version` need not load the server, nor `accord
 * token` the PDF and Word writers (start-up time is most of a short command's time).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve')).serveCommand,
  token: async () => (await import('./token')).tokenCommand,
  tokens: async () => (await import('./tokens')).tokensCommand,
  revoke: async () => (await import('./tokens')).revokeCommand,
  backup: async () => (await import('./backup')).backupCommand,
  restore: async () => (await import('./backup')).restoreCommand,
  meeting: async () => (await import('./meeting')).meetingCommand,
  convert: async () => (await import('./convert')).convertCommand,
  import: async () => (await import('./room-files')).importCommand,
  export: async () => (await import('./room-files')).exportCommand,
};

/** Runs one CLI command; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`${(await import('../version')).VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`accord: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    await (await load())(args);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`accord ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    // parseArgs reports unknown or malformed options this way.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`accord ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
