import { effectiveMitigation, PATTERN_INFO, writesUpdateOnly } from '../engine/programs/patterns';
import { shownCommand, TTL_COMMANDS } from '../engine/stepEvent';
import type { SimSnapshot } from '../engine/simSnapshot';
import {
  clockExpiredText,
  describeAction,
  keyList,
  restartKeysText,
  restartLostText,
  withAftermath,
} from '../scenarios/actionNarration';
import { durationText, exactTtlText, ttlText } from '../scenarios/narrationTerms';
import { cut } from './offScript';
import type { SandboxConfig } from './sandboxConfig';
import type { YourPaths } from '../engine/programs/patterns';
import type { TimelineEntry } from './timeline';
import {
  copyText,
  isStoredNext,
  nextReadOf,
  nextReadText,
  staleCopies,
  staleCopiesText,
  USER_KEY,
} from './keyCopyNarration';
import { andList } from '../engine/andList';

/** What an input is told against: the run right after it, and the settings it ran under. */
export interface InputContext {
  /** The snapshot taken right after the entry (it is the newest applied). */
  snapshot: SimSnapshot;
  config: SandboxConfig;
  yourPaths: YourPaths;
  /** Whether Redis was up before the entry. */
  wasCacheUp: boolean | undefined;
  /**
   * Whom the next Step press moves (`nextPressMovers`): after Back it redoes the step Back
   * stepped over, and in a scenario it plays the next beat, neither of which is the engine's pick.
   * Absent: the engine picks (`snapshot.nextActor`).
   */
  nextPress?: { movers: readonly string[] | 'engine'; isBeat: boolean };
}

/**
 * An input (not a Step press) told from what the engine did with it and the state it left: a
 * restart with the keys and queued writes it took, Redis down with what reads and writes do
 * now under these settings, a request started with the command Step sends first, the clock with
 * the keys that expired, a console line with what it changed.
 */
export function tellInput(entry: TimelineEntry, ctx: InputContext): string {
  const { input } = entry;
  const action = entry.actions[0];
  switch (input.type) {
    case 'read':
    case 'write': {
      if (action?.type !== 'read' && action?.type !== 'write') break;
      const isQueued = entry.queued?.includes(input.actor) ?? false;
      const started = describeAction(action, isQueued) ?? '';
      return isQueued
        ? started
        : `${started} ${firstStepText(input.actor, input.type, ctx)}`.trim();
    }
    case 'clock': {
      const expired = entry.expiredByClock?.[0] ?? { keys: [], count: 0 };
      return `The virtual clock moves on ${durationText(input.ms)}: ${clockExpiredText(expired)}`;
    }
    case 'cache': {
      const said = describeAction(
        { type: 'setCacheAvailable', isUp: input.isUp },
        false,
        ctx.wasCacheUp,
      );
      if (!input.isUp && ctx.wasCacheUp !== false) return `${said} ${whileDownText(ctx)}`;
      const told = withAftermath(said, entry, 0) ?? '';
      // Back up as it was: copies whose invalidation failed while it was down are served again.
      const isBack = input.isUp && ctx.wasCacheUp === false;
      return isBack && staleCopies(ctx.snapshot).length > 0
        ? `${told}${staleCopiesText(ctx.snapshot)}`
        : told;
    }
    case 'restart': {
      const held = entry.keysAtRestart?.[0] ?? { copies: 0, others: [], otherCount: 0 };
      const was = ctx.wasCacheUp === false ? ' (it was down: it is reachable again)' : '';
      const writes = entry.lostByRestart?.[0]?.writes ?? 0;
      const lost = restartKeysText(held, writes > 0);
      return `Redis restarts with an empty memory${was}: ${lost}.${writes > 0 ? ` ${restartLostText(writes)}` : ''}`;
    }
    case 'redis':
      return `${redisLineText(entry, input.line, ctx)}${entry.hasChanged ? queuedWritesLostText(ctx.snapshot) : ''}`;
    case 'sql': {
      const line = cut(input.statement);
      if (entry.actions.length === 0)
        return `The SQL console refused ${line}: nothing ran, and nothing changed.`;
      const result = entry.output?.console === 'sql' ? entry.output.result : undefined;
      if (result !== undefined && 'isRefused' in result)
        return `The SQL console refused ${line} (${cut(result.error)}): SQLite ran none of it, and nothing changed.`;
      if (!entry.hasChanged)
        return result !== undefined && 'error' in result
          ? `You ran ${line} in the SQL console: SQLite answered an error (${cut(result.error)}), and nothing changed.`
          : `You ran ${line} in the SQL console: it changed nothing.`;
      return `You ran ${line} in the SQL console: the database changed behind the cache's back.${staleCopiesText(ctx.snapshot)}`;
    }
    case 'resetDatabase': {
      // What the reset did to the schema, from its event: the table the console dropped made again.
      const done = ctx.snapshot.events[entry.commandsAfter - 1]?.schemaChanges ?? [];
      const schema =
        done.length === 0
          ? ''
          : ` and schema: it ${done.length > 6 ? `${done.slice(0, 6).join(', ')} and ${done.length - 6} more` : andList(done)}`;
      return `You put the database back to its seeded rows${schema}.${staleCopiesText(ctx.snapshot)}`;
    }
    default:
      break;
  }
  return describeAction(action ?? { type: 'step' }) ?? '';
}

