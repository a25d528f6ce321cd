import { afterEach, describe, expect, it } from 'vitest';
import { PALETTE } from '../schema/index';
import { connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { seedRoom, startTestServer, type TestServer } from './helpers/test-server';

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

/** WCAG relative luminance contrast of white text on `hex`. */
function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
  return 1.05 / (luminance + 0.05);
}

describe('who is who (interface 7)', () => {
  it('every caret colour carries white label text at 4.5:1 or more', () => {
    for (const colour of PALETTE) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });

  it('delegations in one room get distinct colours (Belize, El Salvador and Mexico once shared one); two windows of one name are told apart', async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const names = ['Belize', 'El Salvador', 'Mexico', 'Honduras', 'Panama'];
    const clients = await Promise.all(
      names.map((name) => connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', name))),
    );
    const first = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const second = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const witness = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    for (const client of [...clients, first, second]) client.provider.awareness.setLocalStateField('cursor', null);
    await eventually(() => {
      // What a participant sees of the others (its own local state carries no server-given user).
      const users = [...witness.provider.awareness.getStates().values()]
        .map((state) => state.user as { name: string; color: string } | undefined)
        .filter((user) => user !== undefined);
      expect(users).toHaveLength(7);
      const delegations = users.filter((user) => names.includes(user.name));
      expect(new Set(delegations.map((user) => user.color)).size).toBe(names.length);
      expect(users.map((user) => user.name).sort()).toEqual([...names, 'Secretariat', 'Secretariat 2'].sort());
    });
  });
});
