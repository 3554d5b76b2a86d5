/**
 * What the cache layer (library code in the application's process) sends: both logs name it
 * `cache`, and each of its lines keeps whom it sent it for, from the request's own record: the
 * actor whose request it serves (`A`), or its own background job (`flusher`, `refresher`).
 * `connection` is the Redis connection it goes over.
 */
export interface CacheLayerSend {
  readonly name: 'cache';
  readonly for: string;
  readonly connection: string;
}

/** Who sends a command or a statement: a client by name (an actor, `console`), or the cache layer. */
export type Sender = string | CacheLayerSend;

/** The cache layer's own Redis connection. */
export const CACHE_CONNECTION = 'cache';

/** The name both logs give the sender (`A`, `console`, `cache`). */
export const senderName = (s: Sender): string => (typeof s === 'string' ? s : s.name);

/** Whom the cache layer sent it for (undefined: a client's own command). */
export const senderFor = (s: Sender): string | undefined =>
  typeof s === 'string' ? undefined : s.for;

/** The Redis connection it goes over. */
export const connectionOf = (s: Sender): string => (typeof s === 'string' ? s : s.connection);
