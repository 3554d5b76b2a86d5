// The commands a console connection answers itself, not the command layer (transactions, QUIT),
// and those of a cluster node, which this server is not: their specs for HELP, with Redis'
// arity, beside the registry (redisCommandSpecs.ts).

import type { CommandSpec } from './redisCommandSpecs';

/**
 * The transaction commands, which a console connection runs itself (redisTransactions.ts), not
 * the command layer: here for HELP, with Redis' arity.
 */
export const TRANSACTION_SPECS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  [
    'MULTI',
    {
      arity: 1,
      syntax: 'MULTI',
      summary: 'start a transaction: the commands after it answer QUEUED and run at EXEC',
    },
  ],
  [
    'EXEC',
    {
      arity: 1,
      syntax: 'EXEC',
      summary:
        'run the queue at once, each reply in order; nil, running nothing, if a watched key was modified',
    },
  ],
  [
    'DISCARD',
    { arity: 1, syntax: 'DISCARD', summary: 'drop the queue unrun, and watch no key any more' },
  ],
  [
    'WATCH',
    {
      arity: -2,
      syntax: 'WATCH key [key ...]',
      summary:
        'EXEC answers nil if a key is modified before it (a DEL of a missing key is no change)',
    },
  ],
  ['UNWATCH', { arity: 1, syntax: 'UNWATCH', summary: 'watch no key any more' }],
  // What RESET resets of a connection here: no other state of one (a name, CLIENT REPLY,
  // tracking, a subscription, another database) can be set in this console.
  [
    'RESET',
    {
      arity: 1,
      syntax: 'RESET',
      summary: 'reset the connection: a MULTI is dropped unrun (in MULTI too) and no key watched',
    },
  ],
]);

/**
 * QUIT, which the console's connection answers itself (a count first, or redis-cli would take it
 * as its own word to exit: consoleFormat.ts; cache.ts `quit`): here for HELP, with Redis' arity.
 */
export const QUIT_SPEC: CommandSpec = {
  arity: -1,
  syntax: 'QUIT',
  summary:
    "typed alone, redis-cli's own word to exit; after a count (1 quit) sent to Redis: OK, and Redis closes the connection, a MULTI and the watched keys with it",
};

/** The commands the adapter answers for a console connection itself. */
export const TRANSACTION_COMMANDS: ReadonlySet<string> = new Set(TRANSACTION_SPECS.keys());

/** What a redis-server that is no cluster node answers them (the console's server is none). */
export const CLUSTER_DISABLED = 'ERR This instance has cluster support disabled';

/** Commands for a cluster node: any subcommand of CLUSTER, HELP too, and these three. */
export const CLUSTER_COMMANDS: ReadonlySet<string> = new Set([
  'CLUSTER',
  'READONLY',
  'READWRITE',
  'ASKING',
]);
