import type { SimSnapshot } from '../engine/simulation';

/**
 * `actor` has finished everything it was given, and its newest read returned the row's current
 * version, judged fresh when it returned: what a variant may promise about "the next read"
 * only once that read has run to its end.
 */
export function readEndedFresh(s: SimSnapshot, actor: string, id: number): boolean {
  const a = s.actors.find((x) => x.name === actor);
  if (!a || a.task !== null || a.queued > 0) return false;
  const last = s.results.filter((r) => r.kind === 'read' && r.actor === actor).at(-1);
  const row = s.db.find((r) => r.id === id);
  return (
    last?.kind === 'read' &&
    last.id === id &&
    last.verdict?.isStale === false &&
    last.version === row?.version
  );
}
