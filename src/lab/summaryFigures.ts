import { fixedNumber, smallRateText } from '../schema/fields';
import { shareText } from './hitRateText';

/**
 * How a run's figures are written, one function each, for the lab's summary, comparison and
 * sweep and for `npm run sim`'s printout alike: the same run reads as the same numbers in both.
 * (Until 2026-12-05 each rounded its own way: a 1,500.6 ms p99 read "1,501 ms" in the lab, a
 * run of 0.48 s "0.5 s" in the CLI and "479 ms" in the lab.)
 */

/** A hit rate: two decimals, never rounded onto 0% or 100% it is not. */
export const hitRateText = (share: number): string => shareText(share, 2);

/** A stale-read rate: three decimals, as stale reads are often a small share. */
export const staleReadRateText = (share: number): string => shareText(share, 3);

/**
 * A span of virtual time to one decimal: under a second in ms, so 34 ms of requests are not said
 * as "0.0 s" beside a rate of 200,000 a second.
 */
export const virtualTimeText = (seconds: number): string =>
  seconds > 0 && seconds < 0.95
    ? `${fixedNumber(seconds * 1000, 1)} ms`
    : `${fixedNumber(seconds, 1)} s`;

/** A rate per second: one decimal, or two significant digits when smaller. */
export const perSecondText = (perSecond: number): string =>
  smallRateText(perSecond) ?? fixedNumber(perSecond, 1);

/**
 * A time in ms (a latency, a staleness): to the microsecond the engine measures latencies in,
 * trailing zeros dropped, the whole part grouped ("1,500.6", "12.625", "5").
 */
export const msText = (ms: number): string =>
  ms.toLocaleString('en-US', { maximumFractionDigits: 3 });
