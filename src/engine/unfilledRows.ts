import { cacheKey } from './programs/steps';
import type { StepEvent } from './stepEvent';

/**
 * A row whose key no read filled, and the lookups and stores its reads sent to other keys
 * (`GET user:2`, `SET profile:1`, in the order first sent): a read path that caches a row under
 * the wrong key is told which key it used, not only that the row's stayed empty.
 */
export interface FilledElsewhere {
  id: number;
  commands: string[];
}

/** What {@link unfilledRowsOf} found in one run. */
export interface UnfilledRows {
  rows: number[];
  /** Only the rows whose reads sent such commands (none: empty). */
  elsewhere: FilledElsewhere[];
}

type UnfilledEvent = Pick<
  StepEvent,
  | 'actor'
  | 'program'
  | 'target'
  | 'key'
  | 'command'
  | 'isHit'
  | 'isFillRefused'
  | 'isConnectionError'
  | 'reply'
  | 'isError'
>;

/** The commands that look a row up or store one: what a read path does with its row's key. */
const LOOKUP_OR_STORE =
  /^(GET|GETEX|GETDEL|MGET|HGET|HMGET|HGETALL|SET|SETEX|PSETEX|SETNX|GETSET|MSET|MSETNX|HSET|HMSET)$/;

/**
 * A fill Redis did not store because the key already held a value (read-through's `SET ... NX`
 * under write-through, where a writer stored a newer row meanwhile; a learner's `SETNX`).
 */
function isFillKeptOut(e: Pick<StepEvent, 'command' | 'reply'>): boolean {
  return (
    (/^SETNX /i.test(e.command) && e.reply === '(integer) 0') ||
    (/^SET .* NX\b/i.test(e.command) && e.reply === '(nil)')
  );
}

/**
 * The rows a finished read of `results` read when no read of that row filled its key (a step of
 * the read's own, `filledBy` holding "actor id"), hit it, or had its fill refused by the read
 * mitigation, kept out by a value already there (NX), or refused by Redis down or out of memory
 * (sorted), with the lookups and stores those reads sent to other keys; null when there is none.
 * A read's commands are told by its actor (a run's events name no request).
 */
export function unfilledRowsOf(
  results: readonly { kind: string; id: number; actor: string; error?: unknown }[],
  events: readonly UnfilledEvent[],
  filledBy: ReadonlySet<string>,
): UnfilledRows | null {
  const reads = results.filter((r) => r.kind === 'read' && r.error === undefined);
  const isCached = (actor: string, id: number) =>
    filledBy.has(`${actor} ${id}`) ||
    events.some(
      (e) =>
        e.actor === actor &&
        e.key === cacheKey(id) &&
        (e.isHit ||
          e.isFillRefused ||
          e.isConnectionError === true ||
          (e.isError && /^OOM /.test(e.reply)) ||
          isFillKeptOut(e)),
    );
  const rows = [...new Set(reads.map((r) => r.id))].filter(
    (id) => !reads.some((r) => r.id === id && isCached(r.actor, id)),
  );
  if (rows.length === 0) return null;
  rows.sort((a, b) => a - b);
  const elsewhere: FilledElsewhere[] = [];
  for (const id of rows) {
    const actors = new Set(reads.filter((r) => r.id === id).map((r) => r.actor));
    const commands = new Set<string>();
    for (const e of events) {
      if (e.target !== 'redis' || e.program !== 'read' || !actors.has(e.actor)) continue;
      if (e.key === '' || e.key === cacheKey(id)) continue;
      const verb = e.command.split(' ', 1)[0].toUpperCase();
      if (LOOKUP_OR_STORE.test(verb)) commands.add(`${verb} ${e.key}`);
    }
    if (commands.size > 0) elsewhere.push({ id, commands: [...commands] });
  }
  return { rows, elsewhere };
}

/**
 * Of the runs' `elsewhere`, those of `rows` (the rows no read filled in any run), each row's
 * commands gathered over the runs in the order first seen.
 */
export function elsewhereOver(
  runs: readonly { unfilledElsewhere?: readonly FilledElsewhere[] }[],
  rows: readonly number[],
): FilledElsewhere[] {
  const byRow = new Map<number, Set<string>>();
  for (const run of runs)
    for (const { id, commands } of run.unfilledElsewhere ?? []) {
      if (!rows.includes(id)) continue;
      const seen = byRow.get(id) ?? new Set<string>();
      for (const c of commands) seen.add(c);
      byRow.set(id, seen);
    }
  return rows.flatMap((id) => {
    const seen = byRow.get(id);
    return seen === undefined ? [] : [{ id, commands: [...seen] }];
  });
}
