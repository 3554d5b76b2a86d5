import type { CSSProperties } from 'react';
import type { UserRow } from '../engine/database';
import { isNeverReached, shownCommand, type StepEvent } from '../engine/stepEvent';
import { compactRow, diffSide, rowDiff } from '../store/rowDiff';
import type { DiagramGeometry } from './Diagram';
import { EARLIER_MAX_CHARS } from './diagramLabels';
import { eventTone, shownBadge, truncate } from './eventTone';
import './difference.css';

interface Props {
  event: StepEvent;
  /** Its place among the commands of the Step press drawn together (null: the only one). */
  order: number | null;
  fromY: number;
  geometry: DiagramGeometry;
  /** Play the travel animation (only for the step that just ran). */
  isAnimated: boolean;
  /** The database row of the command's key, as it is now: a stale copy is compared with it. */
  row?: UserRow;
  /**
   * Which part to draw: its arrow, drawn with the others under every label, or its labels
   * (each on a backing) and the dots that travel, drawn over every arrow.
   */
  part: 'line' | 'label';
}

/**
 * Where a copy the command carried (a hit's reply, a fill) differs from the row, if it is stale.
 * A fill that failed or that its mitigation refused left nothing cached: nothing to mark.
 */
export function staleDiffs(event: StepEvent, row: UserRow | undefined) {
  if (event.cachedJson === undefined || event.rowVersion === event.committedVersion) return [];
  if (event.isFillRefused || event.isError) return [];
  return rowDiff(event.cachedJson, row);
}

/**
 * A command the cache layer sent (a request's load or store, or its own job's): library code in
 * the application's process, so its arrow starts at the actor's box, never at Redis, which
 * reads no database by itself.
 */
export const isCacheLayerCommand = (event: StepEvent): boolean =>
  event.target !== 'wait' && event.via === 'cache';

/** Who sent a cache layer's command, as its label over the arrow and the figure's text say it. */
export const cacheLayerSender = (event: StepEvent): string =>
  event.program === 'background'
    ? `the cache's ${event.actor}`
    : `the cache layer in ${event.actor}'s process`;

/** The y its labels centre on: the middle of its arrow (beside a vertical one, a little higher). */
export function messageMidY(event: StepEvent, fromY: number, geometry: DiagramGeometry): number {
  if (event.target === 'wait') return fromY + 4;
  return (fromY + (event.target === 'redis' ? geometry.redisY : geometry.dbY)) / 2;
}

/**
 * What a step with no arrow says after its actor: a wait, or a program that ended before its
 * first command (it sent nothing, so it is not told as a wait).
 */
export const selfText = (event: StepEvent): string =>
  event.ends !== undefined
    ? `sends no command: its ${event.program} path ${event.ends}`
    : `waits: ${event.command}`;

/** How far toward Redis the arrow of a command that never reached it is drawn (a fraction). */
const BREAK_AT = 0.8;

/**
 * Where an arrow from (x1, y1) to the store at (x2, y2) ends: at the store, or, for a command the
 * client rejected unsent (Redis down), short of it, where its break mark is drawn.
 */
function arrowEnd(event: StepEvent, x1: number, y1: number, x2: number, y2: number) {
  if (!isNeverReached(event)) return { x: x2, y: y2 };
  return { x: x1 + (x2 - x1) * BREAK_AT, y: y1 + (y2 - y1) * BREAK_AT };
}

/** A cross where an arrow that never reached Redis breaks off. */
function BreakMark({ x, y }: { x: number; y: number }) {
  return (
    <path
      d={`M${x - 6},${y - 6} L${x + 6},${y + 6} M${x - 6},${y + 6} L${x + 6},${y - 6}`}
      className="message-break"
      data-testid="diagram.never-reached"
    />
  );
}

/**
 * One command as an arrow from the actor to the store, and its reply coming back; a command that
 * never reached Redis (it was down) stops short of it with a break mark, and its error comes back
 * from there, the client's own.
 */
