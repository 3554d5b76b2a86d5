import type { SqlValue } from 'sql.js';
import type { VirtualClock } from './clock';
import { senderFor, senderName, type Sender } from './sender';

/** One SQL statement as the log shows it. */
export interface SqlLogEntry {
  seq: number;
  timeMs: number;
  /** Its place among the run's Redis and SQL log entries (the clock's `nextLogOrder`). */
  order: number;
  actor: string;
  /** Whom the cache layer (`actor` `cache`) sent it for (see `CacheLogEntry.forActor`). */
  forActor?: string;
  /** The statement with its parameters written in, as a reader would type it. */
  sql: string;
  kind: 'read' | 'write';
  rows?: number;
  changes?: number;
  /** What a console line did to the schema (see `SqlResult.schemaChanges`); absent when nothing. */
  schemaChanges?: string[];
  error?: string;
}

/** Writes SQL parameters into the statement text, for the log and the animation. */
export function inlineParams(sql: string, params: readonly SqlValue[]): string {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++];
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
    return "x'…'";
  });
}

/**
 * The database adapter's SQL log: every statement numbered (`seq`, counted even when `limit` is
 * 0 and nothing is kept), stamped with its virtual time, the oldest dropped past `limit`.
 */
export class SqlLog {
  /** The number of the last statement logged (0: none yet). */
  seq = 0;
  readonly entries: SqlLogEntry[] = [];
  private readonly clock: VirtualClock;
  private readonly limit: number;

  constructor(clock: VirtualClock, limit: number) {
    this.clock = clock;
    this.limit = limit;
  }

  /** Numbers a statement and, when the log keeps any, adds its line. */
  record(
    sender: Sender,
    sql: string,
    params: readonly SqlValue[],
    kind: 'read' | 'write',
    result: { rows?: number; changes?: number; schemaChanges?: string[]; error?: string },
  ): void {
    this.seq++;
    if (this.limit === 0) return;
    this.entries.push({
      seq: this.seq,
      timeMs: this.clock.nowMs,
      order: this.clock.nextLogOrder(),
      actor: senderName(sender),
      ...(senderFor(sender) !== undefined ? { forActor: senderFor(sender) } : {}),
      sql: params.length ? inlineParams(sql, params) : sql,
      kind,
      ...result,
    });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** The log as data (see `DatabaseState`). */
  saveState(): { log: SqlLogEntry[]; logSeq: number } {
    return { log: this.entries.slice(), logSeq: this.seq };
  }

  /** Puts a {@link saveState} back. */
  loadState(state: { log: readonly SqlLogEntry[]; logSeq: number }): void {
    this.entries.length = 0;
    this.entries.push(...state.log);
    this.seq = state.logSeq;
  }
}