/** What Step sends first for a request just started: its actor's next step, as the engine holds it. */
function firstStepText(actor: string, program: 'read' | 'write', ctx: InputContext): string {
  const snap = ctx.snapshot;
  const pending = snap.actors.find((a) => a.name === actor)?.pending;
  if (!pending) return '';
  // A learner's program that ended before its first command: Step takes that end.
  const ended = /^no command \(the program (failed|returned)\)$/.exec(pending.command)?.[1];
  if (ended !== undefined)
    return `Its ${program} path ${ended} before sending any command: Step (→) ends the ${program}.`;
  const what =
    pending.target === 'wait'
      ? `its first step (${pending.command})`
      : `its first command, ${shownCommand(pending)}`;
  const { movers: pressMovers, isBeat } = ctx.nextPress ?? { movers: 'engine', isBeat: false };
  // The engine's pick, when it picks: none when no actor has a step (Step then takes this one).
  const movers =
    pressMovers !== 'engine' ? pressMovers : snap.nextActor === null ? [actor] : [snap.nextActor];
  const plain = isBeat ? "a plain Step plays the scenario's next beat, which" : 'a plain Step';
  if (movers[0] === actor && movers.length === 1) return `Step (→) sends ${what}.`;
  // A beat that moves this actor among others sends it too: all of them are named.
  if (movers.includes(actor))
    return `Step (→) sends ${what} (${isBeat ? "the scenario's next beat" : 'it'} moves ${keyList(movers)}).`;
  return movers.length === 0
    ? `${actor}'s own Step sends ${what} (${plain} moves no actor).`
    : `${actor}'s own Step sends ${what} (${plain} moves ${keyList(movers)}${isBeat ? '' : ' first'}).`;
}

/**
 * What reads and writes do while Redis is down, as this run's programs do it: ours catch the
 * connection error (reads go to the database, a write's cache command is lost); a learner's path
 * does whatever its code does.
 */
function whileDownText({ config, yourPaths, snapshot }: InputContext): string {
  // Write-behind's writes still queued: acknowledged, in Redis only, out of the flusher's reach.
  const queued = config.pattern === 'write-behind' ? snapshot.stats.pendingWrites : 0;
  const them = queued === 1 ? 'it' : 'them';
  const reads = yourPaths.read
    ? 'Your read path decides what a failed command does.'
    : queued > 0
      ? 'Reads fall back to the database, at its cost, and nothing is cached.'
      : 'Reads fall back to the database: correct, at its cost, and nothing is cached.';
  const waiting =
    queued === 0
      ? ''
      : ` ${queued === 1 ? 'The write already queued stays' : `The ${queued} writes already queued stay`} in Redis' queue, where the flusher cannot reach ${them} until Redis is back; until then the database ${
          yourPaths.read
            ? `does not have ${them}.`
            : `a read falls back to does not have ${them}, so that read gets the row as it was before ${them}.`
        }`;
  return `${reads}${waiting} ${writeWhileDownText(config, yourPaths)}`;
}

