import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, FORMATS, isExportFormat } from '../../schema/formats/registry';
import { isExportView } from '../../schema/negotiation/views';
import { CliError } from './errors';
import { readReportFile } from './read-report';
import { CONVERT_USAGE } from './usage';
import { writeOutput } from './write-output';

/** `accord convert FILE --to F [--out FILE]`: import by extension, export to F. */
export async function convertCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { to: { type: 'string' }, out: { type: 'string' }, view: { type: 'string', default: 'clean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(`expected one input file\nusage: ${CONVERT_USAGE}`);
  const file = positionals[0]!;
  const format = values.to;
  if (!isExportFormat(format)) {
    throw new CliError(
      `--to must be one of ${EXPORT_FORMATS.join(', ')}${format ? `, not "${format}"` : ''}\nusage: ${CONVERT_USAGE}`,
    );
  }
  const view = values.view;
  if (!isExportView(view))
    throw new CliError(`--view must be clean or negotiation, not "${view}"\nusage: ${CONVERT_USAGE}`);
  const info = FORMATS[format];
  if (info.binary && values.out === undefined && process.stdout.isTTY) {
    throw new CliError(`${format} is a binary format: give --out FILE (or redirect the output)`);
  }
  const { report, warnings } = await readReportFile(file);
  for (const warning of warnings) process.stderr.write(`${file}: warning: ${warning}\n`);
  await writeOutput(await info.write(report, { view }), values.out);
}
