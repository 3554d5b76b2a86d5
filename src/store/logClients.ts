import { BACKGROUND_ACTORS } from '../engine/simActor';
import type { LogLine } from './logLines';

/** The log's sender for the cache layer's lines (library code in the application's process). */
export const CACHE_LAYER = 'cache';

/**
 * Whom the cache layer sent a line for, in words beside it: "for A" (A's request), or "the
 * cache's flusher" (its own job, which serves no one request), as the diagrams name them.
 */
export const sentForText = (forActor: string): string =>
  BACKGROUND_ACTORS.includes(forActor) ? `the cache's ${forActor}` : `for ${forActor}`;

/** The cache layer's line's sender in a phrase: "the cache layer for A", "the cache's flusher". */
export const cacheLayerSenderText = (forActor: string): string =>
  BACKGROUND_ACTORS.includes(forActor)
    ? `the cache's ${forActor}`
    : `the cache layer for ${forActor}`;

/**
 * Whether the log's Show filter keeps `line`: every line for `all`; for a client, the lines it
 * sent and those the cache layer sent for it (A's load is A's too); for `cache`, every line the
 * cache layer sent, whomever for; the server's events (a restart, an eviction) for every
 * choice: they happened to every client.
 */
export const isShownBy = (line: LogLine, filter: string): boolean =>
  filter === 'all' || line.isEvent || line.actor === filter || line.forActor === filter;

/** One choice of the Show filter: its value, and a label that says what it keeps. */
export interface LogClient {
  value: string;
  label: string;
}

/**
 * The Show filter's choices for these lines, in name order: each client that sent a line, each
 * actor or background job the cache layer sent a line for, and the cache layer itself. A label
 * says when a choice takes in the cache layer's lines.
 */
export function logClients(lines: readonly LogLine[]): LogClient[] {
  const senders = new Set<string>();
  const servedBy = new Set<string>();
  for (const l of lines) {
    // The server's own event (a restart, an eviction) was sent by no client.
    if (l.isEvent) continue;
    senders.add(l.actor);
    if (l.forActor !== undefined) servedBy.add(l.forActor);
  }
  const names = [...new Set([...senders, ...servedBy])].sort();
  return names.map((value) => ({ value, label: clientLabel(value, servedBy.has(value)) }));
}

function clientLabel(name: string, hasCacheLines: boolean): string {
  if (name === CACHE_LAYER) return 'cache layer (all it sent, for anyone)';
  if (!hasCacheLines) return name;
  return BACKGROUND_ACTORS.includes(name)
    ? `${name} (the cache layer's own job)`
    : `${name} (with the cache layer's for ${name})`;
}
