/**
 * What a run whose GETs Redis never answered says instead of a hit rate: a share of no GETs is
 * undefined, not 0%. No reads at all is told apart from reads whose every GET failed.
 */
export function noHitRateText(s: { reads: number }): string {
  return s.reads === 0 ? 'no GETs, so no hit rate' : 'no GET Redis answered, so no hit rate';
}

/** What a run without reads says instead of a stale-read rate: a share of no reads is not 0%. */
export const NO_STALE_READ_RATE = 'no reads, so no stale-read rate';
