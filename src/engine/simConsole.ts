// What a console line does to an interactive simulation (a Redis command, an SQL statement, the
// database reset to its seed): applied to the stores, then drawn as a step event like any other.
import type { LostWrite } from './patternLedger';
import { isSameKeyState } from './keyspacePeek';
import { ConsoleSqlRefusal } from './consoleSql';
import { RESET_DATABASE_STATEMENT } from './database';
import { cacheKey, userIdOfKey } from './programs/steps';
import { quoteArg, sliceShown, unseenEscaped } from './describe';
import { REPLY_PER_CHANNEL_COMMANDS } from './redisCommandSpecs';
import type { ConsoleRedisResult, SimAction } from './simAction';
import { checkWriteBehindQueue } from './stepActor';
import { startBackgroundJobs } from './simRequests';
import { deletedLockField, evictedBy, plainLockDelKey } from './stepEventFields';
import { rowWritten, touch, type SimState } from './simState';
import { describeRedisValue, type StepEvent, TTL_COMMANDS } from './stepEvent';
import { upperName } from './redisCommandNames';
import { takesFromTail } from './queueTouch';
import { queueExpired } from './queueLoss';
import { consoleChanged } from './consoleCopies';
import {
  closedTransactionText,
  execReplyText,
  lostWritesNamed,
  queueExpiredText,
  withSentence,
} from './stepNotes';
import { errorMessage } from './errorMessage';
import { RedisCommandError } from './cacheErrors';
import { schemaChangedText, sqlReplyText } from './sqlResult';

/** What a console line's step tells beyond its command and reply (an SQL line: its schema changes too). */
type ConsoleTold = Pick<
  StepEvent,
  | 'deletedLock'
  | 'evicted'
  | 'evictedUnflushed'
  | 'isConnectionError'
  | 'note'
  | 'otherChangedKeys'
  | 'schemaChanges'
  | 'ttlBefore'
>;

/** A line of the Redis console: sent on the actor's connection, and drawn like any other command. */
export async function applyRedisLine(
  s: SimState,
  action: Extract<SimAction, { type: 'redis' }>,
): Promise<ConsoleRedisResult> {
  const rt = s.runtime;
  const startMs = rt.clock.nowMs;
  const errorsBefore = rt.cache.errors;
  const lostBefore = rt.ledger.lostWrites;
  let result: ConsoleRedisResult;
  const evictionsBefore = rt.cache.evictions;
  let told: Omit<ConsoleTold, 'schemaChanges'> = {};
  let lost: LostWrite[] = [];
  // An outage or restart since the console's MULTI or WATCH dropped them: read before the
  // line, whose EXEC or DISCARD ends the record, as a program's step reads its own.
  const closedBefore = rt.cache.closedTransaction(action.actor);
  try {
    // The keys a command may change are among its arguments (an EXEC's, among those of
    // the commands it runs): what they held before it.
    const isExec = upperName(action.argv[0] ?? '') === 'EXEC';
    const before = rt.cache.keyStates(
      isExec
        ? rt.cache.queued(action.actor).flatMap((queued) => queued.slice(1))
        : action.argv.slice(1),
    );
    // A lock or lease removed by hand: what it held, to say whose it was.
    const lockKey = plainLockDelKey(action.argv);
    const lockBefore = lockKey !== undefined ? await rt.cache.peek(lockKey) : undefined;
    // A TTL command's key: the TTL it had, so the narration says what the command changed.
    const ttlKey = TTL_COMMANDS.has(upperName(action.argv[0] ?? '')) ? action.argv[1] : undefined;
    const ttlHeld = ttlKey !== undefined ? rt.cache.held(ttlKey) : undefined;
    const reply = await rt.cache.execConsole(action.actor, action.argv);
    told = {
      ...(ttlHeld !== undefined
        ? {
            ttlBefore:
              ttlHeld.expiresAtMs === Infinity
                ? null
                : Math.max(0, ttlHeld.expiresAtMs - Math.floor(startMs)),
          }
        : {}),
      ...deletedLockField(rt.cache.log, lockKey, lockBefore, reply),
      ...evictedBy(rt, rt.cache.evictions - evictionsBefore),
    };
    const touched = rt.cache.takeTouched();
    // The keys it changed (null: it cannot say which; 'all': it flushed the keyspace).
    const changed =
      touched === null || touched === 'all'
        ? touched
        : touched.filter(
            (key) =>
              !before.has(key) ||
              !isSameKeyState(rt.cache.keyStates([key]).get(key), before.get(key)),
          );
    const hasChanged = changed === null || changed === 'all' || changed.length > 0;
    await rt.cache.resync();
    if (hasChanged) lost = await checkWriteBehindQueue(s, takesFromTail(action.argv));
    // What the keys hold now, for the consistency figures (a copy deleted, one set by hand).
    if (changed !== null) consoleChanged(rt, changed);
    const key = action.argv[1];
    // At most 8: an MSET of 100,000 rows' keys would otherwise put each row in play.
    const rowKeys = Array.isArray(changed)
      ? changed.filter((k) => k !== key && userIdOfKey(k) > 0).slice(0, 8)
      : [];
    if (rowKeys.length > 0) told = { ...told, otherChangedKeys: rowKeys };
    // The rows it read or changed: RENAME's destination is in play as much as its source.
    for (const k of key === undefined ? rowKeys : [key, ...rowKeys]) {
      const id = userIdOfKey(k);
      if (id > 0) touch(s, id);
    }
    result = { reply, hasChanged };
  } catch (e) {
    result = { error: errorMessage(e) };
    // Redis down: the client rejected it unsent, and the diagrams draw it short of Redis.
    if (e instanceof RedisCommandError && e.isConnectionError)
      told = { ...told, isConnectionError: true };
  }
  const closedText =
    closedBefore === undefined
      ? undefined
      : closedTransactionText(
          action.actor,
          closedBefore,
          action.argv,
          'error' in result ? result.error : undefined,
        );
  if (closedText !== undefined) told = { ...told, note: closedText };
  noteConsoleCommand(
    s,
    action.actor,
    'redis',
    action.argv,
    result,
    startMs,
    undefined,
    rt.ledger.lostWrites - lostBefore,
    told,
    lost,
  );
  s.consoleCacheErrors += rt.cache.errors - errorsBefore;
  return result;
}

