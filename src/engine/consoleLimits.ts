import type { RedisValue } from './redisKeyspace';

/**
 * Size limits for what the consoles accept. Real Redis' ceilings (proto-max-bulk-len 512 MB a
 * bulk string, client-query-buffer-limit 1 GB) are far beyond what a page can hold in memory,
 * copy into a snapshot and draw without freezing; these are generous for any lesson (a lesson's
 * values are a few hundred bytes, its commands a few keys) and keep every step short. A line or
 * a command above a limit is refused with a message naming the limit; nothing runs and nothing
 * is lost.
 */

/** Longest console line (Redis or SQL), in characters (UTF-16 code units): 1 MiB. */
export const MAX_CONSOLE_LINE_CHARS = 1024 * 1024;

/** Most arguments one Redis command takes after its name (MSET of 5,000 pairs, DEL of 10,000 keys). */
export const MAX_COMMAND_ARGS = 10_000;

/** Largest string value (or any argument), in UTF-8 bytes: 1 MiB, against Redis' 512 MB. */
export const MAX_VALUE_BYTES = 1024 * 1024;

const utf8 = new TextEncoder();
const group = (n: number) => n.toLocaleString('en-US');

/** The refusal for a console line too long to run, or null. */
export function lineLengthRefusal(line: string): string | null {
  if (line.length <= MAX_CONSOLE_LINE_CHARS) return null;
  return (
    `line too long: ${group(line.length)} characters; a console line holds at most ` +
    `${group(MAX_CONSOLE_LINE_CHARS)} (1 MiB). Nothing was run.`
  );
}

/**
 * Most lines one paste into the Redis console sends. Each line is an entry of the timeline (a
 * step Back replays, a log line, a redraw): some 8 ms each here, so 1,000 lines are a few
 * seconds, where a paste of 100,000 lines kept the page busy for a quarter of an hour.
 */
export const MAX_PASTED_LINES = 1_000;

/**
 * The refusal for a paste of `lines` lines (each ended by a line break) and `chars` characters
 * in all, or null: over {@link MAX_PASTED_LINES} lines, or over {@link MAX_CONSOLE_LINE_CHARS}
 * characters, the most a console line holds (pasted into the SQL console, the same text is one
 * line). Nothing of it is sent, as for a line too long.
 */
export function pasteRefusal(lines: number, chars: number): string | null {
  if (lines > MAX_PASTED_LINES)
    return (
      `paste too long: ${group(lines)} lines; this console takes at most ` +
      `${group(MAX_PASTED_LINES)} lines in one paste (paste them in parts). Nothing was run.`
    );
  if (chars > MAX_CONSOLE_LINE_CHARS)
    return (
      `paste too long: ${group(chars)} characters; a paste holds at most ` +
      `${group(MAX_CONSOLE_LINE_CHARS)} (1 MiB), as a console line does. Nothing was run.`
    );
  return null;
}

/** UTF-8 length of a string, computed only when it could exceed `limit`. */
function exceedsBytes(s: string, limit: number): boolean {
  if (s.length > limit) return true; // every UTF-16 code unit is at least one byte
  if (s.length * 3 <= limit) return false; // and at most three
  return utf8.encode(s).length > limit;
}

/**
 * Who sent a command: a console (typed, a link, the window API), a learner's code, a script
 * of the application's (whose arguments {@link commandSizeRefusal} does not hold to the value
 * limit), or a script a learner's code sent (held to the code's limit, as its own commands).
 */
export type CommandSource = 'console' | 'code' | 'script' | 'code script';

const WHO_MAY_SEND: Record<CommandSource, string> = {
  console: 'this console takes',
  code: 'a command from your code may have',
  script: 'a command from a script may have',
  'code script': 'a command from a script your code sends may have',
};

const tooManyArguments = (name: string, count: number, from: CommandSource): string =>
  `ERR too many arguments for '${name}': ${group(count)}; ${WHO_MAY_SEND[from]} at most ${group(MAX_COMMAND_ARGS)} arguments a command (split it into several)`;

const argumentTooLarge = (
  name: string,
  index: number,
  from: Exclude<CommandSource, 'script'>,
  chars?: number,
) =>
  `ERR argument ${index} of '${name}' is ` +
  (chars === undefined ? '' : `${group(chars)} characters, `) +
  `larger than ${group(MAX_VALUE_BYTES)} bytes (1 MiB), ` +
  (from === 'console'
    ? 'the most this console takes for a value'
    : from === 'code'
      ? 'the most a value from your code may be'
      : 'the most a value from your code may be, in a script it sends too (its strings may reach 4 MiB, what it stores may not)');

