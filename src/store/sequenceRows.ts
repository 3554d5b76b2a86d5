import type { SimSnapshot, StepEvent } from '../engine/simulation';

/** One arrow of the sequence diagram: a program step, or a console / other-process command. */
export interface SequenceRow {
  id: string;
  kind: 'step' | 'console';
  /** Step number (program steps only). */
  index: number | null;
  actor: string;
  target: 'redis' | 'db';
  command: string;
  reply: string;
  isError: boolean;
  event: StepEvent | null;
  /** Virtual time the command was sent. */
  timeMs: number;
}

const cache = new WeakMap<SimSnapshot, SequenceRow[]>();

/**
 * Program steps plus the commands of clients that are not actors (consoles, the admin script of a
 * scenario), merged by virtual time. A command from outside at the same instant a step starts
 * ran before it. Memoised per snapshot.
 */
export function selectSequenceRows(snapshot: SimSnapshot): SequenceRow[] {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const actorNames = new Set(snapshot.actors.map((a) => a.name));
  const steps: SequenceRow[] = snapshot.events
    .filter((e) => e.target !== 'wait')
    .map((e) => ({
      id: `e${e.index}`,
      kind: 'step',
      index: e.index,
      actor: e.actor,
      target: e.target === 'redis' ? ('redis' as const) : ('db' as const),
      command: e.command,
      reply: e.reply,
      isError: e.isError,
      event: e,
      timeMs: e.startMs,
    }));
  const outside: SequenceRow[] = [
    ...snapshot.redisLog
      .filter((l) => !actorNames.has(l.actor))
      .map((l) => ({
        id: `r${l.seq}`,
        kind: 'console' as const,
        index: null,
        actor: l.actor,
        target: 'redis' as const,
        command: l.argv.join(' '),
        reply: l.error !== undefined ? `(error) ${l.error}` : describe(l.reply),
        isError: l.error !== undefined,
        event: null,
        timeMs: l.timeMs,
      })),
    ...snapshot.sqlLog
      .filter((l) => !actorNames.has(l.actor))
      .map((l) => ({
        id: `s${l.seq}`,
        kind: 'console' as const,
        index: null,
        actor: l.actor,
        target: 'db' as const,
        command: l.sql,
        reply:
          l.error !== undefined
            ? `Error: ${l.error}`
            : l.changes !== undefined
              ? `${l.changes} changed`
              : `${l.rows ?? 0} rows`,
        isError: l.error !== undefined,
        event: null,
        timeMs: l.timeMs,
      })),
  ].sort((a, b) => a.timeMs - b.timeMs);
  const rows: SequenceRow[] = [];
  let i = 0;
  let j = 0;
  while (i < steps.length || j < outside.length) {
    if (i >= steps.length || (j < outside.length && outside[j].timeMs <= steps[i].timeMs))
      rows.push(outside[j++]);
    else rows.push(steps[i++]);
  }
  cache.set(snapshot, rows);
  return rows;
}

function describe(reply: unknown): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  return String(reply);
}