/** The console's reset of the database to its seed rows, drawn as the console's other lines are. */
export function applyResetDatabase(
  s: SimState,
  action: Extract<SimAction, { type: 'resetDatabase' }>,
) {
  const rt = s.runtime;
  const startMs = rt.clock.nowMs;
  rowWritten(s, 'all');
  const { rows: changes, schemaChanges } = rt.db.resetToSeed(action.actor);
  if (changes > 0) rt.clock.advance(rt.db.options.writeLatencyMs);
  const queueExpiry = queueExpired(rt);
  // Drawn as the console's other lines are, in both diagrams, in the SQL log's words.
  noteConsoleCommand(
    s,
    action.actor,
    'db',
    RESET_DATABASE_STATEMENT,
    {
      reply: `${changes} row${changes === 1 ? '' : 's'} changed${schemaChangedText({ schemaChanges })}`,
    },
    startMs,
    undefined,
    0,
    schemaChanges.length > 0 ? { schemaChanges } : {},
  );
  noteQueueExpiry(s, queueExpiry);
  if (changes > 0) {
    rt.changesCommitted([]);
    startBackgroundJobs(s);
  }
  return { changes };
}

/** A line of the SQL console, run on the actor's connection and drawn like any other command. */
export function applySqlLine(s: SimState, action: Extract<SimAction, { type: 'sql' }>) {
  const rt = s.runtime;
  const startMs = rt.clock.nowMs;
  try {
    const res = rt.db.execute(action.actor, action.sql);
    // A line that changed more than rows (a schema, a rename) has every row reread.
    if (res.hasChanged) rowWritten(s, 'all');
    if (res.columns[0] === 'id')
      for (const row of res.rows) if (typeof row[0] === 'number') touch(s, row[0]);
    for (const [id, cols] of Object.entries(res.changedCells)) {
      touch(s, Number(id));
      rowWritten(s, Number(id));
      s.changedCells[Number(id)] = Object.freeze([...cols]) as string[];
    }
    const ids = Object.keys(res.changedCells).map(Number);
    // Another process's write takes the database's write latency, like the application's:
    // a read that starts after it is judged against the new version.
    if (res.changes > 0 || ids.length > 0) rt.clock.advance(rt.config.dbWriteLatency);
    const queueExpiry = queueExpired(rt);
    // Under CDC the change log has them too: the consumer invalidates another process's writes.
    if (ids.length > 0) {
      rt.changesCommitted(ids);
      startBackgroundJobs(s);
    }
    const reply = sqlReplyText(res);
    const reused = res.versionsReused.map(([id, v]) => `user ${id} at version ${v}`);
    noteConsoleCommand(s, action.actor, 'db', action.sql, { reply }, startMs, ids[0], 0, {
      ...(reused.length > 0
        ? {
            note: `This line left ${reused.length > 3 ? `${reused.slice(0, 3).join(', ')} and ${reused.length - 3} more rows` : reused.join(', ')} again, with other contents than that version had: a copy of the earlier version ${reused.length === 1 ? res.versionsReused[0][1] : 'of each'} is judged by its fields, so one whose fields are not the row's is STALE.`,
          }
        : {}),
    });
    noteQueueExpiry(s, queueExpiry);
    return res;
  } catch (e) {
    const error = errorMessage(e);
    // Refused by the console before SQLite ran any of it (a COMMIT, a shell command ...):
    // nothing was sent, so nothing is drawn, as with a Redis line the console refuses.
    if (e instanceof ConsoleSqlRefusal && e.isBeforeAnyStatement) return { error, isRefused: true };
    noteConsoleCommand(s, action.actor, 'db', action.sql, { error }, startMs);
    return { error };
  }
}

