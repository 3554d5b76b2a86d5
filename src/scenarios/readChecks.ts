import type { SimSnapshot } from '../engine/simSnapshot';

/*
 * A promise is judged on what the run did (its events, counters and results), never on what the
 * stores hold now: a console line after the last beat changes Redis or the database, not what
 * happened, and the verdict must not deny what the counters and the log show.
 */

/**
 * The newest read of row `id` that returned (of `actor`, when given): what a promise about "the
 * next read" of that row is judged on. A read of another row, started after the last beat, is no
 * read the promise speaks of: by the newest read of any row, a learner's read of user 1 after
 * stale-set's end turned its verdict to "not met".
 */
export function lastReadOf(s: SimSnapshot, id: number, actor?: string) {
  const reads = s.results.filter(
    (r) => r.kind === 'read' && r.id === id && (actor === undefined || r.actor === actor),
  );
  const last = reads.at(-1);
  return last?.kind === 'read' ? last : undefined;
}

/**
 * A program (not a console) cached a row under `key` with a SET that Redis accepted: of
 * `version`, when given.
 */
export function programCached(s: SimSnapshot, key: string, version?: number): boolean {
  return s.events.some(
    (e) =>
      e.program !== 'console' &&
      e.target === 'redis' &&
      e.key === key &&
      e.command.startsWith('SET ') &&
      !e.isError &&
      (version === undefined || e.rowVersion === version),
  );
}

/**
 * `actor` has finished everything it was given, and its newest read of row `id` returned the row's current
 * version, judged fresh when it returned: what a variant may promise about "the next read"
 * only once that read has run to its end.
 */
export function readEndedFresh(s: SimSnapshot, actor: string, id: number): boolean {
  const a = s.actors.find((x) => x.name === actor);
  if (!a || a.task !== null || a.queued > 0) return false;
  const last = lastReadOf(s, id, actor);
  return last !== undefined && last.verdict?.isStale === false;
}

/** The newest read of row `id` returned `version`, judged stale when it returned. */
export function readEndedStale(s: SimSnapshot, id: number, version: number): boolean {
  const last = lastReadOf(s, id);
  return last !== undefined && last.version === version && last.verdict?.isStale === true;
}
