// What the page's Redis console does with a typed line, for the tests that compare it with a
// real redis-server: the same functions the page uses (prepareRedisLine, the simulation's
// `redis` action, formatRedisResult), the reply typed as a RESP client would read it.

import { toRedisReply, typedReply, type RedisReply } from '../../engine/redisCli';
import type { Simulation } from '../../engine/simulation';
import { formatRedisResult, prepareRedisLine } from '../consoleFormat';

/**
 * The error a refused line's printed text gives: its `(error) ` line, or the line redis-cli
 * prints Redis' error in after its banner for a subscribe or a replica sync.
 */
function refusedWith(text: string): string {
  const [first, second] = text.split('\n');
  if (first === 'Reading messages... (press Ctrl-C to quit)') return refusedWith(second);
  if (first.startsWith('Entering replica output mode'))
    return second.replace(/^SYNC with master failed: -/, '').replace(/\r$/, '');
  return text.replace(/^\(error\) /, '');
}

/** What the page's console does with a line typed by `actor`: parse, validate, run, print. */
export async function consoleLine(
  sim: Simulation,
  line: string,
  actor = 'console',
): Promise<{ reply: RedisReply; text: string }> {
  let prepared = prepareRedisLine(line);
  // In MULTI the page sends a refused line all the same, to abort the transaction.
  if ('reply' in prepared && prepared.refused && sim.runtime.cache.isQueuing(actor))
    prepared = prepared.refused;
  if ('reply' in prepared) {
    const text = prepared.reply.text;
    return { reply: { error: refusedWith(text) }, text };
  }
  const result = (await sim.dispatch({ type: 'redis', actor, argv: prepared.argv })) as {
    reply?: unknown;
    error?: string;
  };
  const reply =
    result.error !== undefined
      ? toRedisReply(prepared.argv[0], new Error(result.error))
      : typedReply(result.reply);
  return { reply, text: formatRedisResult(prepared.argv, result).text };
}
