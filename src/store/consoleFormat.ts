import type { SqlValue } from 'sql.js';
import { lineLengthRefusal } from '../engine/consoleLimits';
import type { SqlResult } from '../engine/database';
import {
  formatReply,
  parseCommandLine,
  toRedisReply,
  typedReply,
  validateCommand,
} from '../engine/redisCli';

/** What a console shows for one input: the text as the real tool prints it, and whether it failed. */
export interface ConsoleReply {
  text: string;
  isError: boolean;
}

/** A typed Redis line, parsed and checked; `argv` is set only when it may be sent. */
export function prepareRedisLine(line: string): { argv: string[] } | { reply: ConsoleReply } {
  const tooLong = lineLengthRefusal(line);
  if (tooLong !== null) return { reply: { text: `(error) ERR ${tooLong}`, isError: true } };
  const parsed = parseCommandLine(line);
  if ('error' in parsed) return { reply: { text: parsed.error, isError: true } };
  if (parsed.argv.length === 0) return { reply: { text: '', isError: false } };
  const refusal = validateCommand(parsed.argv);
  if (refusal !== null) return { reply: { text: `(error) ${refusal}`, isError: true } };
  return { argv: parsed.argv };
}

/** The engine's answer to a console command, printed as redis-cli would. */
export function formatRedisResult(argv: string[], result: unknown): ConsoleReply {
  const r = result as { reply?: unknown; error?: string };
  if (r.error !== undefined)
    return { text: formatReply(toRedisReply(argv[0], new Error(r.error))), isError: true };
  // The console's command layer marks statuses itself: every string it returns is a bulk string.
  return { text: formatReply(typedReply(r.reply)), isError: false };
}

/** A SQL console answer: a table for rows, a count for changes, or SQLite's error. */
export type SqlConsoleResult =
  | { columns: string[]; rows: SqlValue[][]; changes: number; isTruncated?: boolean }
  | { error: string };

export function toSqlConsoleResult(result: unknown): SqlConsoleResult {
  const r = result as Partial<SqlResult> & { error?: string };
  if (typeof r.error === 'string') return { error: r.error };
  return {
    columns: r.columns ?? [],
    rows: r.rows ?? [],
    changes: r.changes ?? 0,
    ...(r.isTruncated ? { isTruncated: true } : {}),
  };
}
