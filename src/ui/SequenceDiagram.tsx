import { useLayoutEffect, useMemo, useRef } from 'react';
import type { UserRow } from '../engine/database';
import { BACKGROUND_ACTORS } from '../engine/simActor';
import { cacheLayerSenderText } from '../store/logClients';
import { compactRow, rowDiff } from '../store/rowDiff';
import { selectSequenceRows, type SequenceRow } from '../store/sequenceRows';
import { selectActors, selectSnapshot } from '../store/selectors';
import { isNeverReached } from '../engine/stepEvent';
import { eventTone, NEVER_REACHED, shownBadge, truncate } from './eventTone';
import { formatDuration } from './format';
import { useSandbox } from './storeContext';
import { useWindowedRows } from './useWindowedRows';

const LANE_W = 120;
const ROW_H = 34;
const HEAD_H = 30;
const LEFT = 70;
/** How far short of the Redis lane the arrow of a command that never reached Redis breaks off. */
const BREAK_SHORT = 34;
/** Pauses longer than this (a clock jump, an expiry) are written between the rows. */
const GAP_NOTE_MS = 1000;
/** Right-hand column for those notes. */
const NOTES_W = 130;
/** The scroll box's height at most (styles.css `.sequence-scroll`): what a long run renders. */
const VIEW_H = 340;

/** How far the rows are scrolled: the box's scroll less the sticky head and the body's own top. */
const bodyTop = (el: HTMLElement): number => Math.max(0, el.scrollTop - 2 * HEAD_H);

/** A row's reply; a stale hit's copy is written with its differing fields first, never cut before them. */
function replyText(r: SequenceRow, db: readonly UserRow[] = []): string {
  const e = r.event;
  if (!e?.isHit || !e.isStaleRead || e.cachedJson === undefined) return truncate(r.reply, 30);
  const row = db.find((u) => `user:${u.id}` === e.key);
  return `"${compactRow(e.cachedJson, rowDiff(e.cachedJson, row), 30)}"`;
}

/** What the diagram's name adds when some of its commands never reached Redis (it was down). */
function neverReachedText(count: number, total: number): string {
  if (count === 0) return '';
  if (count === total)
    return `; ${total === 1 ? 'it' : 'all of them'} ${NEVER_REACHED} (it was down)`;
  return `; ${count} of them ${NEVER_REACHED} (it was down)`;
}

/** The lane of the cache layer: library code in the application's process, not Redis. */
const CACHE_LANE = 'cache';

/**
 * The lane a row's arrow starts from: a command the cache layer sent (read-through's loader,
 * write-through's UPDATE and store, the write-behind flusher's) starts from the cache layer's
 * own lane, which sits between the application and both stores; the log names the same sender
 * (`actor:cache`). Anything else starts from its sender.
 */
const senderLane = (r: SequenceRow): string =>
  r.kind === 'console' ? 'others' : r.event?.via === 'cache' ? CACHE_LANE : r.actor;

/** A lane's heading: the cache layer's says it runs in the application. */
const laneTitle = (name: string): string => (name === CACHE_LANE ? 'cache (in app)' : name);
const laneAria = (name: string): string =>
  name === CACHE_LANE ? "the cache layer (library code in the application's process)" : name;

/**
 * Lanes for each actor, other clients, Redis and SQLite; one arrow per command in the order they
 * ran. Scrolls, and keeps the newest step in view.
 */
