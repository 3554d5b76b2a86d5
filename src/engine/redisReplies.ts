import type { Cache } from './cache';
import { RedisCommandError } from './cacheErrors';
import type { VirtualClock } from './clock';
import { fillExpiryMs, type ConsistencyTracker } from './consistency';
import { isTombstone, type FillTracker } from './fillTracker';
import type { LostWrite, PatternLedger } from './patternLedger';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { INVALIDATE_IF_OLDER } from './programs/readVersionedFill';
import { userIdOfKey, versionOf } from './programs/steps';
import type { RedisStep } from './programs/types';
import { clientReply } from './redisCli';
import { inSandboxWords, scriptKeys, WRONGTYPE } from './redisCommandKit';
import { elementCount, execWorkRefusal } from './consoleLimits';
import { rowIdOf } from './rowVersion';
import { connectionOf, type Sender } from './sender';
import { TTL_COMMANDS } from './stepEvent';
import { resetOutcome, type RunCounts, type StepOutcome } from './stepOutcome';
import { copiesGone, copiesHeld } from './removedCopies';

/** The commands that change a key's TTL and leave its value: the copy there stays the one it was. */
const TTL_ONLY: ReadonlySet<string> = new Set([...TTL_COMMANDS, 'GETEX']);

/**
 * The labels of the writes' invalidations and the change log consumer's (see `invalidation.ts`).
 * Compared, not looked up in a set: every Redis command of a long run asks.
 */
const isInvalidation = (label: string): boolean =>
  label === 'del' || label === 'del-first' || label === 'del-again';

/**
 * A reply the cache adapter has already recorded (it came through `exec`), with `touched`: the
 * keys the command may have changed, to judge from what they hold after it (null: not known).
 * `queue`: an EXEC's, the commands it ran, in order; `isQueued`: the command was queued in MULTI
 * (it answered QUEUED and nothing ran).
 */
class Recorded {
  constructor(
    readonly reply: unknown,
    readonly touched: readonly string[] | 'all' | null = null,
    readonly queue?: readonly (readonly string[])[],
    readonly isQueued = false,
    readonly watched?: readonly string[],
  ) {}
}

/**
 * A queued command's error inside EXEC's reply, as ioredis hands one over among the items (a
 * ReplyError): the other commands ran. A learner's code gets it as an `Error` at its place.
 */
export class QueuedCommandError extends Error {}

/**
 * EXEC's reply as an ioredis client hands it to code: each queued command's reply as the code
 * would have got it alone (`clientReply` by its name: HGETALL's as an object, a status as its
 * text), an error as a {@link QueuedCommandError} in its place; nil (a watched key was modified)
 * stays null.
 */
export function execClientReply(queue: readonly (readonly string[])[], reply: unknown): unknown {
  if (!Array.isArray(reply)) return clientReply('EXEC', reply);
  return reply.map((item: unknown, i) =>
    typeof item === 'object' && item !== null && 'error' in item
      ? new QueuedCommandError(inSandboxWords(String((item as { error: unknown }).error)))
      : clientReply(queue[i]?.[0] ?? '', item),
  );
}

/** What a learner's code gets for a script sent while its connection is in MULTI. */
export const scriptInMultiRefusal = (name: string): string =>
  `ERR ${name} inside MULTI is not supported in this sandbox (Redis would queue it): send it before MULTI or after EXEC; a script runs whole, with no other client's command between its own, as EXEC's queue does`;

/**
 * Runs a program's Redis command and records what its reply did in a {@link StepOutcome}: a hit or
 * a miss, a fill (judged by the {@link FillTracker}), a removal, a write queued or taken by
 * write-behind.
 */
export class RedisReplies {
  constructor(
    private readonly clock: VirtualClock,
    private readonly cache: Cache,
    private readonly counts: RunCounts,
    private readonly ledger: PatternLedger,
    private readonly consistency: ConsistencyTracker,
    private readonly fills: FillTracker,
  ) {}

  async runRedis(step: RedisStep, actor: Sender, out: StepOutcome): Promise<void> {
    const sent = this.sendRedis(step, actor, out);
    if (sent === undefined) return;
    let reply: unknown;
    try {
      reply = await sent;
    } catch (e) {
      this.failRedis(step.argv, actor, e, out);
      return;
    }
    const more = this.settleRedis(step.argv, actor, reply, out, step.commitsWrite === true);
    if (more) await more;
  }