/**
 * The refusal (Redis-style error text, without `(error) `) for a command with too many
 * arguments or an argument larger than {@link MAX_VALUE_BYTES}, or null. `from` words it for
 * the console the line was typed in or for the learner's code that sent it. A script's command
 * may carry a larger argument, as in Redis: a lease's fill of a row over 1 MiB, which a plain
 * SET of the same row stores, was refused. Its strings are bounded already, those it makes by
 * its budget (`luaBudget.ts`) and its arguments by whoever sent the EVAL.
 */
export function commandSizeRefusal(
  argv: readonly string[],
  from: CommandSource = 'console',
): string | null {
  const count = argv.length - 1;
  const name = (argv[0] ?? '').toLowerCase();
  if (count > MAX_COMMAND_ARGS) return tooManyArguments(name, count, from);
  if (from === 'script') return null;
  for (let i = 1; i < argv.length; i++)
    if (exceedsBytes(argv[i], MAX_VALUE_BYTES)) return argumentTooLarge(name, i, from);
  return null;
}

/**
 * The refusal for a learner's command the sandbox cut short before it crossed (see
 * `src/platform/sandboxPrelude.ts`): `args`, its argument count when over the limit, or `arg`,
 * the first argument longer in characters than a value may be in bytes, with its length.
 */
export function oversizedCommandRefusal(
  name: string,
  over: { args: number } | { arg: number; chars: number },
): string {
  const lower = name.toLowerCase();
  return 'args' in over
    ? tooManyArguments(lower, over.args, 'code')
    : argumentTooLarge(lower, over.arg, 'code', over.chars);
}

/**
 * The refusal for a column value a learner's `updateUser` would write, larger than a value from
 * the code may be in Redis ({@link MAX_VALUE_BYTES}), or null: such a row could not be cached by
 * the code's own read path, and a megabytes-long cell has no lesson in it.
 */
export function columnValueRefusal(column: string, value: string): string | null {
  return exceedsBytes(value, MAX_VALUE_BYTES)
    ? `updateUser: ${column} is ${group(value.length)} characters, larger than ` +
        `${group(MAX_VALUE_BYTES)} bytes (1 MiB), the most a value from your code may be; nothing was written`
    : null;
}

/** The refusal for a string value that would grow past {@link MAX_VALUE_BYTES} (APPEND), or null. */
export function valueSizeRefusal(value: string): string | null {
  return exceedsBytes(value, MAX_VALUE_BYTES)
    ? `ERR string exceeds maximum allowed size (${group(MAX_VALUE_BYTES)} bytes in this console)`
    : null;
}

/**
 * Keys one console line may go over in all, counted as its repeats times the live keys, for a
 * command that goes over every key here: KEYS and DBSIZE read the whole keyspace, and SCAN
 * orders the whole keyspace on every call whatever its COUNT (see `scan` in
 * `redisKeyCommands.ts`). 200,000 is under a second of work in Node (SCAN, the slowest); `100 KEYS *` over 20,000 keys
 * (2,000,000) froze the page for over a minute.
 */
export const MAX_KEYS_VISITED_PER_LINE = 200_000;

/** The console's commands whose work grows with the number of keys, not with their arguments. */
export const WHOLE_KEYSPACE_COMMANDS: ReadonlySet<string> = new Set(['KEYS', 'SCAN', 'DBSIZE']);

/**
 * The refusal (Redis-style error text, without `(error) `) for a line that repeats a
 * whole-keyspace command more times than {@link MAX_KEYS_VISITED_PER_LINE} allows over
 * `liveKeys` keys, or null. One command always runs: the bound is on repeats, as a single KEYS
 * is what Redis itself would run. `count` is the repeat count as typed.
 */
export function keyspaceWorkRefusal(
  argv: readonly string[],
  times: number,
  count: string,
  liveKeys: number,
): string | null {
  // ASCII only, as Redis folds a command's name (validation has already checked it).
  const name = (argv[0] ?? '').replace(/[a-z]/g, (c) => c.toUpperCase());
  if (times <= 1 || !WHOLE_KEYSPACE_COMMANDS.has(name)) return null;
  return repeatRefusal(
    argv[0],
    count,
    times,
    MAX_KEYS_VISITED_PER_LINE,
    (t) => t * liveKeys,
    (visited) =>
      `it goes over every key each time, ${group(times)} × ${group(liveKeys)} keys is ${group(visited)}`,
  );
}

/**
 * A line repeated `times` times whose work, `visitedIn(t)` for t repeats, is over `max`: the
 * refusal saying so (`why`) and the largest count that runs, or null. Said once; nothing runs.
 */
function repeatRefusal(
  name: string,
  count: string,
  times: number,
  max: number,
  visitedIn: (t: number) => number,
  why: (visited: number) => string,
): string | null {
  const visited = visitedIn(times);
  if (visited <= max) return null;
  let most = 1;
  while (visitedIn(most + 1) <= max) most++;
  return (
    `ERR repeat count ${count} is too many for '${name}' here: ${why(visited)}, and a line may ` +
    `go over at most ${group(max)}; give a count from 1 to ${group(most)}. Nothing was run.`
  );
}

