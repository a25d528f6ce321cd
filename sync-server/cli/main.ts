import { BACKUP_USAGE, backupCommand, RESTORE_USAGE, restoreCommand } from './backup';
import { CONVERT_USAGE, convertCommand } from './convert';
import { CliError } from './errors';
import { MEETING_USAGE, meetingCommand } from './meeting';
import { EXPORT_USAGE, exportCommand, IMPORT_USAGE, importCommand } from './room-files';
import { SERVE_USAGE, serveCommand } from './serve';
import { TOKEN_USAGE, tokenCommand } from './token';
import { REVOKE_USAGE, revokeCommand, TOKENS_USAGE, tokensCommand } from './tokens';

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

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  token: tokenCommand,
  tokens: tokensCommand,
  revoke: revokeCommand,
  backup: backupCommand,
  restore: restoreCommand,
  meeting: meetingCommand,
  convert: convertCommand,
  import: importCommand,
  export: exportCommand,
};

/** Runs one CLI command; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`accord: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    await command(args);
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
