import type { CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectActors, selectIsCacheUp, selectLastEvent } from '../store/selectors';
import { stepIntervalMs } from '../store/playback';
import { DiagramMessage } from './DiagramMessage';
import { truncate } from './eventTone';
import { useSandbox } from './storeContext';

const WIDTH = 760;
const ACTOR_X = 16;
const ACTOR_W = 200;
const ACTOR_H = 58;
const ACTOR_GAP = 14;
const STORE_X = 540;
const STORE_W = 204;
const STORE_H = 84;
const TOP = 16;

/** Where boxes sit, shared with the message so arrows meet the boxes. */
export interface DiagramGeometry {
  actorY: (index: number) => number;
  redisY: number;
  dbY: number;
  actorRight: number;
  storeLeft: number;
}

/**
 * The application processes on the left, Redis and SQLite on the right, and the newest command
 * travelling between them with its reply.
 */
export function Diagram() {
  const actors = useSandbox(selectActors);
  const isCacheUp = useSandbox(selectIsCacheUp);
  const event = useSandbox(selectLastEvent);
  const { animatedStep, speed } = useSandbox(
    useShallow((s) => ({ animatedStep: s.animatedStep, speed: s.speed })),
  );
  const actorsHeight = actors.length * ACTOR_H + (actors.length - 1) * ACTOR_GAP;
  const height = Math.max(actorsHeight, STORE_H * 2 + 40) + TOP * 2;
  const geometry: DiagramGeometry = {
    actorY: (i) => TOP + i * (ACTOR_H + ACTOR_GAP) + ACTOR_H / 2,
    redisY: TOP + STORE_H / 2,
    dbY: height - TOP - STORE_H / 2,
    actorRight: ACTOR_X + ACTOR_W,
    storeLeft: STORE_X,
  };
  const actorIndex = event ? actors.findIndex((a) => a.name === event.actor) : -1;
  const style = { '--step-ms': `${Math.min(900, stepIntervalMs(speed) * 0.8)}ms` } as CSSProperties;
  const activeTarget = event && animatedStep === event.index ? event.target : null;

  return (
    <figure className="diagram panel" style={style}>
      <figcaption className="visually-hidden">
        Application processes, Redis and SQLite, with the last command and its reply
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="diagram-desc">
        <desc id="diagram-desc">
          {event
            ? `Step ${event.index}: ${event.actor} sent ${event.command} to ${event.target === 'db' ? 'SQLite' : event.target === 'redis' ? 'Redis' : 'nobody'} and got ${event.reply}`
            : 'No command has run yet.'}
        </desc>
        {actors.map((a, i) => {
          const y = geometry.actorY(i) - ACTOR_H / 2;
          return (
            <g key={a.name} className={a.pending ? 'actor busy' : 'actor'}>
              <rect x={ACTOR_X} y={y} width={ACTOR_W} height={ACTOR_H} rx={8} />
              <text x={ACTOR_X + 12} y={y + 22} className="actor-name">
                {a.name}
              </text>
              <text x={ACTOR_X + 34} y={y + 22} className="actor-task">
                {a.task ?? 'idle'}
                {a.queued > 0 ? ` (+${a.queued} queued)` : ''}
              </text>
              <text x={ACTOR_X + 12} y={y + 44} className="actor-pending">
                {a.pending ? `next: ${truncate(a.pending.command, 28)}` : ''}
              </text>
            </g>
          );
        })}
        <g
          className={`store redis${isCacheUp ? '' : ' down'}${activeTarget === 'redis' ? ' active' : ''}`}
        >
          <rect x={STORE_X} y={TOP} width={STORE_W} height={STORE_H} rx={10} />
          <text x={STORE_X + 14} y={TOP + 30} className="store-name">
            Redis
          </text>
          <text x={STORE_X + 14} y={TOP + 56} className="store-sub">
            {isCacheUp ? 'ioredis-mock · up' : 'unreachable (down)'}
          </text>
        </g>
        <g className={`store sqlite${activeTarget === 'db' ? ' active' : ''}`}>
          <rect x={STORE_X} y={height - TOP - STORE_H} width={STORE_W} height={STORE_H} rx={10} />
          <text x={STORE_X + 14} y={height - TOP - STORE_H + 30} className="store-name">
            SQLite
          </text>
          <text x={STORE_X + 14} y={height - TOP - STORE_H + 56} className="store-sub">
            sql.js · table users
          </text>
        </g>
        {event && actorIndex >= 0 && (
          <DiagramMessage
            key={event.index}
            event={event}
            fromY={geometry.actorY(actorIndex)}
            geometry={geometry}
            isAnimated={animatedStep === event.index}
          />
        )}
      </svg>
    </figure>
  );
}
