// The set commands beyond SADD and SMEMBERS, as Redis 7.0 runs them (t_set.c): SMISMEMBER, and
// SINTER, SUNION and SDIFF with their STORE forms. Every key is looked up, in order, before any
// is combined: a missing key is an empty set, and a key of another type is WRONGTYPE wherever
// it stands.

import {
  asciiUpper,
  error,
  isWrongType,
  lookupRead,
  ofType,
  out,
  overwrite,
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
