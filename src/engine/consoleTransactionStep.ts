import type { ConnectionTransactions } from './connectionTransactions';
import type { KeyState } from './keyspacePeek';
import type { CommandContext } from './redisCommandKit';
import { runCommand, type CommandOutcome } from './redisCommands';
import { isIdle, newTransaction, stepTransaction, TRANSACTION_COMMANDS } from './redisTransactions';
import type { ServerStats } from './serverStats';
import { trialKeyspace } from './trialKeyspace';
import type { VirtualTimeBinding } from './virtualTime';

/** What a transaction step needs of the cache adapter. */
export interface TransactionStepHost {
  readonly txs: ConnectionTransactions;
  readonly time: VirtualTimeBinding;
  readonly serverStats: ServerStats;
  /** Counts a command that failed with the server's `error` reply in Cache errors. */
  countError(error: string): void;
  /** What each of `keys` holds, as `Cache.keyStates` reads it. */
  states(keys: readonly string[]): Map<string, KeyState | undefined>;
  /** Checks the watches after a command (see `Cache.noteWatched`). */
  checkWatched(): void;
}

/**
 * A console line that is a transaction command, or any line while its connection is in MULTI
 * (see `redisTransactions.ts`); undefined for any other, which runs as usual. With its outcome,
 * the keys the step wrote though they hold what they held.
 */
export function transactionStep(
  host: TransactionStepHost,
  actor: string,
  argv: readonly string[],
  name: string,
  ctx: CommandContext,
): { outcome: CommandOutcome; wrote: string[] } | undefined {
  const { txs, time, serverStats } = host;
  const existing = txs.open.get(actor);
  txs.forgetClosed(actor, name);
  if (existing === undefined && !TRANSACTION_COMMANDS.has(name)) return undefined;
  const tx = existing ?? newTransaction<KeyState>();
  const wrote: string[] = [];
  const outcome = stepTransaction(tx, [...argv], {
    run: (queued) => {
      try {
        const ran = time.run(() => runCommand(ctx, queued));
        // Redis counts each error inside EXEC's reply, as it would the command's own, and so
        // does Cache errors: a command that failed (the console's are taken out of it).
        const { reply } = ran;
        if (typeof reply === 'object' && reply !== null && 'error' in reply) {
          serverStats.countErrorReply(reply.error);
          host.countError(reply.error);
        }
        return ran;
      } finally {
        serverStats.commandsProcessed++;
      }
    },
    states: (keys) => host.states(keys),
    checkWatched: () => host.checkWatched(),
    wrote: (keys) => wrote.push(...keys),
    trial: () => {
      // Nothing counted, nothing recorded for eviction, CONFIG RESETSTAT resets nothing.
      const onCopy: CommandContext = {
        ...ctx,
        keyspace: trialKeyspace(ctx.keyspace),
        stats: { keyspaceHits: 0, keyspaceMisses: 0 },
        accessed: undefined,
        moved: undefined,
        created: undefined,
        resetStats: undefined,
      };
      return (queued) => time.run(() => runCommand(onCopy, [...queued]));
    },
  });
  if (isIdle(tx)) txs.open.delete(actor);
  else txs.open.set(actor, tx);
  if (outcome === undefined) return undefined;
  return { outcome, wrote };
}
