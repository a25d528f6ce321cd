import { rename, writeFile } from 'node:fs/promises';
import { CliError } from './errors';
import { describe } from './read-report';

/** Writes to `--out` through a temporary file and a rename, so a failure never leaves half a file. */
export async function writeOutput(content: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out === undefined) {
    process.stdout.write(content);
    return;
  }
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, out);
  } catch (error) {
    throw new CliError(`${out}: cannot write the file: ${describe(error)}`);
  }
}
