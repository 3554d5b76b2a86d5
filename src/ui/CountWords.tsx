import type { InterleavingCount } from '../engine/interleavingCount';
import { NEAR_LIMIT } from '../engine/interleavingGrid';
import { countPhrase } from './explorerSettings';
import { fmt } from './explorerResultWords';

/** The count before running: exact, or an estimate said to be one. */
export function CountWords({ count, limit }: { count: InterleavingCount; limit: number }) {
  const n = count.estimate;
  const phrase = countPhrase(n, count.isExact);
  const what =
    n === 1
      ? count.isExact
        ? 'One interleaving'
        : 'About 1 interleaving'
      : `${phrase[0].toUpperCase()}${phrase.slice(1)} interleavings`;
  const cutOff = count.cutOff ?? [];
  const failed = count.failed ?? [];
  const failedInSome = count.failedInSome ?? [];
  const endOf = (a: string): string =>
    cutOff.includes(a)
      ? ', then cut off'
      : failedInSome.includes(a)
        ? ', failing in some orders'
        : failed.includes(a)
          ? ', then failed'
          : '';
  const steps = Object.entries(count.steps)
    .map(([a, k]) => `${a}: ${k} step${k === 1 ? '' : 's'}${endOf(a)}`)
    .join(', ');
  const failedAlways = failed.filter((a) => !failedInSome.includes(a));
  // A request that failed took its steps up to the failure: the grid says why (its error cells).
  const failedWords = [
    failedAlways.length ? `${failedAlways.join(' and ')} failed in every order tried` : '',
    failedInSome.length ? `${failedInSome.join(' and ')} failed in some of them` : '',
  ]
    .filter((w) => w !== '')
    .join(', ');
  const failedNote = failedWords
    ? `; ${failedWords}, so its steps are those up to the failure (exploring shows why)`
    : '';
  // A request cut off by the step limit took the limit, not its own steps: never "the same steps".
  const how = cutOff.length
    ? `${cutOff.join(' and ')} never finished: cut off by the step limit (a loop or a wait that never ends), so the count is of the orders of those steps, up to the cut-off`
    : count.isExact
      ? 'each request takes the same steps whichever runs first'
      : 'each request counted with its most steps in the orders tried, one request after another; a hit, a wait or a retry in other orders changes it, so this is no bound: exploring finds how many';
  return (
    <>
      {what} of what is queued ({steps}; {how}
      {failedNote}).
      {n > limit
        ? count.isExact
          ? ` More than ${fmt(limit)}: a seeded uniform sample of ${fmt(limit)} will run.`
          : n <= limit * NEAR_LIMIT
            ? ` More than ${fmt(limit)} by the estimate: they are run in order first, and if there are more than ${fmt(limit)}, a seeded random sample of ${fmt(limit)} runs.`
            : ` More than ${fmt(limit)} by the estimate: a seeded random sample of up to ${fmt(limit)} will run, and say how many it found.`
        : ''}
    </>
  );
}