export function DiagramMessage({ event, order, fromY, geometry, isAnimated, row, part }: Props) {
  const tone = eventTone(event);
  const badge = shownBadge(event);
  const diffs = staleDiffs(event, row);
  if (event.target === 'wait') {
    if (part === 'line') return null;
    const text = `${order !== null ? `${order}. ` : ''}${event.actor} ${selfText(event)}`;
    const x = geometry.actorRight + 16;
    const y = messageMidY(event, fromY, geometry);
    return (
      <>
        <LabelBacking x={x} y={y} text={text} anchor="start" />
        <text x={x} y={y} className={`message-label tone-${tone}`} data-testid="diagram.message">
          {text}
        </text>
      </>
    );
  }
  const isCacheLayer = isCacheLayerCommand(event);
  const x1 = geometry.actorRight + 6;
  const y1 = fromY;
  const x2 = geometry.storeLeft - 6;
  const y2 = event.target === 'redis' ? geometry.redisY : geometry.dbY;
  const midX = (x1 + x2) / 2;
  const midY = messageMidY(event, fromY, geometry);
  const anchor = 'middle';
  // The dots travel as far as the arrow goes: to the store, or to where it broke off.
  const end = arrowEnd(event, x1, y1, x2, y2);
  const style = {
    '--x1': `${x1}px`,
    '--y1': `${y1}px`,
    '--x2': `${end.x}px`,
    '--y2': `${end.y}px`,
  } as CSSProperties;
  const className = `message tone-${tone}${isAnimated ? ' animated' : ''}`;
  if (part === 'line')
    return (
      <g className={className}>
        <line x1={x1} y1={y1} x2={end.x} y2={end.y} className="message-line" />
        {isNeverReached(event) && <BreakMark x={end.x} y={end.y} />}
      </g>
    );
  const command =
    (order !== null ? `${order}. ${isCacheLayer ? '' : `${event.actor} `}` : '') +
    truncate(shownCommand(event), order !== null && !isCacheLayer ? 36 - event.actor.length : 38);
  const reply =
    diffs.length > 0 && event.isHit
      ? `"${compactRow(event.cachedJson!, diffs, 40)}"`
      : truncate(event.reply, 36);
  const cachedLine = diffs.length > 0 ? `cached: ${diffSide(diffs, 'cached')}` : '';
  const rowLine = diffs.length > 0 ? `row now: ${diffSide(diffs, 'row')}` : '';
  return (
    <g className={className} style={style} data-testid="diagram.message">
      {/* Numbered among the step's commands, it names its sender as the earlier lines do. */}
      <LabelBacking x={midX} y={midY - 14} text={command} />
      <text x={midX} y={midY - 14} textAnchor={anchor} className="message-label command">
        {command}
      </text>
      <LabelBacking x={midX} y={midY + 22} text={reply} className="reply-backing" />
      <text x={midX} y={midY + 22} textAnchor={anchor} className="message-label reply-text">
        {reply}
      </text>
      {badge && (
        <>
          <LabelBacking
            x={midX}
            y={midY + 40}
            text={badge.toUpperCase()}
            className="reply-backing"
          />
          <text
            x={midX}
            y={midY + 40}
            textAnchor={anchor}
            className="message-label reply-text message-badge"
          >
            {badge.toUpperCase()}
          </text>
        </>
      )}
      {diffs.length > 0 && (
        <>
          <LabelBacking x={midX} y={midY + 58} text={cachedLine} />
          <LabelBacking x={midX} y={midY + 74} text={rowLine} />
          <text
            x={midX}
            y={midY + 58}
            textAnchor="middle"
            className="message-label message-diff"
            data-testid="diagram.diff"
          >
            <tspan x={midX}>{cachedLine}</tspan>
            <tspan x={midX} dy={16}>
              {rowLine}
            </tspan>
          </text>
        </>
      )}
      {isCacheLayer && (
        <>
          <LabelBacking x={midX} y={midY - 32} text={`${cacheLayerSender(event)}:`} />
          <text x={midX} y={midY - 32} textAnchor={anchor} className="message-label reply-text">
            {`${cacheLayerSender(event)}:`}
          </text>
        </>
      )}
      {/* Last: the command and its reply travel over the labels they pass. */}
      <circle r={6} className="message-dot request" />
      <circle r={6} className="message-dot reply" />
    </g>
  );
}