  /**
   * The timed workload's hot path, in three parts so it awaits the client's own promise once per
   * command: send (undefined when `out` already holds the outcome: the server was unreachable),
   * then {@link settleRedis} with the reply or {@link failRedis} with the rejection.
   */
  sendRedis(step: RedisStep, actor: Sender, out: StepOutcome): Promise<unknown> | undefined {
    const { argv, refusal } = step;
    resetOutcome(out);
    const cache = this.cache;
    // What the key holds as the invalidation runs (the mock runs a command as it is sent): a
    // DEL's reply counts the lease key too, and a tombstone's does not say what it replaced.
    if (isInvalidation(step.label)) {
      const key = argv[0] === 'EVAL' ? argv[3] : argv[1];
      const text = key === undefined || userIdOfKey(key) === 0 ? null : cache.rowText(key);
      // A real server's keyspace is not read without a command: its DEL's reply is taken.
      out.isCopyBefore =
        text === undefined || (text !== null && !isTombstone(text) && versionOf(text) > 0);
    } else if ((step.checked || step.judgedByKeys) && !out.isRead) {
      // A learner's write path is judged by what its command removes, however it is sent (a DEL,
      // UNLINK or GETDEL, one queued in MULTI and run by EXEC, a script's redis.call): the keys
      // it names (an EXEC's, those of the commands it runs; a script's, its KEYS) that hold a
      // copy now, and after it, which of them hold none.
      out.copiesBefore = copiesHeld(
        cache,
        step.judgedByKeys
          ? scriptKeys(argv)
          : argv[0] === 'EXEC'
            ? cache.queued(connectionOf(actor)).flatMap((queued) => queued.slice(1))
            : argv.slice(1),
      );
    }
    try {
      // A learner's connection: its own, never the cache layer's (which runs no MULTI).
      const connection = connectionOf(actor);
      // In MULTI, Redis queues a command whose error it finds only as it runs (SET k v EX 0):
      // the console's command layer queues it, and EXEC answers the error in its place.
      const isQueuedAnyway = step.isRunTimeRefusal === true && cache.wouldQueue(connection, argv);
      // A command Redis refuses before running it (a learner's step): its error, as Redis sends it.
      if (refusal !== undefined && !isQueuedAnyway) {
        this.failRedis(argv, actor, cache.refuse(actor, argv, refusal), out);
        return undefined;
      }
      // A learner's command: answered as Redis 7 answers it, then judged from what it left.
      // EXEC runs its queue in one step: bounded as a console line's EXEC is (ten queued
      // `KEYS *` over 20,000 keys froze the console's page for 20 s).
      if (step.checked && argv[0] === 'EXEC' && cache.isQueuing(connection)) {
        const tooMuch = execWorkRefusal(cache.queued(connection), cache.liveKeyCount(), (key) =>
          elementCount(cache.held(key)?.value),
        );
        if (tooMuch !== null) {
          const refusal = tooMuch.replace(/\ba line may\b/g, 'one step may');
          this.failRedis(argv, actor, cache.refuse(actor, argv, refusal), out);
          return undefined;
        }
      }
      if (step.checked || isQueuedAnyway) {
        // Queued in MULTI: answered QUEUED, nothing ran (nothing to count or judge yet). EXEC
        // runs the queue: its replies and its fills are the queued commands'.
        const isQueued = cache.wouldQueue(connection, argv);
        const queue = argv[0] === 'EXEC' ? cache.queued(connection).map((a) => [...a]) : undefined;
        const watched = queue === undefined ? undefined : cache.watchedKeys(connection);
        return cache
          .execConsole(actor, argv, 'code')
          .then(
            (reply) =>
              new Recorded(
                queue === undefined ? clientReply(argv[0], reply) : execClientReply(queue, reply),
                cache.takeTouched(),
                queue,
                isQueued,
                watched,
              ),
          );
      }
      if (step.judgedByKeys && cache.isQueuing(connection)) {
        this.failRedis(argv, actor, cache.refuse(actor, argv, scriptInMultiRefusal(argv[0])), out);
        return undefined;
      }
      // A learner's script: the keys it names are judged by what they hold after it ran.
      if (step.judgedByKeys)
        return cache
          .exec(actor, argv, 'code')
          .then((reply) => new Recorded(reply, scriptKeys(argv)));
      const sent = cache.send(actor, argv);
      if (sent !== undefined) return sent;
      // Work that waits on Redis first (making room, the expired-key workaround): exec records
      // the reply itself, so it is marked as recorded for settleRedis.
      return cache.exec(actor, argv).then((reply) => new Recorded(reply));
    } catch (e) {
      // The server was unreachable (already logged); anything else is a bug.
      if (!(e instanceof RedisCommandError)) throw e;
      this.failRedis(argv, actor, e, out);
      return undefined;
    }
  }

