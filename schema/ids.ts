const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new stable id for an agreement or sub-item: 12 random characters (62 bits), so ids made on
 * different laptops at the same moment do not collide. Starts with a letter so it is a valid
 * HTML id and XML NCName.
 */
export function newId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = ALPHABET[bytes[0]! % 26]!;
  for (let i = 1; i < bytes.length; i++) id += ALPHABET[bytes[i]! % ALPHABET.length];
  return id;
}
