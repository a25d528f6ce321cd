import { EXPORT_FORMATS } from '../../schema/formats/format-names';
import { ROLES } from '../auth/roles';

/** Each command's usage line, apart from the commands themselves: `accord help` loads none of them. */
export const SERVE_USAGE = 'accord serve [--port 1234] [--host 0.0.0.0] [--data ./data]';
export const TOKEN_USAGE = `accord token --room ROOM --role ${ROLES.join('|')} [--delegation NAME] [--ttl 12h] [--data DIR]`;
export const TOKENS_USAGE = 'accord tokens list --room ROOM [--data DIR]';
export const REVOKE_USAGE = 'accord revoke ID [--data DIR]';
export const MEETING_USAGE =
  'accord meeting create --title T --date YYYY-MM-DD --venue V --delegations "Belize,Canada,…" [--body B] [--room ROOM] [--ttl 14d] [--url http://localhost:1234] [--data DIR]';
export const CONVERT_USAGE = `accord convert FILE --to ${EXPORT_FORMATS.join('|')} [--view clean|negotiation] [--out FILE]`;
export const IMPORT_USAGE = 'accord import FILE --room ROOM [--data DIR]';
export const EXPORT_USAGE = `accord export ROOM --format ${EXPORT_FORMATS.join('|')} [--view clean|negotiation] [--out FILE] [--data DIR]`;
export const BACKUP_USAGE = 'accord backup --out FILE [--data DIR]';
export const RESTORE_USAGE = 'accord restore FILE [--data DIR]';
