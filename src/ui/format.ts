import { longDurationText } from '../scenarios/longDuration';
import { formatSeconds } from '../store/logLines';

/**
 * Virtual time for people: 0.300 ms, 2.3 ms, 1.5 s, 1 h 0 min 2 s. Each unit is chosen by the
 * value rounded as it is shown, so 999.96 ms reads 1 s (not "1000 ms") and 59.9996 s 1 min 0 s.
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return '—';
  const long = longDurationText(ms);
  if (long !== null) return long;
  if (Number(ms.toFixed(3)) < 1) return `${ms.toFixed(3)} ms`;
  const shownMs = Number(ms.toFixed(1));
  if (shownMs < 1000) return `${shownMs} ms`;
  const shownSeconds = Number((ms / 1000).toFixed(3));
  if (shownSeconds < 60) return `${shownSeconds} s`;
  // To the nearest second, as Redis' TTL rounds the time left ((ms + 500) / 1000): the Redis
  // panel shows a key's TTL this way beside a console whose TTL must read the same.
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h} h ${m} min ${sec} s` : `${m} min ${sec} s`;
}

/**
 * The virtual clock as the stats strip shows it: seconds to the microsecond, the clock's own
 * resolution, as the command log stamps each command, so it never reads a rounded-off time.
 */
export function formatClock(ms: number): string {
  return `${formatSeconds(ms)} s`;
}

export const formatPercent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

/** UTF-8 size of a string in bytes (what Redis' STRLEN counts), without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4; // a surrogate pair: one 4-byte character
      i++;
    } else n += 3;
  }
  return n;
}

/** A size for people: 512 B, 1.5 KB, 1.0 MB (powers of 1024, as Redis' INFO reports memory). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