export function SequenceDiagram() {
  const snapshot = useSandbox(selectSnapshot);
  const actors = useSandbox(selectActors);
  const rows = useMemo(() => (snapshot ? selectSequenceRows(snapshot) : []), [snapshot]);
  const hasOthers = rows.some((r) => r.kind === 'console');
  const hasCacheLayer = rows.some((r) => r.event?.via === 'cache');
  const neverReached = rows.filter((r) => r.event !== null && isNeverReached(r.event)).length;
  // A background job of the cache layer (the flusher, the refresher) sends through the cache's
  // lane: a lane of its own would stand empty. The change-log consumer sends from its own.
  const senders = new Set(rows.map(senderLane));
  const lanes = [
    ...actors
      .map((a) => a.name)
      .filter((name) => !BACKGROUND_ACTORS.includes(name) || senders.has(name)),
    ...(hasOthers ? ['others'] : []),
    ...(hasCacheLayer ? [CACHE_LANE] : []),
    'Redis',
    'SQLite',
  ];
  const laneX = (name: string) => LEFT + lanes.indexOf(name) * LANE_W + LANE_W / 2;
  const width = LEFT + lanes.length * LANE_W + NOTES_W;
  const height = HEAD_H + Math.max(rows.length, 1) * ROW_H + 10;
  const scroller = useRef<HTMLDivElement>(null);
  // A long run (Back at step 500 draws 1,500 commands) renders only the rows in view: the SVG
  // keeps its whole height, so the rows drawn sit where they would and the box scrolls as before.
  const shown = useWindowedRows(rows.length, ROW_H, VIEW_H);
  const { scrolledTo, isWindowed } = shown;
  // Before paint, so the newest rows are drawn in the first frame that scrolls to them.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    // A short run renders every row: telling the window would only render it all again.
    if (isWindowed) scrolledTo(bodyTop(el));
  }, [rows.length, scrolledTo, isWindowed]);
  return (
    <section className="panel sequence-panel" aria-label="Sequence diagram">
      <h2>Sequence</h2>
      <div
        className="sequence-scroll"
        ref={scroller}
        tabIndex={0}
        aria-label="Sequence of commands"
        onScroll={shown.onScroll && ((e) => scrolledTo(bodyTop(e.currentTarget)))}
      >
        {/* The lane names stay in view while the rows scroll under them. */}
        <svg width={width} height={HEAD_H} className="sequence-head" aria-hidden="true">
          {lanes.map((name) => (
            <text
              key={name}
              x={laneX(name)}
              y={18}
              textAnchor="middle"
              className={`lane-name lane-${name === 'Redis' ? 'redis' : name === 'SQLite' ? 'sqlite' : 'actor'}`}
            >
              {laneTitle(name)}
            </text>
          ))}
        </svg>
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`${rows.length} commands in order, lanes ${lanes.map(laneAria).join(', ')}${neverReachedText(neverReached, rows.length)}`}
          className="sequence-body"
        >
          {lanes.map((name) => (
            <g
              key={name}
              className={`lane lane-${name === 'Redis' ? 'redis' : name === 'SQLite' ? 'sqlite' : 'actor'}`}
            >
              <line
                x1={laneX(name)}
                y1={HEAD_H - 6}
                x2={laneX(name)}
                y2={height}
                className="lane-line"
              />
            </g>
          ))}
          {rows.slice(shown.start, shown.end).map((r, at) => {
            const i = shown.start + at;
            const y = HEAD_H + i * ROW_H + ROW_H / 2 + 6;
            const fromLane = senderLane(r);
            const from = laneX(fromLane);
            const to = laneX(r.target === 'redis' ? 'Redis' : 'SQLite');
            const tone = r.event ? eventTone(r.event) : r.isError ? 'error' : 'plain';
            const badge = r.event ? shownBadge(r.event) : r.isError ? 'error' : null;
            // Redis down: the client rejected it unsent, so its arrow breaks off short of Redis.
            const isCut = r.event !== null && isNeverReached(r.event);
            const end = isCut
              ? to - (to > from ? BREAK_SHORT : -BREAK_SHORT)
              : to - (to > from ? 6 : -6);
            const isLast = i === rows.length - 1;
            const gapMs = i > 0 ? r.timeMs - rows[i - 1].timeMs : 0;
            return (
              <g
                key={r.id}
                className={`seq-row tone-${tone}${isLast ? ' newest' : ''}`}
                data-testid="sequence.row"
                data-from={fromLane}
              >
                {fromLane === CACHE_LANE && (
                  // Whom the cache layer sent it for, in the words of the log's line beside it.
                  <title>{`#${r.index} ${cacheLayerSenderText(r.actor)}: ${r.command}`}</title>
                )}
                <text x={6} y={y + 4} className="seq-time">
                  {`#${r.index}`}
                </text>
                {fromLane === CACHE_LANE ? (
                  <text x={6} y={y + 16} className="seq-time">
                    {/* The flusher and the refresher are the cache's own: they serve no one. */}
                    {r.event?.program === 'background' ? r.actor : `for ${r.actor}`}
                  </text>
                ) : (
                  r.kind === 'console' && (
                    // The others' lane holds the consoles and a scenario's "ops": which one sent it.
                    <text x={6} y={y + 16} className="seq-time">
                      {r.actor}
                    </text>
                  )
                )}
                {gapMs >= GAP_NOTE_MS && (
                  <g className="seq-gap">
                    <line x1={LEFT} y1={y - ROW_H / 2 + 2} x2={width - 6} y2={y - ROW_H / 2 + 2} />
                    <text x={width - 6} y={y - ROW_H / 2 + 14} textAnchor="end">
                      {formatDuration(gapMs)} later
                    </text>
                  </g>
                )}
                <line
                  x1={from}
                  y1={y}
                  x2={end}
                  y2={y}
                  className="seq-arrow"
                  markerEnd={isCut ? undefined : 'url(#seq-head)'}
                />
                {isCut && (
                  <path
                    d={`M${end - 5},${y - 5} L${end + 5},${y + 5} M${end - 5},${y + 5} L${end + 5},${y - 5}`}
                    className="seq-break"
                    data-testid="sequence.never-reached"
                  />
                )}
                <text x={Math.min(from, to) + 8} y={y - 5} className="seq-label">
                  {truncate(r.command, 34)}
                </text>
                <text x={Math.min(from, to) + 8} y={y + 13} className="seq-reply">
                  {replyText(r, snapshot?.db)}
                  {badge ? ` · ${badge.toUpperCase()}` : ''}
                </text>
              </g>
            );
          })}
          <defs>
            <marker
              id="seq-head"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className="seq-head" />
            </marker>
          </defs>
        </svg>
      </div>
    </section>
  );
}