function writeWhileDownText(config: SandboxConfig, yourPaths: YourPaths): string {
  if (yourPaths.write) return 'Your write path decides what a failed command does.';
  const stays = 'a copy cached before it stays once Redis is back, older than the row';
  if (config.pattern === 'write-behind')
    return `A write goes to the database directly (nothing is queued), and ${stays}.`;
  if (config.pattern === 'write-through')
    return `A write's UPDATE commits, but the cache cannot store the new row: ${stays}.`;
  if (!PATTERN_INFO[config.pattern].usesPolicies) return '';
  if (writesUpdateOnly(config.pattern, config.invalidation))
    return `A write's UPDATE commits, but the change consumer's DEL fails and is not sent again: ${stays} (a lost invalidation).`;
  switch (config.writePolicy) {
    case 'ttl-only':
      return 'A write only UPDATEs the database, as ever (ttl-only sends Redis nothing).';
    case 'update-cache':
      // Under versioned fills the writer stores its row by the fill's script, not a plain SET.
      return `A write's UPDATE commits, but its ${
        effectiveMitigation(
          config.pattern,
          config.invalidation,
          config.readMitigation,
          yourPaths,
        ) === 'versioned-fill'
          ? 'store of the new row (EVAL FILL_IF_NEWER)'
          : 'SET of the new row'
      } fails: ${stays}.`;
    default:
      return `A write's UPDATE commits, but its DEL fails: ${stays} (a lost invalidation).`;
  }
}

/**
 * The write-behind writes the console line just run took out of the queue (a FLUSHALL, a DEL,
 * LPOP or RENAME of it), from its event's count, the one Writes lost adds: told in the line's own
 * sentence, not only in a note beside it.
 */
function queuedWritesLostText(snap: SimSnapshot): string {
  const event = snap.events.at(-1);
  const n = event?.program === 'console' ? (event.lostWrites ?? 0) : 0;
  if (n === 0) return '';
  return ` This line lost ${n === 1 ? '1 write' : `${n} writes`} the application had queued and acknowledged: ${n === 1 ? 'it never reaches' : 'they never reach'} the database, and Writes lost counts ${n === 1 ? 'it' : 'them'}.`;
}

