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
