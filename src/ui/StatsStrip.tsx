import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { selectClockMs, selectIsFlusherRunning, selectStats } from '../store/selectors';
import { formatClock, formatPercent } from './format';
import { useSandbox } from './storeContext';

/**
 * What a counter is called on screen, where its key (its test id) says less: a read finishes
 * once, but hits and misses count GETs, and a read may send several (a stampede's readers each
 * miss, then ask again). Named so, the strip never seems to show more misses than reads.
 */
const SHOWN_AS: Record<string, string> = {
  Reads: 'Reads done',
  Hits: 'GET hits',
  Misses: 'GET misses',
  'Hit rate': 'GET hit rate',
};

/**
 * What the read and error counters count: reads finish once, but a read may send several GETs;
 * the console's own commands count in none of them.
 */
const HINTS: Record<string, string> = {
  Reads: 'Reads finished',
  Hits: 'GETs sent by reads that Redis answered with a cached row (a read waiting on a lease or a lock asks again, so one read may send several)',
  Misses: 'GETs sent by reads that Redis answered with (nil) or a tombstone',
  'Hit rate': 'Hits / (hits + misses): per GET, counted as each GET answers',
  'DB reads':
    "SELECTs of the application's requests that the database ran; one it refused (a schema the SQL console broke) read nothing and counts under Failed requests; the console's own statements are not counted",
  'DB writes':
    "UPDATEs of the application's requests that the database ran; one it refused (a schema the SQL console broke) wrote nothing and counts under Failed requests; the console's own statements are not counted",
  'Writes consistent':
    "Writes after which the database had the write and the cache held nothing older than the row the write made there, for good, within 60 s of virtual time from the write's acknowledgement (the lab's consistency figure): a write-behind write still waiting for its flush is not judged yet (the cache is ahead of the database), one the queue lost before its flush never counts, and one whose row was changed around the cache before its flush (a console UPDATE) is not consistent while the cache keeps its copy, which lacks that change. The console's own commands count as the application's do: a DEL leaves the cache holding nothing older, so it can make a write consistent, never undo one; a row typed by hand counts only when it is the database's row as it stands, and any other (the row's version with other fields, a version the row has left or not reached) leaves every write of its row not consistent while it is cached.",
  'Writes waiting':
    'Write-behind writes acknowledged that the database does not have yet: queued in Redis, or taken by the flusher and not yet written.',
  'Writes flushed': 'Write-behind writes the flusher wrote to the database.',
  'Written around the queue':
    'Write-behind writes the cache could not take (Redis down, its SET or RPUSH refused): the application wrote the database itself, and never queued them. A flush of an older queued write of the row may overwrite one afterwards: Writes lost counts that one too.',
  'Writes lost':
    "Write-behind writes acknowledged that the database will never get: their queue entries went before the flusher took them (a DEL, LPOP or LTRIM of the queue, Redis restarting with an empty memory), the database refused the flusher's UPDATE, or, written around the queue, a flush of an older queued write of the row overwrote them.",
  'Stale reads':
    'Reads done that returned a row older than the one the database held when the read began (or a copy unlike the database’s row, or of a row deleted before the read began), judged as each read returns',
  'Lost invalidations':
    "Writes whose invalidation failed (Redis down, an error) with an older copy of their row, or another user's row, left under its key, and change-log invalidations dropped or failed with one left: that entry stays until its TTL ends or a later write removes it",
  Evictions:
    'Keys the cache removed to stay within Max keys, chosen by the Eviction policy (under noeviction none is removed: a command that would add a key past Max keys is refused with OOM)',
  'Failed requests':
    'Requests that failed on a schema the SQL console broke: the database refused their statement, or gave a row that is no user row',
  'Background reloads':
    'Refresh-ahead reloads the cache layer started in the background: a hit on an entry with less than half its TTL left starts one',
  'Virtual time':
    "The simulation's own clock: it moves only by the modelled time of each step and by the Clock buttons, never by the wall clock",
  'Cache errors':
    "Redis commands of the application's requests that failed (Redis down, out of memory, a corrupt entry, each queued command that failed inside an EXEC); the console's own failures are not counted (INFO's total_error_replies counts the errors Redis replied to every client)",
};

