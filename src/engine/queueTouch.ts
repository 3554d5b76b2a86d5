// Which commands may remove or replace entries of the write-behind queue behind the ledger's
// back: the sandbox and the workload lab check the queue after each of them, and after no other.
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { scriptNameOf } from './programs/scriptNames';
import { upperName } from './redisCommandNames';

/**
 * Whether a program's command may have removed or replaced write-behind queue entries the ledger
 * does not hear of from the application's own RPUSH and LPOP: it names the queue (a DEL, a
 * RENAME or COPY over it, a MOVE of it), flushes the keyspace, runs a script other than the
 * engine's own (one may name the queue in its text, or build the name), or is an EXEC whose
 * transaction ran one of these (`execQueue`: the commands it ran). The application's RPUSH of
 * one entry and its LPOP are told to the ledger by their replies: the workload's hot path, not
 * checked again.
 */
export function mayTouchQueue(
  argv: readonly string[],
  execQueue?: readonly (readonly string[])[],
): boolean {
  const sent = argv[0] ?? '';
  const name = upperName(sent);
  switch (name) {
    case 'FLUSHALL':
    case 'FLUSHDB':
    case 'SWAPDB':
      return true;
    case 'EVAL':
    case 'EVALSHA':
    case 'FCALL':
      return scriptNameOf(argv) === undefined || argv.includes(WRITE_BEHIND_QUEUE);
    case 'EXEC':
      return execQueue?.some((queued) => mayTouchQueue(queued)) === true;
    case 'RPUSH':
    case 'LPOP':
      if (sent === name && argv[1] === WRITE_BEHIND_QUEUE && argv.length <= 3) return false;
  }
  for (let i = 1; i < argv.length; i++) if (argv[i] === WRITE_BEHIND_QUEUE) return true;
  return false;
}

/**
 * Whether a command takes list elements from the tail, as RPOP does (an EXEC: one it ran): of
 * equal entries of the write-behind queue it removed, the newer went.
 */
export function takesFromTail(
  argv: readonly string[],
  execQueue?: readonly (readonly string[])[],
): boolean {
  const name = argv[0]?.toUpperCase();
  switch (name) {
    case 'EXEC':
      return execQueue?.some((queued) => takesFromTail(queued)) === true;
    case 'RPOP':
    case 'BRPOP':
    case 'RPOPLPUSH':
    case 'BRPOPLPUSH':
      return true;
    case 'LMOVE':
    case 'BLMOVE':
      return argv[3]?.toUpperCase() === 'RIGHT';
    case 'LMPOP':
    case 'BLMPOP': {
      const at = name === 'LMPOP' ? 1 : 2;
      return argv[at + 1 + Number(argv[at])]?.toUpperCase() === 'RIGHT';
    }
    case 'LREM':
      return Number(argv[2]) < 0;
    case 'LTRIM':
      return Number(argv[2]) === 0;
    default:
      return false;
  }
}