/**
 * The refusal (Redis-style error text, without `(error) `) for an EXEC whose queue would go over
 * more keys than {@link MAX_KEYS_VISITED_PER_LINE} or more elements than
 * {@link MAX_ELEMENTS_VISITED_PER_LINE}, counted as a line's repeats are (over the keys and values
 * Redis holds now), or null. EXEC is one line: ten lines of `10 KEYS *` queued over 20,000 keys
 * made it go over 2,000,000 and froze the page for 20 s, where `100 KEYS *` typed is refused.
 * Nothing runs and the transaction stays open, its queue kept, for a DISCARD.
 */
export function execWorkRefusal(
  queue: readonly (readonly string[])[],
  liveKeys: number,
  elementsOf: (key: string) => number,
): string | null {
  if (queue.length <= 1) return null;
  let keysVisited = 0;
  let elementsVisited = 0;
  for (const argv of queue) {
    const name = (argv[0] ?? '').replace(/[a-z]/g, (c) => c.toUpperCase());
    if (WHOLE_KEYSPACE_COMMANDS.has(name)) keysVisited += liveKeys;
    elementsVisited += argv.length;
    for (let i = 1; i < argv.length; i++) elementsVisited += elementsOf(argv[i]);
  }
  const why =
    keysVisited > MAX_KEYS_VISITED_PER_LINE
      ? `its commands that go over every key would go over ${group(keysVisited)} keys in all, ` +
        `and a line may go over at most ${group(MAX_KEYS_VISITED_PER_LINE)}`
      : elementsVisited > MAX_ELEMENTS_VISITED_PER_LINE
        ? `its commands would go over their arguments and the elements of the keys they name, ` +
          `${group(elementsVisited)} in all, and a line may go over at most ` +
          `${group(MAX_ELEMENTS_VISITED_PER_LINE)}`
        : null;
  if (why === null) return null;
  return (
    `ERR EXEC of these ${group(queue.length)} queued commands is too much work here: ${why}. ` +
    `Nothing was run; the transaction is still open (DISCARD it and queue fewer).`
  );
}

/**
 * Elements one repeated console line may go over in all. Each command compares the values of the
 * keys it names before and after it runs (a write copies them too), so its work grows with
 * the size of those values and with what the repeats add to them: `100 RPUSH l` with 9,000
 * values took 12 s, and `100 TTL l` on a 200,000-element list 2 s, in Node. 5,000,000 is about
 * a second of that work.
 */
export const MAX_ELEMENTS_VISITED_PER_LINE = 5_000_000;

/**
 * What a key holds, in elements: a string its characters (at least 1), a list, set or hash its
 * length; nothing 0. A string is compared and copied character by character as a list is element
 * by element: `100 TTL k` on a string of 1 MiB took 4 s, as `100 TTL l` on 200,000 elements 2 s.
 */
export function elementCount(value: RedisValue | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') return Math.max(1, value.length);
  return Array.isArray(value) ? value.length : value.size;
}

/**
 * The refusal (Redis-style error text, without `(error) `) for a line whose repeats would go over
 * more than {@link MAX_ELEMENTS_VISITED_PER_LINE} elements, or null: each repeat goes over its
 * arguments and the elements of the keys it names (`elementsOf`: a string counts its characters, a list,
 * set or hash its length), and may add its arguments to them. One command always runs.
 */
export function valueWorkRefusal(
  argv: readonly string[],
  times: number,
  count: string,
  elementsOf: (key: string) => number,
): string | null {
  if (times <= 1) return null;
  const args = argv.length;
  let held = 0;
  for (let i = 1; i < argv.length; i++) held += elementsOf(argv[i]);
  // SETRANGE makes its string as long as its offset at once, which every repeat then goes over.
  if (/^setrange$/i.test(argv[0]) && /^\d{1,7}$/.test(argv[2] ?? '')) {
    const made = Number(argv[2]) + (argv[3] ?? '').length;
    if (made <= MAX_VALUE_BYTES) held = Math.max(held, made);
  }
  return repeatRefusal(
    argv[0],
    count,
    times,
    MAX_ELEMENTS_VISITED_PER_LINE,
    (t) => t * (args + held) + (args * t * (t - 1)) / 2,
    (visited) =>
      `each time it goes over its ${group(args)} arguments and the ${group(held)} elements of ` +
      `the keys it names, and what the repeats add, ${group(visited)} in all`,
  );
}

/**
 * Most characters of one line's replies the console prints: some 12,000 lines of KEYS. A
 * transcript entry of megabytes (`10 KEYS *` over 20,000 keys printed 3.3 million characters)
 * takes the page seconds to draw; beyond this the entry says what it left out.
 */
export const MAX_REPLY_CHARS = 200_000;
