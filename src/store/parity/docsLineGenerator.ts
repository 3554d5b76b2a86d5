// Console lines made from the real server's own description of a command (`COMMAND DOCS`), where
// the seeded generator (lineGenerator.ts) draws from lists of its own: each optional token and
// each branch of a choice, a token repeated, placed before the arguments it follows or left
// without its value, one word too few or too many, a wrong value in each value's place, and a
// key of each type in each key's place. The lines name the keys `docsKeyspace` sets up.

import type { RedisReply } from '../../engine/redisCli';

/** One argument of a command as `COMMAND DOCS` describes it. */
export interface DocArgument {
  name: string;
  type: string;
  token?: string;
  isOptional: boolean;
  isMultiple: boolean;
  arguments: DocArgument[];
}

/** A generated line: its words (the command's name first) and what kind of variant it is. */
export interface DocsLine {
  kind: string;
  argv: string[];
}

/** The keyspace every line starts from, one key of each type the console holds, and one with a TTL. */
export const DOCS_KEYSPACE: readonly string[][] = [
  ['SET', 'str', 'hello'],
  ['SET', 'num', '10'],
  ['RPUSH', 'list', 'a', 'b', 'c'],
  ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'],
  ['SADD', 'set', 'a', 'b', 'c'],
  ['SET', 'ttlkey', 'v', 'EX', '1000'],
];

/** The keys put where a key goes (besides one that does not exist): each type, and one with a TTL. */
const KEYS_OF_EVERY_TYPE = ['str', 'num', 'list', 'hash', 'set', 'ttlkey'];

/**
 * Wrong or edge values put where a value goes: words, signs, 64-bit edges, what C's strtod reads
 * and Redis' string2ll does not, and the empty string.
 */
const EDGE_VALUES = [
  'x',
  '-1',
  '0',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '1e3',
  ' 1',
  '0x10',
  'inf',
  '-inf',
  'nan',
  '',
  '1.5',
  '-0',
  '+1',
  '007',
];

/** How many edge values each value's place gets (rotating through the list, place by place). */
const EDGES_PER_PLACE = 3;

/** A reply of flat `[name, value, ...]` pairs as a map. */
function pairs(reply: RedisReply): Map<string, RedisReply> {
  const items = Array.isArray(reply) ? reply : [];
  const map = new Map<string, RedisReply>();
  for (let i = 0; i + 1 < items.length; i += 2) map.set(String(items[i]), items[i + 1]);
  return map;
}

function flagsOf(value: RedisReply | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((f) =>
    typeof f === 'object' && f !== null && 'status' in f ? f.status : String(f),
  );
}

function parseArguments(list: RedisReply | undefined): DocArgument[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const fields = pairs(item);
    const flags = flagsOf(fields.get('flags'));
    const token = fields.get('token');
    return {
      name: String(fields.get('name')),
      type: String(fields.get('type')),
      token: typeof token === 'string' ? token : undefined,
      isOptional: flags.includes('optional'),
      isMultiple: flags.includes('multiple'),
      arguments: parseArguments(fields.get('arguments')),
    };
  });
}

/**
 * The arguments of each command and subcommand in a `COMMAND DOCS` reply, by name in lower case
 * (`get`, `object|freq`).
 */
export function parseCommandDocs(reply: RedisReply): Map<string, DocArgument[]> {
  const docs = new Map<string, DocArgument[]>();
  const add = (name: string, fields: Map<string, RedisReply>) => {
    docs.set(name.toLowerCase(), parseArguments(fields.get('arguments')));
    for (const [sub, subFields] of pairs(fields.get('subcommands') ?? []))
      add(sub, pairs(subFields));
  };
  for (const [name, fields] of pairs(reply)) add(name, pairs(fields));
  return docs;
}

/** The key a command works on, so its plain line reaches the command's own code. */
function ownKey(command: string): string {
  if (/^(L|R)(PUSH|POP|RANGE|LEN|INSERT)$/.test(command)) return 'list';
  if (command.startsWith('H')) return 'hash';
  if (/^S(ADD|MEMBERS|CARD|ISMEMBER|REM)$/.test(command)) return 'set';
  if (/^(INCR|DECR)/.test(command)) return 'num';
  return 'str';
}

/** An argument any text is a valid value for (a value, a member): no edge value is wrong there. */
const isAnyString = (arg: DocArgument): boolean =>
  arg.type === 'string' && arg.name !== 'type' && arg.name !== 'pivot';

/** A valid value for an argument, by its name and type. */
function validValue(arg: DocArgument): string {
  if (arg.type === 'pattern') return '*';
  if (arg.type === 'double') return '1.5';
  if (arg.type === 'unix-time')
    return arg.name.includes('milliseconds') ? '4102444800000' : '4102444800';
  if (arg.type === 'integer') {
    const integers: Record<string, string> = {
      seconds: '100',
      milliseconds: '100000',
      stop: '-1',
      end: '-1',
      offset: '2',
      count: '2',
      increment: '5',
      decrement: '5',
    };
    return integers[arg.name] ?? '0';
  }
  const strings: Record<string, string> = {
    field: 'f1',
    pivot: 'b',
    member: 'a',
    element: 'x',
    type: 'string',
  };
  return strings[arg.name] ?? 'v';
}

