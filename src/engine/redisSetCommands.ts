// The set commands beyond SADD and SMEMBERS, as Redis 7.0 runs them (t_set.c): SMISMEMBER,
// SINTER, SUNION and SDIFF with their STORE forms, SINTERCARD and SMOVE. Every key is looked up,
// in order, before any is combined: a missing key is an empty set, and a key of another type is
// WRONGTYPE wherever it stands.

import {
  asciiUpper,
  error,
  isWrongType,
  lookupRead,
  lookupWrite,
  ofType,
  optionWord,
  out,
  overwrite,
  parseInt64,
  SYNTAX_ERROR,
  update,
  WRONGTYPE,
  type CommandContext,
  type CommandOutcome,
} from './redisCommandKit';
import { isOutcome, read, smembersOrder } from './redisTypeCommands';

type Members = Set<string>;

/** SMISMEMBER key member...: 1 or 0 for each member. */
export function smismember(ctx: CommandContext, argv: string[]): CommandOutcome {
  const s = read<Members>(ctx, argv[1], 'set', false);
  if (isOutcome(s)) return s;
  return out(argv.slice(2).map((m) => (s?.has(m) === true ? 1 : 0)));
}

/** The sets at `keys` (undefined for a missing key), or WRONGTYPE once all were looked up. */
function setsAt(ctx: CommandContext, keys: readonly string[]): (Members | undefined)[] | null {
  const sets: (Members | undefined)[] = [];
  for (const key of keys) {
    const s = ofType<Members>(lookupRead(ctx, key), 'set');
    if (isWrongType(s)) return null;
    sets.push(s);
  }
  return sets;
}

/** What SINTER, SUNION or SDIFF of these sets holds, in the first set's order. */
function combine(name: string, sets: readonly (Members | undefined)[]): string[] {
  if (name === 'SINTER') {
    if (sets.some((s) => s === undefined)) return [];
    const all = sets as Members[];
    const smallest = all.reduce((a, b) => (b.size < a.size ? b : a));
    return [...smallest].filter((m) => all.every((s) => s.has(m)));
  }
  if (name === 'SUNION') {
    const union = new Set<string>();
    for (const s of sets) for (const m of s ?? []) union.add(m);
    return [...union];
  }
  const [first, ...rest] = sets;
  return [...(first ?? [])].filter((m) => !rest.some((s) => s?.has(m) === true));
}

/** SINTER, SUNION, SDIFF key...: the members, in SMEMBERS' order (a set of integers sorted). */
export function combineSets(ctx: CommandContext, argv: string[]): CommandOutcome {
  const sets = setsAt(ctx, argv.slice(1));
  if (sets === null) return out(error(WRONGTYPE));
  return out(smembersOrder(combine(asciiUpper(argv[0]), sets)));
}

/**
 * SINTERSTORE, SUNIONSTORE, SDIFFSTORE destination key...: stores the result, replacing what
 * the destination held (and its TTL); an empty result deletes it. How many members it holds.
 */
export function storeCombinedSets(ctx: CommandContext, argv: string[]): CommandOutcome {
  const destination = argv[1];
  const sets = setsAt(ctx, argv.slice(2));
  if (sets === null) return out(error(WRONGTYPE));
  const members = combine(asciiUpper(argv[0]).replace(/STORE$/, ''), sets);
  if (members.length === 0) {
    const existed = ctx.keyspace.get(destination, ctx.nowMs) !== undefined;
    ctx.keyspace.delete(destination);
    return existed ? out(0, destination) : out(0);
  }
  overwrite(ctx, destination, new Set(members));
  return out(members.length, destination);
}

/**
 * SINTERCARD numkeys key... [LIMIT limit]: how many members are in every set, counting up to
 * limit (0: no limit). numkeys and the options are read before any key, as in Redis.
 */
export function sintercard(ctx: CommandContext, argv: string[]): CommandOutcome {
  const numkeys = parseInt64(argv[1]);
  if (numkeys === null || numkeys < 1n) return out(error('ERR numkeys should be greater than 0'));
  if (numkeys > BigInt(argv.length - 2))
    return out(error("ERR Number of keys can't be greater than number of args"));
  const keysEnd = 2 + Number(numkeys);
  let limit = 0n;
  for (let j = keysEnd; j < argv.length; j++) {
    if (optionWord(argv[j]) !== 'LIMIT' || j === argv.length - 1) return out(error(SYNTAX_ERROR));
    const n = parseInt64(argv[++j]);
    if (n === null || n < 0n) return out(error("ERR LIMIT can't be negative"));
    limit = n;
  }
  const sets = setsAt(ctx, argv.slice(2, keysEnd));
  if (sets === null) return out(error(WRONGTYPE));
  if (sets.some((s) => s === undefined)) return out(0);
  const all = sets as Members[];
  const smallest = all.reduce((a, b) => (b.size < a.size ? b : a));
  let count = 0n;
  for (const m of smallest) {
    if (!all.every((s) => s.has(m))) continue;
    count++;
    if (count === limit) break;
  }
  return out(Number(count));
}

/**
 * SMOVE source destination member: 1 if member moved (or source is destination and holds it),
 * else 0. A missing source answers 0 whatever destination holds; then either key of another
 * type is WRONGTYPE, as in Redis. A source left empty is deleted.
 */
export function smove(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, source, destination, member] = argv;
  const from = ofType<Members>(lookupWrite(ctx, source), 'set');
  const to = ofType<Members>(lookupWrite(ctx, destination), 'set');
  if (from === undefined) return out(0);
  if (isWrongType(from) || isWrongType(to)) return out(error(WRONGTYPE));
  if (source === destination) return out(from.has(member) ? 1 : 0);
  if (!from.delete(member)) return out(0);
  if (from.size === 0) ctx.keyspace.delete(source);
  else update(ctx, source, from);
  if (to === undefined) overwrite(ctx, destination, new Set([member]));
  else update(ctx, destination, to.add(member));
  return out(1, source, destination);
}
