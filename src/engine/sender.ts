/**
 * What the cache layer (library code in the application's process) sends: both logs name it
 * `cache`, and each of its lines keeps whom it sent it for, from the request's own record: the
 * actor whose request it serves (`A`), or its own background job (`flusher`, `refresher`).
 * `connection` is the Redis connection it goes over: the library shares its process's client, so
 * a request's load goes over that actor's connection; the background jobs run in a worker of the
 * cache layer's own, with one connection (`cache`).
 */
export interface CacheLayerSend {
  readonly name: 'cache';
  readonly for: string;
  readonly connection: string;
}

/** Who sends a command or a statement: a client by name (an actor, `console`), or the cache layer. */
export type Sender = string | CacheLayerSend;

/** The Redis connection of the cache layer's background worker (the flusher, the refresher). */
export const CACHE_WORKER_CONNECTION = 'cache';

/** The name both logs give the sender (`A`, `console`, `cache`). */
export const senderName = (s: Sender): string => (typeof s === 'string' ? s : s.name);

/** Whom the cache layer sent it for (undefined: a client's own command). */
export const senderFor = (s: Sender): string | undefined =>
  typeof s === 'string' ? undefined : s.for;

/** The Redis connection it goes over. */
export const connectionOf = (s: Sender): string => (typeof s === 'string' ? s : s.connection);