  /** Records a command's rejection in `out`; a raw client rejection is logged as the server's error. */
  failRedis(argv: readonly string[], actor: Sender, e: unknown, out: StepOutcome): void {
    out.reply = undefined;
    out.error = e instanceof RedisCommandError ? e : this.cache.failed(actor, argv, e);
    // Logged by now (unreachable, refused or failed): the line a note about it belongs on.
    out.loggedSeq = this.cache.lastCommandSeq;
    if (argv[0] === 'LPOP' && argv[1] === WRITE_BEHIND_QUEUE) {
      // The key holds something else now (a DEL then a SET typed in the console): the writes
      // queued in it are gone, as after a DEL. Redis down, they wait in it for the next flush.
      const isReplaced = /^WRONGTYPE|does not contain a list/.test(out.error.message);
      this.noteLost(() => this.ledger.taken([], isReplaced ? 1 : undefined));
    }
  }

  /**
   * Records a reply in `out`: counts a hit or a miss, notes fills. A promise only for scripts.
   * `commitsWrite`: the command is a write-behind write's store (the step says so, set by the
   * program that sent it), with which the write commits in the cache.
   */
  settleRedis(
    argv: string[],
    actor: Sender,
    reply: unknown,
    out: StepOutcome,
    commitsWrite = false,
  ): Promise<void> | undefined {
    if (reply instanceof Recorded) {
      out.loggedSeq = this.cache.lastCommandSeq;
      out.reply = reply.reply;
      if (reply.isQueued) {
        out.isQueued = true;
        return undefined;
      }
      if (reply.queue !== undefined) {
        out.execQueue = reply.queue;
        out.execWatched = reply.watched;
      }
      // A learner's command (see sendRedis): the copies it removed, wherever it sent the DEL.
      this.counts.removedCopies += copiesGone(this.cache, out.copiesBefore);
      if (reply.touched === null) this.noteReply(argv, out, commitsWrite);
      else this.noteTouched(argv, reply.touched, out, reply.queue);
      return undefined;
    }
    // ioredis-mock answers GET on a hash, list or set with the value itself; Redis refuses.
    if (argv[0] === 'GET' && reply !== null && typeof reply !== 'string') {
      this.failRedis(argv, actor, new Error(WRONGTYPE), out);
      return undefined;
    }
    out.reply = reply;
    const rechecked = this.cache.received(actor, argv, reply);
    if (rechecked)
      return rechecked.then(() => {
        out.loggedSeq = this.cache.lastCommandSeq;
        this.noteReply(argv, out, commitsWrite);
      });
    out.loggedSeq = this.cache.lastCommandSeq;
    this.noteReply(argv, out, commitsWrite);
    return undefined;
  }

  private noteReply(argv: string[], out: StepOutcome, commitsWrite = false): void {
    const reply = out.reply;
    switch (argv[0]) {
      case 'GET':
        return this.noteGet(out);
      case 'SET':
        if (reply === 'OK')
          this.fills.noteFill(
            argv[1],
            argv[2],
            out,
            fillExpiryMs(argv, this.clock.nowMs),
            // Known by who sent it, not by its shape: a plain SET while the write holds its
            // lock may be anyone's.
            commitsWrite,
          );
        return;
      case 'DEL':
        if (out.isCopyBefore && reply !== 0) this.counts.removedCopies++;
        for (let i = 1; i < argv.length; i++) this.fills.noteRemoved(argv[i]);
        return;
      case 'RPUSH':
        if (argv[1] === WRITE_BEHIND_QUEUE)
          this.noteLost(() =>
            this.ledger.queued(
              this.clock.nowMs,
              argv[2],
              typeof reply === 'number' ? reply : undefined,
            ),
          );
        return;
      case 'LPOP':
        if (argv[1] === WRITE_BEHIND_QUEUE)
          this.noteLost(() =>
            this.ledger.taken(
              Array.isArray(reply) ? (reply as string[]) : typeof reply === 'string' ? [reply] : [],
              argv.length > 2 ? Number(argv[2]) : 1,
            ),
          );
        return;
      case 'EVAL': {
        if (argv[1] === INVALIDATE_IF_OLDER) {
          if (reply === 1 && out.isCopyBefore) this.counts.removedCopies++;
          if (reply === 1) this.fills.noteRemoved(argv[3]);
          return;
        }
        // The programs' fill scripts: reply 1 filled, 0 refused; the row is an argument.
        const value = argv.find((a, i) => i > 3 && a.startsWith('{"id":'));
        if (value === undefined) return;
        if (reply === 1)
          this.fills.noteFill(argv[3], value, out, fillExpiryMs(argv, this.clock.nowMs));
        else if (reply === 0) out.isFillRefused = true;
        return;
      }
    }
  }