/** A Redis console line: refused, read only, a delete, or a change, with what the key holds now. */
function redisLineText(entry: TimelineEntry, line: string, ctx: InputContext): string {
  const typed = cut(line);
  const reply = entry.output?.console === 'redis' ? entry.output.reply : undefined;
  if (entry.actions.length === 0)
    return `The Redis console refused ${typed}: nothing was sent, and nothing changed.`;
  const argv = entry.actions[0].type === 'redis' ? entry.actions[0].argv : [];
  const cmd = argv[0]?.toUpperCase();
  const transaction = transactionText(typed, cmd, argv, reply);
  if (transaction !== null) {
    if (cmd !== 'EXEC' || !entry.hasChanged) return transaction;
    // What Redis holds now at the user keys the queue changed (the EXEC's event names them).
    const held = (ctx.snapshot.events.at(-1)?.otherChangedKeys ?? [])
      .filter((k) => USER_KEY.test(k))
      .slice(0, 3)
      .map((k) => copyText(k, ctx.snapshot, ctx.yourPaths.read))
      .join('');
    // A queued FLUSHALL or FLUSHDB names no key it removed: what is left says it.
    const emptied =
      held === '' && ctx.snapshot.cache.length === 0
        ? ' Redis holds no keys now: every read misses until it is filled again.'
        : '';
    return `${transaction}${held}${emptied}`;
  }
  const ttlTold = ttlLineText(typed, cmd, argv, reply, ctx);
  if (ttlTold !== null) return ttlTold;
  if (!entry.hasChanged) {
    // Taken down, Redis answers nothing: the console's client fails to reach it, as a program's does.
    // ioredis' message ends a sentence ("Connection is closed."): quoted mid-sentence, without it.
    if (reply?.isError && ctx.wasCacheUp === false)
      return `You ran ${typed} in the Redis console: it never reached Redis, which is down (a connection error: ${reply.text.replace(/^\(error\) /, '').replace(/\.$/, '')}), so nothing changed.`;
    if (reply?.isError)
      return `You ran ${typed} in the Redis console: Redis answered an error, and nothing changed.`;
    // TOUCH is for what it changes beside the values: each key's last use, which eviction reads.
    if (cmd === 'TOUCH') {
      const { maxKeys, eviction } = ctx.config;
      const by =
        maxKeys > 0 && eviction !== 'noeviction'
          ? `eviction under ${eviction} goes by (Max keys ${maxKeys})`
          : 'only eviction would go by (with Max keys set and an eviction policy)';
      return `You ran ${typed} in the Redis console: it changed no value, but counts as a use of each key it named that exists, which ${by}.`;
    }
    return `You ran ${typed} in the Redis console: it changed nothing.`;
  }
  if ((cmd === 'DEL' || cmd === 'UNLINK') && argv.length === 2)
    return `You deleted ${keyList(argv.slice(1))} from the Redis console.${USER_KEY.test(argv[1]) && !ctx.yourPaths.read ? nextReadText(argv[1], ctx.snapshot) : ''}`;
  if (cmd === 'FLUSHALL' || cmd === 'FLUSHDB')
    return 'You emptied Redis from the console: every read misses until it is filled again.';
  if (cmd === 'DEL' || cmd === 'UNLINK') {
    const keys = argv.slice(1);
    const users = keys.filter((k) => USER_KEY.test(k));
    const isForetold =
      users.length > 0 && !ctx.yourPaths.read && users.every((k) => !isStoredNext(k, ctx.snapshot));
    return `You deleted ${keyList(keys)} from the Redis console (Redis answered ${reply?.text ?? 'its count'}: that many of them were there).${isForetold ? ` The next read of ${nextReadOf(keys, users)} misses and loads the row from the database.` : ''}`;
  }
  // What Redis holds now at each user key the line wrote (MSET's keys, RENAME's both), up to three.
  const held = changedKeys(argv)
    .filter((k) => USER_KEY.test(k))
    .slice(0, 3)
    .map((k) => copyText(k, ctx.snapshot, ctx.yourPaths.read))
    .join('');
  return `You changed Redis from the console (${typed}).${held}`;
}

/** Why an EXPIRE with a condition left a key's TTL as it was (answered 0). */
const CONDITION_TEXT: Record<string, (key: string, had: string) => string> = {
  NX: (key, had) => `NX sets a TTL only on a key without one, and ${key} has one (${had})`,
  XX: (key) => `XX sets a TTL only on a key that has one, and ${key} has none`,
  GT: (key, had) =>
    `GT sets a TTL only when it is greater than the key's, and ${key} ${had === '' ? 'has none: a key without a TTL never expires, which no TTL is greater than' : `has ${had}`}`,
  LT: (key, had) => `LT sets a TTL only when it is less than the key's, and ${key} has ${had}`,
};

/**
 * A console EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT or PERSIST, told by what it did to its key's
 * TTL: from Redis' reply, the TTL the key had (the event's `ttlBefore`) and the one it has now
 * (the snapshot), as a GETEX's step is told. Null for other lines and for an error.
 */
