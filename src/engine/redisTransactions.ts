// MULTI, EXEC, DISCARD, WATCH and UNWATCH for the console: a transaction state for each console
// connection, and which keys a command signals as modified, as Redis' `signalModifiedKey` does.
// The adapter (cache.ts) owns the states and runs the queue; this module holds Redis' rules.
//
// ioredis-mock's own WATCH is not used: it aborts an EXEC after any DEL of a watched key, even
// one that removed nothing (watch.test.ts), where Redis does not, which is the very fact the
// stale-set lesson needs (a WATCH does not stop the race).

import type { RedisReply } from './redisCli';
import { asciiUpper, optionWord, type CommandOutcome } from './redisCommandKit';
import { lookupRedis7Command } from './redisCommandNames';
import { COPY_ELSEWHERE, MOVE_ELSEWHERE } from './redisKeyCommands';
import { consoleRefusal, databaseSwitch, queueRefusal, waitsForReplicas } from './redisValidation';
import { TRANSACTION_COMMANDS } from './connectionCommandSpecs';
import { REPLY_PER_CHANNEL_COMMANDS } from './redisCommandSpecs';

export { TRANSACTION_COMMANDS };

/** Redis 7's replies, word for word. */
export const NESTED_MULTI = 'ERR MULTI calls can not be nested';
export const EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const WATCH_INSIDE_MULTI = 'ERR WATCH inside MULTI is not allowed';
export const EXECABORT_PREVIOUS_ERRORS =
  'EXECABORT Transaction discarded because of previous errors.';

/**
 * One connection's transaction: the commands queued since MULTI, whether one was refused while
 * queuing, and the keys it watches with what each held when last looked at.
 */
export interface ConnectionTransaction<State> {
  /** Commands queued since MULTI; null outside MULTI. */
  queue: string[][] | null;
  /** A command was refused while queuing: EXEC answers EXECABORT and runs nothing. */
  isAborted: boolean;
  /** Each watched key and what it held after the last command (undefined: absent or expired). */
  watched: Map<string, State | undefined>;
  /** A watched key was modified since WATCH: EXEC answers nil and runs nothing. */
  isDirty: boolean;
}

/** A {@link ConnectionTransaction} as plain data, for Back's checkpoints. */
export interface TransactionData<State> {
  actor: string;
  queue: string[][] | null;
  isAborted: boolean;
  watched: [key: string, state: State | null][];
  isDirty: boolean;
}

export function newTransaction<State>(): ConnectionTransaction<State> {
  return { queue: null, isAborted: false, watched: new Map(), isDirty: false };
}

/** Whether a connection has nothing left to remember (not in MULTI, watching nothing). */
export const isIdle = (tx: ConnectionTransaction<unknown>): boolean =>
  tx.queue === null && tx.watched.size === 0;

export function saveTransaction<State>(
  actor: string,
  tx: ConnectionTransaction<State>,
): TransactionData<State> {
  return {
    actor,
    queue: tx.queue === null ? null : tx.queue.map((argv) => [...argv]),
    isAborted: tx.isAborted,
    watched: [...tx.watched].map(([key, state]) => [key, state ?? null]),
    isDirty: tx.isDirty,
  };
}

export function loadTransaction<State>(data: TransactionData<State>): ConnectionTransaction<State> {
  return {
    queue: data.queue === null ? null : data.queue.map((argv) => [...argv]),
    isAborted: data.isAborted,
    watched: new Map(data.watched.map(([key, state]) => [key, state ?? undefined])),
    isDirty: data.isDirty,
  };
}

const isError = (reply: unknown): boolean =>
  reply instanceof Error || (typeof reply === 'object' && reply !== null && 'error' in reply);

/** An integer reply as a number, typed (`{ integer }`) or as the client hands it over. */
function asNumber(reply: unknown): number | undefined {
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'object' && reply !== null && 'integer' in reply)
    return Number((reply as { integer: string }).integer);
  return undefined;
}

