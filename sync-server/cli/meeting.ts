import { parseArgs } from 'node:util';
import { loadSecret } from '../auth/secret';
import { parseTtl } from '../auth/tokens';
import { createMeeting, MeetingError } from '../meetings';
import { RoomRecords } from '../records';
import { SqliteStorage } from '../storage/sqlite-storage';
import { databaseFile, dataDirFrom } from './data-dir';
import { CliError } from './errors';
import { MEETING_USAGE } from './usage';

/** `accord meeting create …`: the room, its metadata, and one invitation link per participant. */
export async function meetingCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'create') throw new CliError(`usage: ${MEETING_USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      title: { type: 'string' },
      date: { type: 'string' },
      venue: { type: 'string' },
      body: { type: 'string' },
      delegations: { type: 'string' },
      room: { type: 'string' },
      ttl: { type: 'string', default: '14d' },
      url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 1234}` },
      data: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\nusage: ${MEETING_USAGE}`);
  if (!values.title) throw new CliError(`--title is required\nusage: ${MEETING_USAGE}`);
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new CliError('--date is YYYY-MM-DD');
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(values.ttl);
  } catch (error) {
    throw new CliError(`--ttl: ${(error as Error).message}`);
  }
  const dataDir = dataDirFrom(values.data);
  const { secret } = loadSecret(dataDir);
  const storage = new SqliteStorage(databaseFile(dataDir));
  try {
    const { room, invitations } = await createMeeting(new RoomRecords(storage), secret, {
      title: values.title,
      ...(values.date ? { date: values.date } : {}),
      ...(values.venue ? { venue: values.venue } : {}),
      ...(values.body ? { body: values.body } : {}),
      ...(values.room ? { room: values.room } : {}),
      delegations: (values.delegations ?? '').split(','),
      ttlSeconds,
    });
    const base = values.url.replace(/\/+$/, '');
    process.stdout.write(`room: ${room}\n`);
    for (const invitation of invitations) {
      const who = invitation.role === 'delegate' ? invitation.delegation : invitation.role;
      process.stdout.write(`${who}\t${base}${invitation.path}\tinvitation ${invitation.id}\n`);
    }
  } catch (error) {
    if (error instanceof MeetingError) throw new CliError(error.message);
    throw error;
  } finally {
    await storage.close();
  }
}
