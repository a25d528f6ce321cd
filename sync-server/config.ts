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
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 16 * 1024 * 1024,
  messagesPerSecond: 500,
  messageBurst: 2000,
  connectionsPerIp: 512,
  maxRooms: 1000,
  maxQueuedWhileLoading: 1000,
};

export interface HubOptions {
  limits: Limits;
  /** Compact a room's update log into a snapshot after this many appended updates. Default 500. */
  compactEvery: number;
  /** How long an empty room stays in memory before it unloads, in ms. Default 1000 (a reload reconnects within it). */
  unloadDelayMs: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  limits: DEFAULT_LIMITS,
  compactEvery: 500,
  unloadDelayMs: 1000,
};

/** Environment variables that override each limit (an operator's knobs; see README). */
export const LIMIT_ENV: Record<keyof Limits, string> = {
  maxMessageBytes: 'ACCORD_MAX_MESSAGE_BYTES',
  messagesPerSecond: 'ACCORD_MESSAGES_PER_SECOND',
  messageBurst: 'ACCORD_MESSAGE_BURST',
  connectionsPerIp: 'ACCORD_CONNECTIONS_PER_IP',
  maxRooms: 'ACCORD_MAX_ROOMS',
  maxQueuedWhileLoading: 'ACCORD_MAX_QUEUED_WHILE_LOADING',
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