/**
 * The keys a command that succeeded with `reply` wrote even where what they hold did not change:
 * Redis signals them as modified, so a WATCH of them aborts the EXEC (a SET of the value the key
 * already holds, an INCRBY 0, an EXPIRE to the same time). A key whose value, type or expiry
 * changed is modified whatever the command (the adapter compares what it held); a command that
 * changed nothing and is not listed here signals nothing: a DEL or EXPIRE of a missing key, a
 * SET NX that found the key, a SADD of a member already there. `touched`: the keys the command
 * layer touched, for a command whose reply does not say (LTRIM); none for a command it did not
 * run. Checked against redis-server 7.0 (redisParity.test.ts).
 */
export function keysWrittenAnyway(
  argv: readonly string[],
  reply: unknown,
  touched: CommandOutcome['touched'] = [],
): string[] {
  if (isError(reply) || argv.length < 2) return [];
  const name = asciiUpper(argv[0]);
  const n = asNumber(reply);
  switch (name) {
    case 'SET': {
      const options = argv.slice(3).map(asciiUpper);
      const hasGet = options.includes('GET');
      const isNx = options.includes('NX');
      const isXx = options.includes('XX');
      // With GET the reply is the old value: NX wrote only when there was none, XX only when
      // there was one. Without GET, nil says the condition was not met.
      const wrote = hasGet
        ? isNx
          ? reply === null
          : isXx
            ? reply !== null
            : true
        : reply !== null;
      return wrote ? [argv[1]] : [];
    }
    case 'SETEX':
    case 'PSETEX':
    case 'GETSET':
    case 'APPEND':
    case 'INCR':
    case 'DECR':
    case 'INCRBY':
    case 'DECRBY':
    case 'INCRBYFLOAT':
    case 'HSET':
    case 'HMSET':
    case 'HINCRBY':
    case 'HINCRBYFLOAT':
    case 'LPUSH':
    case 'RPUSH':
      return [argv[1]];
    case 'SETRANGE':
      // An empty value writes nothing (Redis answers the length and returns).
      return argv[3] === '' ? [] : [argv[1]];
    case 'MSET':
      return argv.filter((_, i) => i % 2 === 1);
    case 'MSETNX':
      return n === 1 ? argv.filter((_, i) => i % 2 === 1) : [];
    case 'EXPIRE':
    case 'PEXPIRE':
    case 'EXPIREAT':
    case 'PEXPIREAT':
      return n === 1 ? [argv[1]] : [];
    case 'COPY':
      return n === 1 ? [argv[2]] : [];
    case 'RENAME':
      return argv[1] === argv[2] ? [] : [argv[1], argv[2]];
    case 'RENAMENX':
      return n === 1 ? [argv[1], argv[2]] : [];
    case 'LINSERT':
      return n !== undefined && n > 0 ? [argv[1]] : [];
    case 'SINTERSTORE':
    case 'SUNIONSTORE':
    case 'SDIFFSTORE':
      // A result stored is written all the same, even where the destination held it already.
      return n !== undefined && n > 0 ? [argv[1]] : [];
    case 'LTRIM':
      // OK either way: a list that exists is written even when all of it is kept, a missing
      // key is not. The command layer touched the list only where it found one.
      return touched === 'all' ? [] : touched;
    case 'LMOVE':
    case 'RPOPLPUSH':
      // A list rotated onto itself may hold what it held: both keys are written all the same.
      return reply !== null ? [argv[1], argv[2]] : [];
    case 'LSET':
      // An element set to what it was is written all the same (Redis signals the key).
      return [argv[1]];
    case 'GETEX':
      // EX, PX, EXAT or PXAT on a key that exists set its expiry; PERSIST changes it or nothing.
      return reply !== null && argv.length > 2 && asciiUpper(argv[2]) !== 'PERSIST'
        ? [argv[1]]
        : [];
    default:
      return [];
  }
}

