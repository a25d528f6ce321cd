import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, FORMATS, isExportFormat } from '../../schema/formats/registry';
import { isExportView } from '../../schema/negotiation/views';
import { RoomRecords } from '../records';
import { reportForExport } from '../room-export';
import { SqliteStorage } from '../storage/sqlite-storage';
import { isValidRoomName } from '../storage/storage';
import { databaseFile, dataDirFrom } from './data-dir';
import { CliError } from './errors';
import { readReportFile } from './read-report';
import { readRoomReport, replaceRoomReport } from './room-state';
import { EXPORT_USAGE, IMPORT_USAGE } from './usage';
import { writeOutput } from './write-output';

/** `accord import FILE --room ROOM`: the room's report becomes the file's (best while nobody edits it). */
export async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { room: { type: 'string' }, data: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(`expected one input file\nusage: ${IMPORT_USAGE}`);
  if (!isValidRoomName(values.room))
    throw new CliError(`--room must be 1-64 of A-Z a-z 0-9 _ -\nusage: ${IMPORT_USAGE}`);
  const file = positionals[0]!;
  const { report, warnings } = await readReportFile(file);
  for (const warning of warnings) process.stderr.write(`${file}: warning: ${warning}\n`);
  const storage = new SqliteStorage(databaseFile(dataDirFrom(values.data)));
  try {
    await replaceRoomReport(storage, values.room, report);
  } finally {
    await storage.close();
  }
  process.stderr.write(`imported ${file} into room ${values.room}\n`);
}

/** `accord export ROOM --format F`: the stored report, as the HTTP export gives it. */
export async function exportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'txt' },
      out: { type: 'string' },
      view: { type: 'string', default: 'clean' },
      data: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(`expected one room\nusage: ${EXPORT_USAGE}`);
  const room = positionals[0]!;
  if (!isValidRoomName(room)) throw new CliError(`"${room}" is not a room name: 1-64 of A-Z a-z 0-9 _ -`);
  if (!isExportFormat(values.format)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const view = values.view;
  if (!isExportView(view)) throw new CliError(`--view must be clean or negotiation, not "${view}"`);
  const info = FORMATS[values.format];
  if (info.binary && values.out === undefined && process.stdout.isTTY) {
    throw new CliError(`${values.format} is a binary format: give --out FILE (or redirect the output)`);
  }
  const dataDir = dataDirFrom(values.data);
  if (!existsSync(databaseFile(dataDir))) throw new CliError(`${dataDir}: no Accord data here (no accord.db)`);
  const storage = new SqliteStorage(databaseFile(dataDir));
  try {
    if (!(await storage.rooms()).includes(room)) throw new CliError(`${dataDir}: there is no room "${room}"`);
    const { report, options } = await reportForExport(new RoomRecords(storage), room, () =>
      readRoomReport(storage, room),
    );
    await writeOutput(await info.write(report, { ...options, view }), values.out);
  } finally {
    await storage.close();
  }
}
