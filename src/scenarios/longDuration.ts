/** Milliseconds in a Julian year (365.25 days), the year astronomers count long spans in. */
const YEAR_MS = 31_557_600_000;

/**
 * A span too long for a double to hold to the millisecond (over 2^53 ms, some 285,000 years), in
 * years rounded to three figures and said to be rounded; null for a shorter one, which is shown
 * exactly. A TTL that long (`PEXPIREAT k 9007199254740993000`) reaches the page as a double that
 * can be a second or so off the console's PTTL, so hours, minutes and seconds of it could be
 * wrong; three figures of years never are.
 */
export function longDurationText(ms: number): string | null {
  if (!(ms > Number.MAX_SAFE_INTEGER)) return null;
  const years = ms / YEAR_MS;
  return years < 999_500
    ? `about ${Number((years / 1e3).toPrecision(3))} thousand years`
    : `about ${Number((years / 1e6).toPrecision(3))} million years`;
}