/**
 * The console line just noted moved the clock (a write takes the database's write latency)
 * past the write-behind queue's expiry: its event counts and tells the writes lost with it.
 */
function noteQueueExpiry(s: SimState, expiry: ReturnType<typeof queueExpired>): void {
  const line = s.events.at(-1);
  if (expiry === null || expiry.lost.length === 0 || line === undefined) return;
  line.lostWrites = (line.lostWrites ?? 0) + expiry.lost.length;
  line.note = withSentence(line.note, queueExpiredText(expiry, 'this line'));
}

/** A console (or a scenario's "ops" process) sent a command: it is drawn like any other. */
function noteConsoleCommand(
  s: SimState,
  actor: string,
  target: 'redis' | 'db',
  /** A Redis command's arguments, or an SQL statement. */
  sent: readonly string[] | string,
  result: { reply: unknown } | { error: string },
  startMs: number,
  rowId?: number,
  lostWrites = 0,
  told: ConsoleTold = {},
  lostQueued: readonly LostWrite[] = [],
): void {
  const isError = 'error' in result;
  const lost = `${lostWrites} ${lostWrites === 1 ? 'write' : 'writes'}`;
  const named = lostWritesNamed(lostQueued, lostWrites);
  const key = typeof sent !== 'string' ? (sent[1] ?? '') : rowId ? cacheKey(rowId) : '';
  // As the narration writes a command: each argument quoted as a program step's is (a key with
  // a space, a NUL or a backslash reads as itself), a NUL or a direction mark shown.
  const command = typeof sent === 'string' ? unseenEscaped(sent) : sent.map(quoteArg).join(' ');
  const id = userIdOfKey(key);
  s.events.push({
    index: s.events.length + 1,
    actor,
    target,
    label: 'console',
    program: 'console',
    key,
    // Cut as the diagram cuts it: never inside an escape (`\x0…` would read as another byte).
    command: command.length > 120 ? sliceShown(command, 117) + '…' : command,
    ...(typeof sent === 'string' ? {} : { argCount: sent.length }),
    reply: isError
      ? `(error) ${result.error}`
      : target === 'redis'
        ? typeof sent !== 'string' &&
          REPLY_PER_CHANNEL_COMMANDS.has((sent[0] ?? '').toUpperCase()) &&
          Array.isArray(result.reply)
          ? // UNSUBSCRIBE a b: Redis sends a reply for each channel, not one of two items.
            `${result.reply.length} ${result.reply.length === 1 ? 'reply' : 'replies'}`
          : typeof sent !== 'string' && (sent[0] ?? '').toUpperCase() === 'EXEC'
            ? execReplyText(result.reply)
            : describeRedisValue(result.reply)
        : String(result.reply),
    isError,
    startMs,
    effectMs: startMs,
    endMs: s.runtime.clock.nowMs,
    isHit: false,
    isMiss: false,
    isTombstone: false,
    rowVersion: target === 'db' && id > 0 ? s.runtime.db.committedVersion(id) : null,
    committedVersion: id > 0 ? s.runtime.db.committedVersion(id) : null,
    isStaleFill: false,
    isFillRefused: false,
    isStaleRead: false,
    finishes: true,
    ...told,
    ...(lostWrites > 0
      ? {
          lostWrites,
          note: `${told.note === undefined ? '' : `${told.note} `}The write-behind queue lost ${lost} the application had queued and acknowledged${named}: ${lostWrites === 1 ? 'it never reaches' : 'they never reach'} the database, and Writes lost counts ${lostWrites === 1 ? 'it' : 'them'}.`,
        }
      : {}),
  });
}
