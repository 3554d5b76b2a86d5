/** Virtual time for people: 0.300 ms, 2.3 ms, 1.5 s, 1 h 0 min 2 s. */
export function formatDuration(ms: number): string {
  if (ms < 0) return '—';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${Number(ms.toFixed(1))} ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${Number(totalSeconds.toFixed(3))} s`;
  const s = Math.floor(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h} h ${m} min ${sec} s` : `${m} min ${sec} s`;
}

/** The virtual clock as the stats strip shows it: seconds with milliseconds. */
export function formatClock(ms: number): string {
  return `${(ms / 1000).toFixed(4)} s`;
}

export const formatPercent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

/** Pretty JSON when the value is JSON, the raw text otherwise. */
export function prettyValue(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}
