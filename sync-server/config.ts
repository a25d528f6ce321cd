/** Limits against bad input and overload. Each has a default chosen for a real meeting. */
export interface Limits {
  /** Largest WebSocket message, in bytes; larger ones close the connection with 1009. Default 16 MiB (a pasted 300-page report fits). */
  maxMessageBytes: number;
  /** Sustained messages a second per connection. Default 500: a fast typist with cursor updates sends about 20. */
  messagesPerSecond: number;
  /** Messages a connection may send at once before the per-second rate applies. Default 2000 (a paste, a reconnect). */
  messageBurst: number;
  /** Open connections from one IP address. Default 512: all delegations often share one venue IP. */
  connectionsPerIp: number;
  /** Rooms held in memory at once; further rooms get 1013 (try again later). Default 1000. */
  maxRooms: number;
  /** Messages a connection may send while its room is still loading. Default 1000. */
  maxQueuedWhileLoading: number;
  /**
   * Bytes the server may hold for a client that does not read (sent but not yet taken by the
   * network); beyond it the connection is closed with 4429. Default 32 MiB: twice the largest message.
   */
  maxBufferedBytes: number;
  /** Open connections with one token (one invitation link). Default 32: a delegation's laptops and tabs. */
  connectionsPerToken: number;
  /** Presence (awareness) messages a second per connection, apart from document updates. Default 30, burst 120. */
  presencePerSecond: number;
  /** Largest presence state of one client, in bytes of JSON. Default 8 KiB: a name, a colour and two carets. */
  maxPresenceBytes: number;
  /** Presence client ids one connection may speak for. Default 4 (the editor uses one). */
  maxPresenceClients: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 16 * 1024 * 1024,
  messagesPerSecond: 500,
  messageBurst: 2000,
  connectionsPerIp: 512,
  maxRooms: 1000,
  maxQueuedWhileLoading: 1000,
  maxBufferedBytes: 32 * 1024 * 1024,
  connectionsPerToken: 32,
  presencePerSecond: 30,
  maxPresenceBytes: 8 * 1024,
  maxPresenceClients: 4,
};

/**
 * What a sync step 1 or a presence query costs against the message rate, in ordinary messages:
 * each makes the server encode and send a whole document or every presence.
 */
export const EXPENSIVE_MESSAGE_COST = 20;

export interface HubOptions {
  limits: Limits;
  /** Compact a room's update log into a snapshot after this many appended updates. Default 500. */
  compactEvery: number;
  /** How long an empty room stays in memory before it unloads, in ms. Default 1000 (a reload reconnects within it). */
  unloadDelayMs: number;
  /**
   * How often the server pings each WebSocket, in ms; one that has neither answered the previous
   * ping nor sent anything since is closed (and its presence leaves). Default 5000: others see a
   * delegation that vanished without closing (a laptop lid, a dropped Wi-Fi) leave within 10 s.
   */
  pingIntervalMs: number;
  /**
   * How often open connections' links are checked for a revocation made outside this server (by
   * `accord revoke`, or another instance), in ms. Default 3000. A revocation through the HTTP API
   * closes connections at once.
   */
  revocationCheckMs: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  limits: DEFAULT_LIMITS,
  compactEvery: 500,
  unloadDelayMs: 1000,
  pingIntervalMs: 5000,
  revocationCheckMs: 3000,
};

/** Environment variables that override each limit (an operator's knobs; see README). */
export const LIMIT_ENV: Record<keyof Limits, string> = {
  maxMessageBytes: 'ACCORD_MAX_MESSAGE_BYTES',
  messagesPerSecond: 'ACCORD_MESSAGES_PER_SECOND',
  messageBurst: 'ACCORD_MESSAGE_BURST',
  connectionsPerIp: 'ACCORD_CONNECTIONS_PER_IP',
  maxRooms: 'ACCORD_MAX_ROOMS',
  maxQueuedWhileLoading: 'ACCORD_MAX_QUEUED_WHILE_LOADING',
  maxBufferedBytes: 'ACCORD_MAX_BUFFERED_BYTES',
  connectionsPerToken: 'ACCORD_CONNECTIONS_PER_TOKEN',
  presencePerSecond: 'ACCORD_PRESENCE_PER_SECOND',
  maxPresenceBytes: 'ACCORD_MAX_PRESENCE_BYTES',
  maxPresenceClients: 'ACCORD_MAX_PRESENCE_CLIENTS',
};

/** The limits with any environment overrides; a value that is not a positive integer is an error. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof Limits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`${name} must be a positive whole number, not "${raw}"`);
    limits[key] = value;
  }
  return limits;
}
