import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { BINARY_IMPORTERS, TEXT_IMPORTERS } from '../../schema/formats/registry';
import { type ImportResult, InvalidReportError } from '../../schema/index';
import { CliError } from './errors';

/** Reads and imports a report file, the format chosen by its extension. Errors name the file. */
export async function readReportFile(file: string): Promise<ImportResult> {
  const extension = extname(file).toLowerCase();
  const importer = TEXT_IMPORTERS[extension];
  const binaryImporter = BINARY_IMPORTERS[extension];
  if (!importer && !binaryImporter) {
    const known = [...Object.keys(TEXT_IMPORTERS), ...Object.keys(BINARY_IMPORTERS)].join(', ');
    throw new CliError(
      `${file}: cannot tell the format from the extension "${extension || '(none)'}"; expected one of ${known}`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError(`${file}: cannot read the file: ${describe(error)}`);
  }
  try {
    if (binaryImporter) return await binaryImporter(new Uint8Array(bytes));
    return importer!(decodeText(file, bytes));
  } catch (error) {
    if (error instanceof InvalidReportError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Text input must be UTF-8 without NUL bytes: anything else is a binary file given by mistake. */
function decodeText(file: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw new CliError(`${file}: this is a binary file, not a text report`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${file}: the file is not valid UTF-8 text`);
  }
}

export function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT') return 'no such file';
  if (error && typeof error === 'object' && 'code' in error && error.code === 'EISDIR') return 'it is a directory';
  if (error && typeof error === 'object' && 'code' in error && error.code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
