// How the console fuzzer makes a line (see consoleFuzz.ts): a template filled from the corpus,
// mutated the way people mistype, a name from Redis' whole command table, or quoting typed by hand.
import type { Rng } from '../engine/rng';
import { REDIS_7_COMMAND_NAMES, REDIS_7_SUBCOMMAND_ARITIES } from '../engine/redisCommandNames';
import {
  KEYS,
  NUMBERS,
  PATTERNS,
  RAW,
  SUBCOMMANDS,
  TEMPLATES,
  VALUES,
  WORDS,
} from './consoleFuzzCorpus';

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

/** One word of a template, filled in. */
function fill(rng: Rng, slot: string): string {
  switch (slot) {
    case 'K':
      return pick(rng, KEYS);
    case 'N':
      return pick(rng, NUMBERS);
    case 'V':
      return rng.next() < 0.3 ? pick(rng, NUMBERS) : pick(rng, VALUES);
    case 'P':
      return pick(rng, PATTERNS);
    case 'W':
      return pick(rng, WORDS);
    default:
      return slot;
  }
}

const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const hasControl = (word: string): boolean => [...word].some(isControl);

/** A word as a person would type it: bare where possible, else quoted one way or the other. */
function quote(rng: Rng, word: string): string {
  const isBare = word !== '' && !/[\s"'\\]/.test(word) && !hasControl(word);
  const r = rng.next();
  if (isBare && r < 0.8) return word;
  if (!/['\\]/.test(word) && !hasControl(word) && r < 0.9) return `'${word}'`;
  const escaped = [...word]
    .map((c) => {
      if (c === '"') return '\\"';
      if (c === '\\') return '\\\\';
      if (c === '\n') return '\\n';
      if (c === '\t') return '\\t';
      if (isControl(c)) return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
      return c;
    })
    .join('');
  return `"${escaped}"`;
}

/** A word in another letter case. */
function recase(rng: Rng, word: string): string {
  const r = rng.next();
  if (r < 0.4) return word;
  if (r < 0.7) return word.toLowerCase();
  return [...word].map((c) => (rng.next() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** Mutations of a line's words: a word dropped, repeated, added or moved. */
function mutate(rng: Rng, words: string[]): string[] {
  const out = [...words];
  const r = rng.next();
  if (r < 0.1 && out.length > 1) out.splice(1 + rng.int(out.length - 1), 1);
  else if (r < 0.2)
    out.splice(1 + rng.int(out.length), 0, fill(rng, pick(rng, ['K', 'N', 'V', 'W'])));
  else if (r < 0.27 && out.length > 1) out.push(out[1 + rng.int(out.length - 1)]);
  else if (r < 0.32 && out.length > 2) {
    const i = 1 + rng.int(out.length - 1);
    const j = 1 + rng.int(out.length - 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const ALL_NAMES = [...REDIS_7_COMMAND_NAMES].map((n) => n.toUpperCase());
const ALL_SUBCOMMANDS = [...REDIS_7_SUBCOMMAND_ARITIES.keys()].map((n) => n.toUpperCase());

/** Lines of quotes, escapes and blanks after a command: redis-cli's splitting, as typed. */
function quotingLine(rng: Rng): string {
  const alphabet = [
    '"',
    "'",
    '\\',
    'x',
    '4',
    '1',
    'f',
    ' ',
    'a',
    'n',
    '\t',
    '\\x',
    '\\"',
    "\\'",
    'é',
    '0',
  ];
  let tail = '';
  for (let n = 1 + rng.int(9); n > 0; n--) tail += pick(rng, alphabet);
  return `${pick(rng, ['ECHO', 'PING', 'EXISTS', 'GET', 'ECHO a', 'echo'])} ${tail}`;
}

export function lineFor(rng: Rng): string {
  if (process.env.QUOTES) return quotingLine(rng);
  const r0 = rng.next();
  if (r0 < 0.15) {
    // Any of Redis' commands or subcommands, with 0 to 4 words after it.
    const name =
      rng.next() < 0.7 ? pick(rng, ALL_NAMES) : pick(rng, ALL_SUBCOMMANDS).replace('|', ' ');
    const words = name.split(' ').map((w) => recase(rng, w));
    for (let n = rng.int(5); n > 0; n--)
      words.push(fill(rng, pick(rng, ['K', 'N', 'V', 'W', 'P'])));
    return words.map((w) => quote(rng, w)).join(' ');
  }
  const r = rng.next();
  if (r < 0.2) return pick(rng, RAW);
  if (r < 0.3) {
    const name = pick(rng, Object.keys(SUBCOMMANDS));
    const words = [recase(rng, name), recase(rng, pick(rng, SUBCOMMANDS[name]))];
    for (let n = rng.int(3); n > 0; n--) words.push(fill(rng, pick(rng, ['K', 'N', 'V', 'P'])));
    return words.map((w) => quote(rng, w)).join(' ');
  }
  if (r < 0.33) {
    // Big values: a list, a hash or a set past Redis' listpack and intset bounds.
    const size = 500 + rng.int(200);
    const key = pick(rng, ['bigl', 'bigh', 'bigs']);
    const items = Array.from({ length: size }, (_, i) =>
      key === 'bigh' ? `f${i} ${i}` : key === 'bigs' ? String(i * 7) : `i${i}`,
    ).join(' ');
    const cmd = key === 'bigl' ? 'RPUSH' : key === 'bigh' ? 'HSET' : 'SADD';
    return `${cmd} ${key} ${items}`;
  }
  if (r < 0.36) {
    const key = pick(rng, ['bigl', 'bigh', 'bigs']);
    return pick(rng, [
      `LRANGE ${key} 0 -1`,
      `HGETALL ${key}`,
      `SMEMBERS ${key}`,
      `LLEN ${key}`,
      `HLEN ${key}`,
      `SCARD ${key}`,
      `LPOP ${key} 3`,
      `TYPE ${key}`,
      `SISMEMBER ${key} 70`,
      `HGET ${key} f3`,
    ]);
  }
  const template = pick(rng, TEMPLATES).split(' ');
  let words = template.map((slot, i) => (i === 0 ? recase(rng, slot) : fill(rng, slot)));
  words = words.map((w, i) => (i > 0 && WORDS.includes(w) ? recase(rng, w) : w));
  words = mutate(rng, words);
  const line = words.map((w) => quote(rng, w)).join(' ');
  return rng.next() < 0.05 ? `${1 + rng.int(3)} ${line}` : line;
}
