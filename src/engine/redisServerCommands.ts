// Connection and server commands: PING, ECHO, INFO (this sandbox, as it is), and the console's
// own HELP, read from the registry of what the console accepts.

import {
  asciiLower,
  asciiUpper,
  out,
  type CommandContext,
  type CommandOutcome,
  unixTimeReply,
} from './redisCommandKit';
import { QUIT_SPEC, TRANSACTION_SPECS } from './connectionCommandSpecs';
import { COMMANDS } from './redisCommandSpecs';
import { HELP_GROUPS } from './redisHelpGroups';
import { REDIS_7_COMMAND_GROUPS, REDIS_7_COMMAND_NAMES } from './redisCommandNames';
import { configGetMatches } from './redisConfigNames';

export function ping(_ctx: CommandContext, argv: string[]): CommandOutcome {
  return out(argv.length === 2 ? argv[1] : { status: 'PONG' });
}

/**
 * CONFIG RESETSTAT (INFO's counts start again), or CONFIG GET of the parameters this sandbox has, by name or pattern (validation
 * let through no argument that takes in another): each once, under the name it was first asked
 * by. Redis answers in its dictionary's order, which its hash seed changes at every start; here
 * maxmemory-policy comes first.
 */
export function config(ctx: CommandContext, argv: string[]): CommandOutcome {
  if (asciiUpper(argv[1]) === 'RESETSTAT') {
    ctx.resetStats?.();
    return out({ status: 'OK' });
  }
  const values: [string, string][] = [
    ['maxmemory-policy', ctx.eviction.policy],
    ['maxmemory-samples', String(ctx.eviction.samples)],
  ];
  // Each parameter once, under the name it was first asked by (as typed, or a pattern's match).
  const shownAs = new Map<string, string>();
  for (const arg of argv.slice(2))
    for (const { parameter, shownAs: name } of configGetMatches(arg))
      if (!shownAs.has(parameter)) shownAs.set(parameter, name);
  const reply: string[] = [];
  for (const [parameter, value] of values) {
    const name = shownAs.get(parameter);
    if (name !== undefined) reply.push(name, value);
  }
  return out(reply);
}

/**
 * UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE [channel ...]: the console subscribes to nothing,
 * so Redis confirms each channel named (or, with none named, one nil) with 0 subscriptions
 * left: `["unsubscribe", channel, 0]`. Redis sends each confirmation as a reply of its own; the
 * list of them is the reply here, and the console prints each as one reply
 * (`REPLY_PER_CHANNEL_COMMANDS`).
 */
export function unsubscribe(_ctx: CommandContext, argv: string[]): CommandOutcome {
  // Validation let through only the name itself, in any letter case: Redis answers it lower.
  const kind = asciiLower(argv[0]);
  const channels: (string | null)[] = argv.length > 1 ? argv.slice(1) : [null];
  return out(channels.map((channel) => [kind, channel, 0]));
}

/** WAIT for no replica (validation let through no other): none acknowledged, as in Redis. */
export function wait(): CommandOutcome {
  return out(0);
}

/** SWAPDB n n: validation let through only a database swapped with itself, which changes nothing. */
export function swapdb(): CommandOutcome {
  return out({ status: 'OK' });
}

/** SELECT 0: validation let through only db0, where the console already is. */
export function select(): CommandOutcome {
  return out({ status: 'OK' });
}

export function echo(_ctx: CommandContext, argv: string[]): CommandOutcome {
  return out(argv[1]);
}

/**
 * TIME: the virtual clock, as the Unix time it stands for (virtual 0 is 2026-01-01). Redis reads
 * the machine's clock; here every run and every replay answers the same.
 */
export function time(ctx: CommandContext): CommandOutcome {
  return out(unixTimeReply(ctx.clockMs ?? ctx.nowMs));
}

/** INFO [section ...]: the cache adapter writes the text; redis-cli prints it raw. */
export function info(ctx: CommandContext, argv: string[]): CommandOutcome {
  return out({ status: ctx.info(argv.slice(1).map((s) => s.toLowerCase())) });
}

/** Every help group, as `HELP @group` takes it. */
const GROUP_LIST = [...HELP_GROUPS.keys()].map((g) => `@${g}`).join(', ');

/** HELP's answer, as {@link helpText} writes it. */
export function help(_ctx: CommandContext, argv: string[]): CommandOutcome {
  return out({ status: helpText(argv) });
}

/**
 * HELP lists every command; HELP name shows one, HELP @group the console's commands in a group
 * of Redis 7. Like redis-cli's help, the console answers it itself: nothing reaches Redis.
 */
export function helpText(argv: readonly string[]): string {
  const names =
    argv.length > 1
      ? argv.slice(1).map(asciiUpper)
      : [...COMMANDS.keys(), ...TRANSACTION_SPECS.keys(), 'QUIT'];
  // MULTI and its kin, and QUIT, run on the console's connection, not the command layer (which
  // your code and scripts are refused QUIT by): HELP has them.
  const specOf = (name: string) =>
    COMMANDS.get(name) ?? TRANSACTION_SPECS.get(name) ?? (name === 'QUIT' ? QUIT_SPEC : undefined);
  const lines: string[] = [];
  for (const name of names) {
    if (name.startsWith('@')) {
      const group = HELP_GROUPS.get(name.slice(1).toLowerCase());
      // A group of Redis' own whose commands the console does not run is no typo: say so.
      if (group === undefined && REDIS_7_COMMAND_GROUPS.has(name.slice(1).toLowerCase()))
        lines.push(
          `${name.toLowerCase()}: a group of Redis 7 none of whose commands runs in this console (${GROUP_LIST} have some)`,
        );
      else if (group === undefined)
        lines.push(`${name.toLowerCase()}: not a group this console knows (${GROUP_LIST})`);
      else
        for (const member of group) {
          const spec = specOf(member);
          if (spec) lines.push(`${spec.syntax}\n    ${spec.summary}`);
        }
      continue;
    }
    const spec = specOf(name);
    if (spec) lines.push(`${spec.syntax}\n    ${spec.summary}`);
    else if (REDIS_7_COMMAND_NAMES.has(name.toLowerCase()))
      lines.push(`${name}: not supported in this console (HELP lists what is)`);
    else lines.push(`${name}: not a Redis command (HELP lists what this console runs)`);
  }
  if (argv.length === 1) {
    lines.unshift(
      'The commands this console accepts, answered as Redis 7 answers them ' +
        '(see the README for where it differs). HELP name shows one; HELP @group a group ' +
        `(${GROUP_LIST}):`,
    );
  }
  return lines.join('\n');
}