/** Counters of the run so far, in one line. */
export function StatsStrip() {
  const stats = useSandbox(selectStats);
  const clockMs = useSandbox(selectClockMs);
  const pattern = useSandbox((s) => s.config.pattern);
  // A boolean, so the strip renders again only when the flusher starts or stops.
  const isFlusherRunning = useSandbox(selectIsFlusherRunning);
  // What each figure counts: on hover (the title), and for the keyboard and touch, in one list
  // a button opens under the strip.
  const [isExplained, setExplained] = useState(false);
  const explanationId = useId();
  const explainButton = useRef<HTMLButtonElement>(null);
  if (!stats) return null;
  const hints: Record<string, string> = { ...HINTS };
  const items: [string, string, string?][] = [
    ['Reads', String(stats.reads)],
    ['Hits', String(stats.hits), 'hit'],
    ['Misses', String(stats.misses), 'miss'],
    // Counted as each GET answers, so a read's first GET moves it before the read is done.
    ['Hit rate', stats.hitRate === null ? '—' : formatPercent(stats.hitRate)],
    ['Stale reads', String(stats.staleReads), stats.staleReads > 0 ? 'stale' : undefined],
    ['DB reads', String(stats.dbReads)],
    ['DB writes', String(stats.dbWrites)],
    ['Cache errors', String(stats.cacheErrors), stats.cacheErrors > 0 ? 'error' : undefined],
    [
      'Lost invalidations',
      String(stats.lostInvalidations),
      stats.lostInvalidations > 0 ? 'error' : undefined,
    ],
    ['Evictions', String(stats.evictions)],
    ['Virtual time', formatClock(clockMs)],
  ];
  // Only a broken schema fails requests: shown while there are any, beside the other errors.
  if (stats.failedRequests > 0)
    items.splice(-2, 0, ['Failed requests', String(stats.failedRequests), 'error']);
  // The write-behind queue's story: writes the database has not had yet, had, and never will.
  if (pattern === 'write-behind' || stats.flushedWrites + stats.lostWrites > 0)
    items.splice(
      -2,
      0,
      ['Writes waiting', String(stats.pendingWrites)],
      ['Writes flushed', String(stats.flushedWrites)],
      ['Writes lost', String(stats.lostWrites), stats.lostWrites > 0 ? 'error' : undefined],
    );
  // Neither flushed nor lost: shown once there are any, so the three add up.
  if (stats.writtenAroundWrites > 0)
    items.splice(-2, 0, ['Written around the queue', String(stats.writtenAroundWrites)]);
  // The flusher's job ended with writes left (its LPOP could not reach Redis): none flushes
  // them until a write is queued (see writeBehind.ts: only a write's RPUSH starts a flusher).
  if (stats.pendingWrites > 0 && !isFlusherRunning)
    hints['Writes waiting'] =
      `${HINTS['Writes waiting']} No flusher is running: they wait in the queue until the next write is queued, whose RPUSH starts one.`;
  const c = stats.consistency;
  if (c?.within60s === null) items.splice(-2, 0, ['Writes consistent', 'none yet']);
  else if (c) {
    const count = (share: number) => Math.round(share * c.writes);
    const within60s = count(c.within60s);
    // Writes the database does not have yet are judged at their flush, not before: the cache's
    // copy alone is ahead of the database, not consistent with it.
    const pending = c.pending ?? 0;
    const judged = c.writes - pending;
    const waiting = `${pending} pending, not in the database yet`;
    // The figure is a verdict only for what is settled: a lost write never becomes consistent,
    // but one not consistent yet whose 60 s are not over still may (a DEL, a refill, an expiry).
    const lost = c.lost ?? 0;
    const undecided = c.undecided ?? 0;
    const parts = [
      `${within60s} of ${judged} within 60 s${undecided > 0 ? ' so far' : ''}`,
      ...(lost > 0 ? [`${lost} lost, never consistent`] : []),
      ...(undecided > 0 ? [`${undecided} not consistent yet, with time left`] : []),
      ...(pending > 0 ? [waiting] : []),
    ];
    items.splice(-2, 0, [
      'Writes consistent',
      judged === 0 ? waiting : parts.join('; '),
      within60s < judged ? 'error' : undefined,
    ]);
    const lostHint =
      lost > 0
        ? `; ${lost} lost before the database had ${lost === 1 ? 'it' : 'them'}, never consistent`
        : '';
    const undecidedHint =
      undecided > 0
        ? `; ${undecided} not consistent yet whose 60 s are not over: a later command (a DEL, a refill, an expiry) may still make ${undecided === 1 ? 'it' : 'them'} so`
        : '';
    hints['Writes consistent'] =
      `${HINTS['Writes consistent']} So far: ${count(c.within1s)} within 1 s, ${count(c.within10s)} within 10 s, ${within60s} within 60 s, of ${judged} judged${lostHint}${undecidedHint}${pending > 0 ? `; ${pending} not in the database yet, judged at their flush` : ''}.`;
  }
  if (pattern === 'refresh-ahead' || stats.refreshes > 0)
    items.splice(-2, 0, ['Background reloads', String(stats.refreshes)]);
  const explained = items.filter(([label]) => hints[label] !== undefined);
  const onKeyDown = (e: KeyboardEvent): void => {
    // As the glossary's box: Escape closes it and gives focus back to the "?" that opened it.
    if (e.key === 'Escape' && isExplained) {
      e.stopPropagation();
      setExplained(false);
      explainButton.current?.focus();
    }
  };
  return (
    <section className="stats-strip" aria-label="Statistics" onKeyDown={onKeyDown}>
      <dl>
        {items.map(([label, value, tone]) => (
          <div
            key={label}
            // A sentence rather than a figure (Writes consistent: "0 of 2 within 60 s; 2 lost,
            // never consistent"): where room is short it may wrap beside a figure (presenter
            // mode on a 4:3 screen) instead of taking a row of its own.
            className={`stat${tone ? ` stat-${tone}` : ''}${value.length > 12 ? ' stat-sentence' : ''}`}
            data-testid={`stat.${label}`}
            title={hints[label]}
          >
            <dt>{SHOWN_AS[label] ?? label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {/* In the tiles' flow, after the last, so it takes no width from a row of them. */}
        <div className="stat-explain">
          <dt className="visually-hidden">What these figures count</dt>
          <dd>
            <button
              ref={explainButton}
              type="button"
              className="stats-explain"
              aria-label="What these figures count"
              aria-expanded={isExplained}
              aria-controls={isExplained ? explanationId : undefined}
              onClick={() => setExplained(!isExplained)}
            >
              ?
            </button>
          </dd>
        </div>
      </dl>
      {isExplained && (
        // Focusable by a click in its text (not by Tab: nothing in it is a control), so focus stays
        // in the strip, where Escape closes it, rather than falling to the page, where it did not.
        <dl
          id={explanationId}
          className="stats-explained"
          data-testid="stats.explained"
          tabIndex={-1}
        >
          {explained.map(([label]) => (
            <div key={label}>
              <dt>{SHOWN_AS[label] ?? label}</dt>
              <dd>{hints[label]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