/** What {@link stepTransaction} needs from the adapter. */
export interface TransactionHooks<State> {
  /** Runs one command on the command layer now (a queued one, at EXEC). */
  run(argv: string[]): CommandOutcome;
  /** What each key holds now (undefined: absent or expired), to watch it. */
  states(keys: readonly string[]): Map<string, State | undefined>;
  /** Compares the watched keys with what they held, now: a key expired since counts. */
  checkWatched(): void;
  /** The keys a queued command wrote though they hold what they held (EXEC's, after it). */
  wrote(keys: readonly string[]): void;
  /**
   * A way to run commands one after another on a copy of the keyspace now, which changes
   * nothing (not the keyspace, not a counter), to try a queue before running it.
   */
  trial(): (argv: string[]) => CommandOutcome;
}

const err = (text: string): CommandOutcome => ({ reply: { error: text }, touched: [] });
const okOutcome = (): CommandOutcome => ({ reply: { status: 'OK' }, touched: [] });

/**
 * One console line on a connection with transaction state `tx`: a transaction command, or any
 * command while in MULTI (queued, answered QUEUED). Undefined when the line is neither and runs
 * as usual. Redis 7's order: the name and arity first (a refusal in MULTI makes EXEC answer
 * EXECABORT; EXEC's own refusal discards the transaction), then the command, whose other errors
 * EXEC answers in its place (see `queueRefusal`). A command the console refuses though Redis
 * would run it is queued, as Redis queues it, and EXEC refuses the queue whole before anything
 * runs, saying which command and why (`queuedRefusal`).
 */
export function stepTransaction<State>(
  tx: ConnectionTransaction<State>,
  argv: string[],
  hooks: TransactionHooks<State>,
): CommandOutcome | undefined {
  const name = asciiUpper(argv[0] ?? '');
  const isQueuing = tx.queue !== null;
  if (!TRANSACTION_COMMANDS.has(name)) {
    if (tx.queue === null) return undefined;
    const refusal = queueRefusal(argv);
    if (refusal !== null) {
      tx.isAborted = true;
      return err(refusal);
    }
    tx.queue.push([...argv]);
    return { reply: { status: 'QUEUED' }, touched: [] };
  }
  const lookup = lookupRedis7Command(argv);
  if (lookup !== undefined && lookup.refusal !== null) {
    // Redis' refusal of an EXEC discards the transaction and unwatches every key, outside MULTI
    // too (`EXEC x` after WATCH: the next EXEC runs unguarded).
    if (name === 'EXEC') discard(tx);
    else if (isQueuing) tx.isAborted = true;
    return err(lookup.error.replace(/[\r\n]/g, ' '));
  }
  switch (name) {
    case 'MULTI':
      if (isQueuing) return err(NESTED_MULTI);
      tx.queue = [];
      tx.isAborted = false;
      return okOutcome();
    case 'DISCARD':
      if (!isQueuing) return err(DISCARD_WITHOUT_MULTI);
      discard(tx);
      return okOutcome();
    case 'WATCH': {
      if (isQueuing) return err(WATCH_INSIDE_MULTI);
      const fresh = argv.slice(1).filter((key) => !tx.watched.has(key));
      for (const [key, state] of hooks.states(fresh)) tx.watched.set(key, state);
      return okOutcome();
    }
    case 'RESET':
      // Run at once, in MULTI too: the queue is dropped unrun, and no key is watched. Redis
      // resets more of a connection (its database, name, CLIENT REPLY, tracking, subscriptions),
      // none of which can be set in this console.
      discard(tx);
      return { reply: { status: 'RESET' }, touched: [] };
    case 'UNWATCH':
      // In MULTI it is queued, as Redis queues it; EXEC forgets the watched keys anyway.
      if (tx.queue !== null) {
        tx.queue.push([...argv]);
        return { reply: { status: 'QUEUED' }, touched: [] };
      }
      tx.watched.clear();
      tx.isDirty = false;
      return okOutcome();
    default:
      return exec(tx, hooks);
  }
}

