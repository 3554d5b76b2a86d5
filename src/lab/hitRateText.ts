import type { YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';
import { ttlText } from '../schema/fields';

/**
 * What a run whose GETs Redis never answered says instead of a hit rate: a share of no GETs is
 * undefined, not 0%. No reads at all is told apart from reads whose every GET failed.
 */
export function noHitRateText(s: { reads: number }): string {
  return s.reads === 0 ? 'no GETs, so no hit rate' : 'no GET Redis answered, so no hit rate';
}

/**
 * A share (0..1) as a percentage with `digits` decimals, never rounded onto a figure it is not:
 * one stale read in a million reads is "under 0.001%", not "0.000%" beside its count, and a hit
 * rate with misses is "over 99.99%", not "100.00%". Only 0 and 1 themselves read 0 and 100.
 */
export function shareText(share: number, digits: number): string {
  const text = (share * 100).toFixed(digits);
  const step = (10 ** -digits).toFixed(digits);
  if (share > 0 && Number(text) === 0) return `under ${step}%`;
  if (share < 1 && Number(text) === 100) return `over ${(100 - Number(step)).toFixed(digits)}%`;
  return `${text}%`;
}

/** What a run without reads says instead of a stale-read rate: a share of no reads is not 0%. */
export const NO_STALE_READ_RATE = 'no reads, so no stale-read rate';

/**
 * Why the analytic model is no reference for a run of the learner's read path: the model's T is
 * the TTL setting, and the learner's code sets its own expiry (`EX ctx.ttlSeconds`, `PX 1`, none,
 * or an EXPIRE later), which the model cannot read from the settings. Deriving T from the run's
 * SETs is not sound in general (SETEX, EXPIRE, KEEPTTL, Lua, a TTL that varies by key), so the
 * page says what the model assumes instead of drawing it silently beside the measured rate.
 */
export function learnerExpiryNote(ttlSeconds: number): string {
  return `the model takes every miss to SET with the TTL setting (${ttlText(ttlSeconds)}) and no hit to refresh it; your read path sets its own expiry, which the model does not read, so a gap between the two says what your code does, not that the run went wrong`;
}

/** The sweep's version of {@link learnerExpiryNote}: the model's T is each point's TTL setting. */
export const LEARNER_SWEEP_NOTE =
  'the model takes every miss to SET with that TTL and no hit to refresh it; your read path sets its own expiry, which the model does not read (the sweep passes each TTL to it as ctx.ttlSeconds), so a gap between the columns says what your code does with it';

/**
 * Why the analytic model is no ceiling under a pattern whose own work fills or renews entries:
 * the model is cache-aside's (a key filled only on a miss, expired T after), so under
 * write-through and write-behind, whose writes store the row (write-behind's with no expiry), and
 * under refresh-ahead, whose reloads renew the TTL, the measured rate can sit above the line.
 * Null where the model's fill is the pattern's (cache-aside, read-through), or where the
 * learner's path runs in place of the part that fills (then `learnerExpiryNote` speaks).
 */
export function patternModelNote(
  pattern: WorkloadConfig['pattern'],
  yours: YourPaths | undefined,
  /** What the model's rate is drawn as where the note stands: the chart's line, the summary's figure. */
  model = 'the dashed line',
): string | null {
  const above = `so the measured rate can sit above ${model}`;
  if (pattern === 'write-through' && !yours?.write)
    return `Write-through ran: its writes store the new row with the TTL too, where the model fills a key only on a miss, ${above}.`;
  if (pattern === 'write-behind' && !yours?.write)
    return `Write-behind ran: its writes store the row with no expiry, where the model fills a key only on a miss and lets it expire T later, ${above}.`;
  if (pattern === 'refresh-ahead' && !yours?.read)
    return `Refresh-ahead ran: a hit with less than half the TTL left reloads the row with a fresh TTL, where the model never renews one, ${above}.`;
  return null;
}
