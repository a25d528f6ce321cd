import type { TestServer } from './test-server';

export type ApiRole = 'secretariat' | 'delegate' | 'observer';

/**
 * Calls the HTTP API of `room` as a role (a delegate is Canada unless named), the way a test reads:
 * `api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' })` → `{ status, body }` (JSON parsed).
 */
export function roomApi(server: () => TestServer, room: string) {
  return async (path: string, role: ApiRole, init: { method?: string; body?: unknown; delegation?: string } = {}) => {
    const s = server();
    const response = await fetch(`${s.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${s.token(room, role, init.delegation ?? (role === 'delegate' ? 'Canada' : undefined))}`,
        'Content-Type': 'application/json',
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') ? await response.json() : await response.text() };
  };
}