/**
 * The refusal, in MULTI, of an UNSUBSCRIBE (or PUNSUBSCRIBE, SUNSUBSCRIBE) of more than one
 * channel, or null. Redis sends its EXEC one reply a channel, more replies than commands queued:
 * EXEC's array holds as many as it queued, and the rest come after it, where redis-cli prints
 * them in place of the next lines' replies. A console line gets one answer, so it is refused.
 */
function severalRepliesRefusal(name: string, argv: readonly string[]): string | null {
  if (!REPLY_PER_CHANNEL_COMMANDS.has(name) || argv.length <= 2) return null;
  return (
    `ERR ${name} of more than one channel in MULTI is not supported in this console: Redis ` +
    'would answer EXEC with a reply for each channel, more replies than commands queued, and ' +
    "redis-cli would print the extra ones in place of the next lines' replies"
  );
}

/** MULTI's end without running anything: the queue and the watched keys are forgotten. */
function discard(tx: ConnectionTransaction<unknown>): void {
  tx.queue = null;
  tx.isAborted = false;
  tx.watched.clear();
  tx.isDirty = false;
}

/** EXEC: nothing if a command was refused or a watched key changed, else the queue at once. */
function exec<State>(
  tx: ConnectionTransaction<State>,
  hooks: TransactionHooks<State>,
): CommandOutcome {
  const queue = tx.queue;
  if (queue === null) return err(EXEC_WITHOUT_MULTI);
  // A watched key that expired since WATCH counts, noticed or not (Redis 7's isWatchedKeyExpired).
  hooks.checkWatched();
  const { isAborted, isDirty } = tx;
  discard(tx);
  if (isAborted) return err(EXECABORT_PREVIOUS_ERRORS);
  if (isDirty) return { reply: null, touched: [] };
  const refusal = queuedRefusal(queue) ?? otherDatabaseRefusal(queue, hooks.trial);
  if (refusal !== null) return err(refusal);
  const replies: RedisReply[] = [];
  let touched: string[] | 'all' = [];
  for (const argv of queue) {
    if (asciiUpper(argv[0]) === 'UNWATCH') {
      replies.push({ status: 'OK' });
      continue;
    }
    // Redis' WAIT in a transaction answers at once the replicas that acknowledged (none here),
    // as WAIT for none does, where outside MULTI it would block (until 2026-12-06 it was refused
    // as it was queued, and EXEC answered EXECABORT).
    const outcome = hooks.run(waitsForReplicas(argv) ? ['WAIT', '0', argv[2]] : argv);
    // UNSUBSCRIBE and its kin give the list of their replies, here one (see
    // `severalRepliesRefusal`), which EXEC's array holds as it holds any command's reply.
    const isReplyList =
      REPLY_PER_CHANNEL_COMMANDS.has(asciiUpper(argv[0])) && Array.isArray(outcome.reply);
    replies.push(isReplyList ? (outcome.reply as RedisReply[])[0] : outcome.reply);
    hooks.wrote(keysWrittenAnyway(argv, outcome.reply, outcome.touched));
    if (outcome.touched === 'all') touched = 'all';
    else if (touched !== 'all') touched.push(...outcome.touched);
  }
  return { reply: replies, touched: touched === 'all' ? 'all' : [...new Set(touched)] };
}

/** Whether a queued command may take a key to another database: MOVE, or COPY with DB. */
const mayLeaveDb0 = (argv: readonly string[]): boolean => {
  const name = asciiUpper(argv[0]);
  return name === 'MOVE' || (name === 'COPY' && argv.slice(3).some((a) => optionWord(a) === 'DB'));
};

/** A key as the refusal quotes it: a long one cut, a line break as a space. */
const quoted = (key: string): string =>
  (key.length > 40 ? `${key.slice(0, 40)}…` : key).replace(/[\r\n]/g, ' ');