/** Width of a character of the newest command's labels (12 px monospace), in the diagram's units. */
const LABEL_CHAR_W = 7.3;

/**
 * The backing under one of the newest command's labels (12 px monospace), as wide as its text:
 * drawn over every arrow, so no arrow (its own, or an earlier command's) runs through the label,
 * between its words included, where the label's outline does not reach.
 */
function LabelBacking({
  x,
  y,
  text,
  anchor = 'middle',
  className = '',
}: {
  x: number;
  y: number;
  text: string;
  anchor?: 'middle' | 'start';
  className?: string;
}) {
  const width = text.length * LABEL_CHAR_W + 8;
  return (
    <rect
      x={anchor === 'middle' ? x - width / 2 : x - 4}
      y={y - 12}
      width={width}
      height={16}
      className={`label-backing ${className}`.trim()}
    />
  );
}

/** Width of a character of an earlier command's line (11 px monospace), in the diagram's units. */
const EARLIER_CHAR_W = 6.7;

/**
 * One line of the earlier commands' list, centred at `x` on baseline `y`, on a backing as wide
 * as the line (11 px monospace: 0.6 em a character), so the arrows converging on a store do not
 * run between its characters.
 */
export function EarlierLine({ x, y, text }: { x: number; y: number; text: string }) {
  return (
    <>
      <rect
        x={x - (text.length * EARLIER_CHAR_W) / 2 - 4}
        y={y - 11}
        width={text.length * EARLIER_CHAR_W + 8}
        height={14}
        className="earlier-backing"
      />
      <text x={x} y={y} textAnchor="middle" className="message-label earlier-label">
        {text}
      </text>
    </>
  );
}

interface EarlierProps {
  event: StepEvent;
  /** 1-based place among the commands drawn together. */
  order: number;
  /** Its label's baseline, from `earlierBaselines`: clear of every other label. */
  labelY: number;
  fromY: number;
  geometry: DiagramGeometry;
  /**
   * Which part to draw: the arrows are drawn first and the labels last, so no arrow (a later
   * one, or the newest command's) is drawn across a label.
   */
  part: 'line' | 'label';
}

/**
 * A command the same Step press sent before the newest one: a faint arrow, and a numbered line
 * (command and reply) in a list beside the newest message, so a beat's commands read in order.
 */
export function DiagramEarlierMessage({
  event,
  order,
  labelY,
  fromY,
  geometry,
  part,
}: EarlierProps) {
  const tone = eventTone(event);
  const badge = shownBadge(event);
  const x1 = geometry.actorRight + 6;
  const x2 = geometry.storeLeft - 6;
  const y2 = event.target === 'redis' ? geometry.redisY : geometry.dbY;
  const labelX = (x1 + x2) / 2;
  // The command gets what the middle band has left after the number, sender, reply and badge.
  // A command that never reached Redis got no reply from it: its badge says so in its place.
  const head = `${order}. ${event.actor} `;
  const reply = isNeverReached(event) ? '' : `${truncate(event.reply, 14)} `;
  const tail =
    event.target === 'wait' ? '' : ` → ${reply}${badge ? badge.toUpperCase() : ''}`.trimEnd();
  const command = event.target === 'wait' ? selfText(event) : shownCommand(event);
  const text = `${head}${truncate(command, Math.max(8, EARLIER_MAX_CHARS - head.length - tail.length))}${tail}`;
  if (part === 'label')
    return (
      <g className={`message earlier tone-${tone}`} data-testid="diagram.earlier-message">
        <EarlierLine x={labelX} y={labelY} text={text} />
      </g>
    );
  if (event.target === 'wait') return <g className={`message earlier tone-${tone}`} />;
  const end = arrowEnd(event, x1, fromY, x2, y2);
  return (
    <g className={`message earlier tone-${tone}`}>
      <line x1={x1} y1={fromY} x2={end.x} y2={end.y} className="message-line" />
      {isNeverReached(event) && <BreakMark x={end.x} y={end.y} />}
    </g>
  );
}