/** The words of an argument with valid values (a choice takes its first branch). */
function render(command: string, arg: DocArgument, keys: { next: number }): string[] {
  const token = arg.token !== undefined ? [arg.token] : [];
  switch (arg.type) {
    case 'key':
      return [...token, keys.next++ === 0 ? ownKey(command) : 'dst'];
    case 'pure-token':
      return token;
    case 'oneof':
      return [...token, ...render(command, arg.arguments[0], keys)];
    case 'block':
      return [...token, ...arg.arguments.flatMap((a) => render(command, a, keys))];
    default:
      return [...token, validValue(arg)];
  }
}

/** Each way an optional argument can be given: every branch of a choice. */
function branches(command: string, arg: DocArgument): string[][] {
  const token = arg.token !== undefined ? [arg.token] : [];
  if (arg.type === 'oneof')
    return arg.arguments.flatMap((a) => branches(command, a).map((b) => [...token, ...b]));
  return [render(command, arg, { next: 1 })];
}

/**
 * The lines for one command or subcommand (`name` as `COMMAND DOCS` names it: `set`,
 * `object|freq`), from its arguments.
 */
export function docsLines(name: string, args: readonly DocArgument[]): DocsLine[] {
  const words = name.toUpperCase().split('|');
  const command = words[0];
  const lines: DocsLine[] = [];
  const add = (kind: string, rest: string[]) => lines.push({ kind, argv: [...words, ...rest] });

  // Each place a value goes gets the next few edge values, from a start of the name's own, so
  // the places of all the commands go through the whole list.
  let place = [...name].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  const edges = (): string[] => {
    const start = place++ * EDGES_PER_PLACE;
    return Array.from(
      { length: EDGES_PER_PLACE },
      (_, j) => EDGE_VALUES[(start + j) % EDGE_VALUES.length],
    );
  };

  // Each place a key goes gets a missing key and a key of another type, taken in turn.
  const keysFor = (own: string): string[] => {
    const others = KEYS_OF_EVERY_TYPE.filter((k) => k !== own);
    return ['nokey', others[place++ % others.length]];
  };

  const keys = { next: 0 };
  // The required arguments with valid values, and where each one's words start.
  const required: { arg: DocArgument; words: string[]; at: number }[] = [];
  let at = 0;
  for (const arg of args.filter((a) => !a.isOptional)) {
    const rendered = render(command, arg, keys);
    required.push({ arg, words: rendered, at });
    at += rendered.length;
  }
  const base = required.flatMap((r) => r.words);
  const optional = args.filter((a) => a.isOptional);

  add('plain', base);
  for (const arg of optional) {
    const ways = branches(command, arg);
    for (const way of ways) add('option', [...base, ...way]);
    add('option twice', [...base, ...ways[0], ...ways[0]]);
    if (ways.length > 1) add('two branches', [...base, ...ways[0], ...ways[ways.length - 1]]);
    add('option first', [...ways[0], ...base]);
    add('option in lower case', [...base, ...ways[ways.length - 1].map((w) => w.toLowerCase())]);
    if (ways[0].length > 1) add('token without its value', [...base, ways[0][0]]);
    // A wrong value after each of the option's tokens (`EX x`, `COUNT 0`), or in the place of
    // an optional value (`LPOP list x`).
    for (const way of ways) {
      const isValue = way.length > 1 || (arg.type !== 'pure-token' && arg.type !== 'oneof');
      if (isValue && !isAnyString(arg))
        for (const edge of edges()) add('wrong option value', [...base, ...way.slice(0, -1), edge]);
    }
  }
  if (optional.length > 1)
    add('options reversed', [
      ...base,
      ...optional
        .map((a) => branches(command, a)[0])
        .reverse()
        .flat(),
    ]);
  if (base.length > 0) add('one word too few', base.slice(0, -1));
  add('one word too many', [...base, 'extra']);
  for (const { arg, words: rendered, at: start } of required) {
    const before = base.slice(0, start);
    const after = base.slice(start + rendered.length);
    if (arg.isMultiple)
      add('given three times', [...before, ...rendered, ...rendered, ...rendered, ...after]);
    if (arg.isMultiple && arg.type === 'block')
      add('a block cut short', [...before, ...rendered, rendered[0], ...after]);
    // Other keys where a key goes (a block's first word too: MSET's key-value pairs).
    if (arg.type === 'key' || (arg.type === 'block' && arg.arguments[0]?.type === 'key'))
      for (const key of keysFor(rendered[0]))
        add('key of a type', [...before, key, ...rendered.slice(1), ...after]);
    // Wrong values where a value goes (a block's values too).
    const valueAt = rendered
      .map((_, i) => i)
      .filter((i) => {
        const sub = arg.arguments[i];
        if (arg.type === 'block')
          return sub !== undefined && sub.type !== 'key' && !isAnyString(sub);
        return (
          arg.type !== 'key' &&
          arg.type !== 'pure-token' &&
          arg.type !== 'oneof' &&
          !isAnyString(arg) &&
          i >= (arg.token ? 1 : 0)
        );
      });
    for (const i of valueAt)
      for (const edge of edges())
        add('wrong value', [
          ...before,
          ...rendered.slice(0, i),
          edge,
          ...rendered.slice(i + 1),
          ...after,
        ]);
  }
  // The name in mixed case.
  lines.push({
    kind: 'name in mixed case',
    argv: [
      ...words.map((w) => [...w].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('')),
      ...base,
    ],
  });
  return lines;
}
