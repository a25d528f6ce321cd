import { delegationColour } from '../schema/index';
import type { Role } from './auth/roles';
import type { TokenClaims } from './auth/tokens';

/** Who a connection is, from its token alone: what presence shows and the activity record keeps. */
export interface Identity {
  role: Role;
  /** The delegation for delegates; for the secretariat and observers their delegation if named, else the role. */
  name: string;
  delegation: string | null;
  colour: string;
  tokenId: string;
  /** What presence shows: the name, with a window number from the second window of one name on. */
  displayName?: string;
  /** That window number, while the connection lasts (room-colours.ts). */
  window?: number;
}

const ROLE_NAMES: Record<Role, string> = { secretariat: 'Secretariat', delegate: 'Delegate', observer: 'Observer' };

export function identityOf(claims: TokenClaims): Identity {
  const delegation = claims.delegation?.trim() || null;
  const name = delegation ?? ROLE_NAMES[claims.role];
  return { role: claims.role, name, delegation, colour: delegationColour(name), tokenId: claims.jti };
}