/** The words of a refusal of EXEC's queue, before anything ran. */
const execRefusal = (what: string, i: number, queue: readonly unknown[], redis: string): string =>
  `ERR EXEC of this queue is not supported in this console: its ${what} (command ${i + 1} of ` +
  `${queue.length}) would ${redis}. Nothing ran, and the transaction is discarded.`;

/**
 * EXEC's refusal, before anything runs, of a queue holding a command the console refuses though
 * Redis would run it (one it does not run such as `ZADD`, `CONFIG GET maxmemory`, a key named
 * `__proto__`, an UNSUBSCRIBE of several channels), or null. Each was queued as Redis queues it
 * (QUEUED); until 2026-12-06 each was refused as it was queued, so EXEC answered EXECABORT,
 * which Redis does not answer there. Refusing it alone in its place would run the rest of the
 * queue without it, where a later command may depend on it.
 */
function queuedRefusal(queue: readonly string[][]): string | null {
  for (const [i, argv] of queue.entries()) {
    const refusal = consoleRefusal(argv) ?? severalRepliesRefusal(asciiUpper(argv[0]), argv);
    if (refusal === null) continue;
    const why = refusal.replace(/^ERR /, '');
    return (
      `ERR EXEC of this queue is not supported in this console: its command ${i + 1} of ` +
      `${queue.length} (${quoted(argv.join(' '))}) is refused here (${why}), where Redis ` +
      'would run the whole queue. Nothing ran, and the transaction is discarded.'
    );
  }
  return null;
}

/**
 * EXEC's refusal, before anything runs, of a queue that would leave db0, or null: a SELECT or
 * SWAPDB of another database, or a MOVE or a COPY into another database that would find its key
 * (tried on a copy of the keyspace: whether it does depends on the commands queued before it).
 * Redis runs such a command inside the transaction: after a SELECT the rest of the queue runs in
 * the other database, and after a MOVE the key is gone from db0. This console has db0 only;
 * refusing the command alone in its place (as it did a MOVE until 2026-12-06) would run the rest
 * where Redis would not (a later `GET k` answered the value where Redis answers nil), and
 * refusing a SELECT as it was queued (until 2026-12-06) made EXEC answer EXECABORT where Redis
 * runs the queue. A MOVE or COPY that finds no key answers 0, as in Redis, and the queue runs.
 */
export function otherDatabaseRefusal(
  queue: readonly string[][],
  trial: TransactionHooks<unknown>['trial'],
): string | null {
  const run = queue.some(mayLeaveDb0) ? trial() : null;
  for (const [i, argv] of queue.entries()) {
    const switched = databaseSwitch(argv);
    if (switched !== null) {
      const name = asciiUpper(argv[0]);
      return execRefusal(
        [name, ...argv.slice(1).map(quoted)].join(' '),
        i,
        queue,
        `${switched}, and this console has one database, db0. Redis would run the whole queue` +
          (name === 'SELECT'
            ? ', the commands after the SELECT in that database, and the connection would stay there'
            : ''),
      );
    }
    if (run === null || asciiUpper(argv[0]) === 'UNWATCH') continue;
    const { reply } = run(argv);
    const error =
      typeof reply === 'object' && reply !== null && 'error' in reply ? reply.error : '';
    if (error !== MOVE_ELSEWHERE && error !== COPY_ELSEWHERE) continue;
    const isMove = error === MOVE_ELSEWHERE;
    const dbWords = isMove
      ? argv.slice(2)
      : argv.slice(3).filter((_, j, all) => j > 0 && optionWord(all[j - 1]) === 'DB');
    const db = BigInt((dbWords.at(-1) ?? '0').trim()).toString();
    const key = quoted(argv[1]);
    return execRefusal(
      `${isMove ? 'MOVE' : 'COPY'} of ${key}`,
      i,
      queue,
      (isMove ? `move the key to db${db}` : `copy the key into db${db}`) +
        `, and this console has one database, db0. Redis would run the whole queue` +
        (isMove ? `, and the commands after the MOVE would not find ${key} in db0` : ''),
    );
  }
  return null;
}