function ttlLineText(
  typed: string,
  cmd: string | undefined,
  argv: readonly string[],
  reply: { text: string; isError: boolean } | undefined,
  ctx: InputContext,
): string | null {
  const isPersist = cmd === 'PERSIST';
  if (reply === undefined || reply.isError || cmd === undefined || !TTL_COMMANDS.has(cmd))
    return null;
  const key = argv[1] ?? '';
  const snap = ctx.snapshot;
  const event = snap.events.at(-1);
  const before = event?.program === 'console' ? event.ttlBefore : undefined;
  const held = snap.cache.find((e) => e.key === key);
  const ran = `You ran ${typed} in the Redis console: Redis answered`;
  const isUser = USER_KEY.test(key);
  const heldText = isUser ? copyText(key, snap, ctx.yourPaths.read) : '';
  const had = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? 'it had no TTL' : `it had ${ttlText(ms)} left`;
  if (reply.text === '(integer) 1') {
    if (isPersist)
      return `${ran} 1 and removed the TTL of ${key} (${had(before)}): the key no longer expires.${heldText}`;
    if (held === undefined)
      return `${ran} 1 and deleted ${key}, as the time it gave is not in the future.${isUser && !ctx.yourPaths.read ? nextReadText(key, snap) : ''}`;
    const now = held.ttlMs < 0 ? 'no TTL' : exactTtlText(held.ttlMs);
    return `${ran} 1 and set the TTL of ${key} to ${now} (${had(before)}).${heldText}`;
  }
  if (reply.text !== '(integer) 0') return null;
  const nothing = `${ran} 0 and changed nothing:`;
  if (held === undefined) return `${nothing} ${key} does not exist.`;
  const left = held.ttlMs < 0 ? '' : `${ttlText(held.ttlMs)} left`;
  if (isPersist) return `${nothing} ${key} has no TTL to remove.`;
  const option = argv
    .slice(3)
    .map((a) => a.toUpperCase())
    .find((a) => a in CONDITION_TEXT);
  if (option === undefined) return null;
  return `${nothing} ${CONDITION_TEXT[option](key, left)}.`;
}

/**
 * A line of a transaction, told from Redis' reply: a command queued is not run (QUEUED), EXEC
 * runs the queue or, nil, nothing. Null for any other line, and for an error but EXEC's.
 */
function transactionText(
  typed: string,
  cmd: string | undefined,
  argv: readonly string[],
  reply: { text: string; isError: boolean } | undefined,
): string | null {
  if (reply === undefined) return null;
  if (!reply.isError && /^QUEUED(\nQUEUED)*$/.test(reply.text))
    return `You queued ${typed} in the Redis console's transaction: Redis answered QUEUED and ran nothing yet; it runs at EXEC, with the rest of the queue.`;
  if (cmd === 'EXEC' && reply.isError && reply.text.includes('EXECABORT'))
    return `You ran EXEC in the Redis console: Redis discarded the transaction, because a command was refused while queuing, and ran none of the queue (${reply.text}).`;
  if (reply.isError) return null;
  switch (cmd) {
    case 'MULTI':
      return 'You ran MULTI in the Redis console: the commands you type next are queued (Redis answers QUEUED), and run together at EXEC, no other command between them; DISCARD drops them.';
    case 'WATCH':
      return `You ran ${typed} in the Redis console: its EXEC will answer nil, running nothing, if any connection modifies ${keyList(argv.slice(1))} before it. A command that changes nothing (a DEL of a missing key) does not count.`;
    case 'UNWATCH':
      return 'You ran UNWATCH in the Redis console: no key is watched any more.';
    case 'DISCARD':
      return 'You ran DISCARD in the Redis console: the queued commands were dropped unrun, and no key is watched any more.';
    case 'RESET':
      return 'You ran RESET in the Redis console: Redis reset its connection, so a transaction open on it was dropped unrun and no key is watched any more.';
    case 'EXEC':
      if (reply.text === '(nil)')
        return 'You ran EXEC in the Redis console: a watched key was modified since WATCH, so nothing ran (Redis answered nil), and the queue was dropped.';
      if (reply.text === '(empty array)')
        return 'You ran EXEC in the Redis console: the queue was empty, so nothing ran.';
      return `You ran EXEC in the Redis console: Redis ran the queue at once, no other command between its commands, and answered each in order: ${firstLines(reply.text, 5)}.`;
    default:
      return null;
  }
}

/** The first `n` lines of a reply's text, joined with semicolons (an ellipsis for the rest). */
function firstLines(text: string, n: number): string {
  const lines = text.split('\n');
  return `${lines.slice(0, n).join('; ')}${lines.length > n ? '; …' : ''}`;
}

/** The keys a console line names as keys it may change: the first, or each of a few commands'. */
function changedKeys(argv: readonly string[]): string[] {
  const cmd = argv[0]?.toUpperCase();
  if (cmd === 'MSET' || cmd === 'MSETNX') return argv.filter((_, i) => i % 2 === 1);
  if (cmd === 'RENAME' || cmd === 'RENAMENX' || cmd === 'COPY') return argv.slice(1, 3);
  return argv.slice(1, 2);
}