  /** A GET's reply: a miss when it answered nil (or a tombstone), a hit when it answered a value. */
  private noteGet(out: StepOutcome, reply: unknown = out.reply): void {
    if (reply === null || isTombstone(reply as string)) {
      out.isMiss = true;
      if (out.isRead) this.counts.misses++;
    } else {
      out.isHit = true;
      if (out.isRead) this.counts.hits++;
      // The version of the value this GET served, read from the reply itself: a short scan
      // of a string just handed back costs less than a lookup in the adapter's key index.
      out.servedVersion = versionOf(reply as string);
    }
  }

  /**
   * What a learner's command did to the users' keys, read from the keyspace itself rather than
   * from its arguments, so every way of writing a command counts alike (`SETEX`, `ex` in lower
   * case, `PXAT`, `UNLINK`, `GETDEL`, `EXPIRE k 0`): a key that now holds the row the command
   * sent is a fill; a key gone, or holding what is not a row, holds nothing any more; a key
   * whose TTL alone changed keeps its row until the new expiry. An EXEC (`queue`, what it ran)
   * is judged as its queued commands: each lookup counts, and a key holding a row one of them
   * sent is a fill.
   */
  private noteTouched(
    argv: string[],
    touched: readonly string[] | 'all',
    out: StepOutcome,
    queue?: readonly (readonly string[])[],
  ): void {
    const ran = queue === undefined ? [argv] : Array.isArray(out.reply) ? queue : [];
    const replies: readonly unknown[] =
      queue === undefined ? [out.reply] : Array.isArray(out.reply) ? out.reply : [];
    // A queued command that failed inside EXEC looked nothing up for the application.
    ran.forEach((command, i) => {
      if (!(replies[i] instanceof QueuedCommandError)) this.noteLookup(command[0], out, replies[i]);
    });
    if (touched === 'all') {
      this.fills.filledVersion.fill(0);
      this.consistency.restarted(this.clock.nowMs);
      return;
    }
    // A row stored as a hash (HSET key id 1 ... version 2) is a row too, fields and all.
    const isHashWrite = ran.some(
      ([name]) => name === 'HSET' || name === 'HMSET' || name === 'HSETNX',
    );
    const sent = new Set(ran.flatMap((command) => command.slice(2)));
    for (const key of touched) {
      const held = this.cache.heldText(key);
      const text = held?.text;
      const id = userIdOfKey(key);
      if (id === 0) {
        // A row cached under another name (`profile:3`) is known by the id its JSON gives.
        const rowId = text === undefined || isTombstone(text) ? 0 : rowIdOf(text);
        const version = rowId > 0 ? versionOf(text as string) : 0;
        this.consistency.cachedUnder(
          key,
          rowId,
          version,
          held?.expiresAtMs ?? Infinity,
          this.clock.nowMs,
        );
        continue;
      }
      if (held === undefined || text === undefined || isTombstone(text) || versionOf(text) === 0) {
        this.fills.noteRemoved(key);
        continue;
      }
      if (held.isString ? sent.has(text) : isHashWrite) {
        this.fills.noteFill(
          key,
          text,
          out,
          held.expiresAtMs,
          false,
          held.isString ? 'string' : 'hash',
        );
        continue;
      }
      this.fills.noteHeld(
        id,
        text,
        held.isString ? 'string' : 'hash',
        held.expiresAtMs,
        // A copy moved or copied there (RENAME, COPY ...), not the same one with another TTL.
        !ran.every(([name]) => TTL_ONLY.has(name)),
      );
    }
  }

  /**
   * A learner's read of its key by another command than GET counts as GET's would: a hit when
   * it answers a value, a miss when it answers nothing (GETEX and GETDEL answer nil, HGETALL an
   * empty hash).
   */
  private noteLookup(name: string, out: StepOutcome, reply: unknown = out.reply): void {
    switch (name) {
      case 'GET':
      case 'GETEX':
      case 'GETDEL':
        return this.noteGet(out, reply);
      case 'HGETALL': {
        if (typeof reply !== 'object' || reply === null || Object.keys(reply).length === 0) {
          out.isMiss = true;
          if (out.isRead) this.counts.misses++;
          return;
        }
        out.isHit = true;
        if (out.isRead) this.counts.hits++;
        const version = Number((reply as { version?: unknown }).version);
        if (Number.isInteger(version) && version > 0) out.servedVersion = version;
        return;
      }
    }
  }

  /**
   * Runs a ledger update; queued writes it finds gone (a DEL, an eviction) count as lost. Returns
   * them.
   */
  noteLost(update: () => void): LostWrite[] {
    const lost = this.ledger.lostRowsOf(update);
    if (lost.length > 0) this.consistency.lostWrites(lost);
    return lost;
  }
}
