/** What the editor knows of its token: enough to mirror the server's decisions in the UI. */
export interface Session {
  room: string;
  token: string;
  role: 'secretariat' | 'delegate' | 'observer';
  delegation: string | null;
  expiresAt: Date;
}

const storageKey = (room: string): string => `accord:token:${room}`;

/**
 * The token arrives in the URL fragment (never sent to the server, so never in its logs), is kept
 * for the browser session, and is then removed from the address bar, which a projector shows.
 */
export function readSession(room: string): Session | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(storageKey(room), fromHash);
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }
  const token = fromHash ?? sessionStorage.getItem(storageKey(room));
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || claims.room !== room) return null;
  return {
    room,
    token,
    role: claims.role,
    delegation: claims.delegation ?? null,
    expiresAt: new Date(claims.exp * 1000),
  };
}

function decodeClaims(token: string): { room: string; role: Session['role']; delegation?: string; exp: number } | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return ['secretariat', 'delegate', 'observer'].includes(claims.role) ? claims : null;
  } catch {
    return null;
  }
}

export function displayName(session: Session): string {
  return session.delegation ?? { secretariat: 'Secretariat', delegate: 'Delegate', observer: 'Observer' }[session.role];
}
