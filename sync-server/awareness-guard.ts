import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Identity } from './identity';

/**
 * Rewrites an incoming awareness update so that every state's `user` names the connection's own
 * delegation (a delegate cannot appear as another), removes the `accord` field only the server's
 * own presence carries (a client could otherwise announce a fake approval), and drops entries for
 * client ids this connection may not speak for. Throws on bytes that are not an awareness update
 * and on a state larger than `maxBytes`.
 */
export function guardAwarenessUpdate(
  update: Uint8Array,
  identity: Identity,
  owns: (clientId: number) => boolean,
  maxBytes = Number.POSITIVE_INFINITY,
): { update: Uint8Array; clientIds: number[] } | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (raw.length > maxBytes) throw new Error(`a presence state larger than ${maxBytes} bytes`);
    if (!owns(clientId)) continue;
    entries.push({ clientId, clock, state: rewriteState(raw, identity) });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return { update: encoding.toUint8Array(encoder), clientIds: entries.map((entry) => entry.clientId) };
}

function rewriteState(raw: string, identity: Identity): string {
  const state: unknown = JSON.parse(raw);
  if (state === null) return 'null';
  if (typeof state !== 'object' || Array.isArray(state))
    throw new Error('an awareness state must be an object or null');
  const { accord: _serverOnly, ...record } = state as Record<string, unknown>;
  const user = typeof record.user === 'object' && record.user !== null ? (record.user as Record<string, unknown>) : {};
  return JSON.stringify({
    ...record,
    user: {
      ...user,
      name: identity.displayName ?? identity.name,
      color: identity.colour,
      role: identity.role,
      delegation: identity.delegation,
    },
  });
}
