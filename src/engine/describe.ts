import {
  Database,
  SELECT_CHANGES_SQL,
  SELECT_USER_SQL,
  WRITABLE_COLUMNS,
  type UserRow,
} from './database';
import { inlineParams } from './sqlLog';
import { scriptNameOf } from './programs/scriptNames';
import type { Step } from './programs/types';

/** The command a step sends, as a person would type it. */
export function describeCommand(step: Step): string {
  switch (step.target) {
    case 'redis':
      return step.argv.map(quoteArg).join(' ');
    case 'db':
      if (step.op === 'select') return inlineParams(SELECT_USER_SQL, [step.id]);
      if (step.op === 'changes') return inlineParams(SELECT_CHANGES_SQL, [step.after, step.limit]);
      // Parameters in the statement's column order; the time is shown as `now`, not a number.
      return unseenEscaped(
        inlineParams(
          Database.updateSqlFor(step.changes).replace('updated_at = ?', 'updated_at = now'),
          [...WRITABLE_COLUMNS.flatMap((c) => step.changes[c] ?? []), step.id],
        ),
      );
    case 'wait':
      if (step.ends !== undefined) return `no command (the program ${step.ends})`;
      return `wait ${step.ms} ms`;
  }
}

/**
 * An EVAL of one of the engine's own scripts with the script named (`EVAL FILL_IF_NEWER 1
 * user:1 ...`) where {@link describeCommand} writes its text cut to 45 characters, which reads
 * the same for every script that starts with a GET. Undefined for any other command.
 */
export function describeNamedScript(step: Step): { name: string; command: string } | undefined {
  if (step.target !== 'redis') return undefined;
  const name = scriptNameOf(step.argv);
  if (name === undefined) return undefined;
  return { name, command: ['EVAL', name, ...step.argv.slice(2).map(quoteArg)].join(' ') };
}

/**
 * One argument of a command as the narration writes it: bare when it is a plain word, else
 * quoted, its own backslashes and quotes escaped before what cannot be seen is (so a key typed
 * `a\x00b` reads `'a\\x00b'`, one holding a NUL `'a\x00b'`); past 48 characters, cut to 45.
 */
export function quoteArg(arg: string): string {
  // A long one (a script, a row's JSON) is cut, so read as a glimpse: its quotes are left bare,
  // its backslashes doubled all the same (a typed `\x00` must not read as a NUL there either).
  if (arg.length > 48) return `'${unseenEscaped(sliceWhole(arg, 45).replace(/\\/g, '\\\\'))}…'`;
  if (/^[\w:.\-*]+$/.test(arg)) return arg;
  return `'${unseenEscaped(arg.replace(/[\\']/g, (c) => `\\${c}`))}'`;
}

// Characters that show as nothing (NUL and the other controls, C1's too, a soft hyphen, a
// zero-width space, a word joiner, a byte order mark), break the line (U+2028, U+2029) or turn
// the rest of the sentence around (direction overrides, isolates and marks): a value's U+202E
// made the narration's own words after it read backwards ("Redis holds version 2" as
// "2 noisrev sdloh sideR"), and keys `ab` and `a\u00adb` both read `ab`. Joiners U+200C and
// U+200D are left as they are: words and emoji (a family, a flag) are written with them.
const UNSEEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is its purpose
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const UNSEEN_ONE = new RegExp(UNSEEN.source);
/** Whether {@link unseenEscaped} would change `text` (a test, without building a copy). */
export const hasUnseen = (text: string): boolean => UNSEEN_ONE.test(text);
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text`'s first `length` UTF-16 units, one fewer where the cut would split a character written
 * with two (an emoji, 𝔸): its lone half showed as a replacement mark.
 */
export function sliceWhole(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/**
 * Text already written for showing (`\x00`, `\u202E`, `\n`, a doubled `\\`) cut to at most
 * `length` UTF-16 units, never inside one of those escapes: cut after `\x0`, a NUL read as the
 * key `\x0` and a backslash, or a doubled backslash as an escape of what followed it.
 */
export function sliceShown(text: string, length: number): string {
  const cut = sliceWhole(text, length);
  if (cut.length === text.length) return cut;
  // The escape the cut may end inside begins at most 5 units back (`\u202E` is the longest).
  for (let at = Math.max(0, cut.length - 5); at < cut.length; at++) {
    if (cut[at] !== '\\') continue;
    let run = 0;
    while (at - run - 1 >= 0 && cut[at - run - 1] === '\\') run++;
    if (run % 2 === 1) continue; // this backslash is the second of a doubled pair
    const size = text[at + 1] === 'x' ? 4 : text[at + 1] === 'u' ? 6 : 2;
    if (at + size > cut.length) return cut.slice(0, at);
    at += size - 1;
  }
  return cut;
}

/**
 * A name (a key, a field) as redis-cli quotes it: a backslash of its own written `\\`, then
 * {@link unseenEscaped}, so a key typed as the four characters `a\x00b` reads `a\\x00b` and never
 * as the key `a\x00b` that holds a NUL (redis-cli's `KEYS *` prints `"a\\x00b"` and `"a\x00b"`).
 */
export function nameEscaped(name: string): string {
  return unseenEscaped(name.replace(/\\/g, '\\\\'));
}

/**
 * A string reply as the narration and the diagrams write it, a program's or the console's: as a
 * command's argument is written ({@link quoteArg}), a short one's own backslashes doubled, so a
 * typed `\x00` reads apart from a NUL; a long one is cut, a glimpse.
 */
export function quotedReply(text: string): string {
  return text.length > 40
    ? `"${unseenEscaped(sliceWhole(text, 37).replace(/\\/g, '\\\\'))}…"`
    : `"${unseenEscaped(text.replace(/\\/g, '\\\\'))}"`;
}

/** `text` with {@link UNSEEN} characters written as redis-cli writes them (`\x00`, `\n`), or `\u202E`. */
export function unseenEscaped(text: string): string {
  return text.replace(UNSEEN, (c) => {
    const code = c.charCodeAt(0);
    if (NAMED_ESCAPES[c] !== undefined) return NAMED_ESCAPES[c];
    return code < 0x80
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** The reply a step got, the way redis-cli or a SQL shell would summarise it. */
export function describeReply(step: Step, reply: unknown, error?: string): string {
  if (error !== undefined) return `(error) ${error}`;
  if (step.target === 'wait') return step.ends !== undefined ? 'nothing sent' : 'done';
  if (step.target === 'db') {
    if (step.op === 'select') return reply === null ? '0 rows' : '1 row';
    if (step.op === 'changes') {
      const n = Array.isArray(reply) ? reply.length : 0;
      return `${n} change${n === 1 ? '' : 's'}`;
    }
    if (reply === null) return '0 rows changed';
    // A version the console left NULL (its constraint dropped) is said as SQL says it.
    const version = (reply as UserRow).version as unknown;
    return `1 row changed (version ${version === null ? 'NULL' : String(version)})`;
  }
  if (reply === null) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (reply === 'OK') return 'OK';
  // LPOP with a count (the write-behind flusher's batch): how many, as redis-cli numbers them.
  if (Array.isArray(reply)) return `${reply.length} item${reply.length === 1 ? '' : 's'}`;
  if (typeof reply === 'string') return quotedReply(reply);
  // HGETALL as a client hands it to code: an object of the hash's fields.
  if (typeof reply === 'object') {
    const n = Object.keys(reply).length;
    return `${n} field${n === 1 ? '' : 's'}`;
  }
  return String(reply);
}
