import { useId, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isNeverReached, shownCommand } from '../engine/stepEvent';
import { sentence } from '../scenarios/narrationTerms';
import { selectActors, selectDbRows, selectIsCacheUp, selectSnapshot } from '../store/selectors';
import {
  selectDiagramEvents,
  selectIsRestartStep,
  selectQuietStep,
  selectDiagramBeforeInputs,
} from '../store/diagramSelectors';
import { commandNumberOf } from '../store/sequenceRows';
import { stepIntervalMs } from '../store/playback';
import { earlierBaselines, newestBand, unlistedText } from './diagramLabels';
import {
  DiagramEarlierMessage,
  DiagramMessage,
  EarlierLine,
  cacheLayerSender,
  isCacheLayerCommand,
  messageMidY,
  selfText,
  staleDiffs,
} from './DiagramMessage';
import { DiagramScripts } from './DiagramScripts';
import { shownBadge, truncate } from './eventTone';
import { useSandbox } from './storeContext';
import { useIsQuestionOpen } from './useIsQuestionOpen';
import { useOverflows } from './useOverflows';

const WIDTH = 760;
const ACTOR_X = 16;
const ACTOR_W = 200;
const ACTOR_H = 58;
const ACTOR_GAP = 14;
const STORE_X = 540;
const STORE_W = 204;
const STORE_H = 84;
const TOP = 16;
/** Earlier commands of one press listed by name; more are counted in one line above them. */
const MAX_EARLIER_ROWS = 6;
/** Characters of a pending command that fit in an actor's box after "next: ". */
const PENDING_CHARS = 21;

/** Where an actor's task starts: after its name (one letter for the application's processes). */
const taskOffset = (name: string): number => (name.length <= 1 ? 34 : 22 + name.length * 10);

/** Where boxes sit, shared with the message so arrows meet the boxes. */
export interface DiagramGeometry {
  actorY: (index: number) => number;
  redisY: number;
  dbY: number;
  actorRight: number;
  storeLeft: number;
}

/**
 * The application processes on the left (and, below them, any client outside the application
 * that sent a command: a console, a scenario's "ops" script), Redis and SQLite on the right, and
 * every command of the newest Step press travelling between them with its reply, in order.
 */
export function Diagram() {
  const actors = useSandbox(selectActors);
  const isQuestionOpen = useIsQuestionOpen();
  const isCacheUp = useSandbox(selectIsCacheUp);
  const events = useSandbox(selectDiagramEvents);
  const snapshot = useSandbox(selectSnapshot);
  const rows = useSandbox(selectDbRows);
  // A Step press that sent no command (a restart, the clock moved): the commands shown are the
  // ones before it, drawn as earlier, and the diagram says what the press did instead.
  const quiet = useSandbox(selectQuietStep);
  const isRestart = useSandbox(selectIsRestartStep);
  // Inputs since the commands drawn (a restart, the clock): drawn as earlier, and said so.
  const beforeInputs = useSandbox(selectDiagramBeforeInputs);
  const event = events.at(-1) ?? null;
  // A page may draw several (the handout draws one a beat): each names its own description.
  const descId = useId();
  // On a narrow screen the drawing keeps a readable size and scrolls sideways (styles.css).
  const [figure, isScrolling] = useOverflows<HTMLElement>('x');
  // Clients that sent one of these commands without being an application process.
  const outside = [
    ...new Set(events.map((e) => e.actor).filter((name) => !actors.some((a) => a.name === name))),
  ];
  const lanes = actors.length + outside.length;
  // The engine scripts its labels name: the commands drawn, and the actors' next ones when shown.
  const scriptNames = [
    ...events.map((e) => e.script?.name),
    ...(isQuestionOpen ? [] : actors.map((a) => a.pending?.script?.name)),
  ].filter((name): name is string => name !== undefined);
  const { animatedStep, speed } = useSandbox(
    useShallow((s) => ({ animatedStep: s.animatedStep, speed: s.speed })),
  );
  const actorsHeight = lanes * ACTOR_H + (lanes - 1) * ACTOR_GAP;
  const height = Math.max(actorsHeight, STORE_H * 2 + 40) + TOP * 2;
  const geometry: DiagramGeometry = {
    actorY: (i) => TOP + i * (ACTOR_H + ACTOR_GAP) + ACTOR_H / 2,
    redisY: TOP + STORE_H / 2,
    dbY: height - TOP - STORE_H / 2,
    actorRight: ACTOR_X + ACTOR_W,
    storeLeft: STORE_X,
  };
  const laneOf = (name: string): number => {
    const i = actors.findIndex((a) => a.name === name);
    return i >= 0 ? i : actors.length + outside.indexOf(name);
  };
  const style = { '--step-ms': `${Math.min(900, stepIntervalMs(speed) * 0.8)}ms` } as CSSProperties;
  // A command that never reached Redis lights no store: Redis got nothing.
  const activeTarget =
    event && quiet === null && animatedStep === event.index && !isNeverReached(event)
      ? event.target
      : null;
  const eventRow = event ? rows.find((r) => `user:${r.id}` === event.key) : undefined;
  // The earlier commands' list goes where it cannot cover the newest command's labels. A press
  // that sent many (a console line repeated, `40 INCR n`) lists the last few and counts the rest.
  const before = events.slice(0, -1);
  const listed = before.slice(-MAX_EARLIER_ROWS);
  const unlisted = before.length - listed.length;
  const baselines = earlierBaselines(
    listed.length + (unlisted > 0 ? 1 : 0),
    event
      ? newestBand(messageMidY(event, geometry.actorY(laneOf(event.actor)), geometry), {
          isWait: event.target === 'wait',
          hasBadge: shownBadge(event) !== null,
          hasDiff: staleDiffs(event, eventRow).length > 0,
          isCacheLayer: isCacheLayerCommand(event),
        })
      : null,
    height,
  );

  // The commands before the newest: arrows under everything, their list over everything.
  const earlier = (part: 'line' | 'label') => [
    ...(part === 'label' && unlisted > 0
      ? [
          <g key="unlisted" data-testid="diagram.unlisted">
            <EarlierLine
              x={(geometry.actorRight + geometry.storeLeft) / 2}
              y={baselines[0]}
              text={unlistedText(unlisted)}
            />
          </g>,
        ]
      : []),
    ...listed.map((e, k) => (
      <DiagramEarlierMessage
        key={`${part}-${e.index}`}
        event={e}
        order={unlisted + k + 1}
        labelY={baselines[k + (unlisted > 0 ? 1 : 0)]}
        fromY={geometry.actorY(laneOf(e.actor))}
        geometry={geometry}
        part={part}
      />
    )),
  ];

  // The newest command, drawn in the same two parts.
  const newest = (part: 'line' | 'label') =>
    event && (
      <DiagramMessage
        key={`${part}-${event.index}`}
        event={event}
        order={events.length > 1 ? events.length : null}
        fromY={geometry.actorY(laneOf(event.actor))}
        geometry={geometry}
        isAnimated={quiet === null && animatedStep === event.index}
        row={eventRow}
        part={part}
      />
    );

  return (
    <figure
      className="diagram panel"
      style={style}
      ref={figure}
      tabIndex={isScrolling ? 0 : undefined}
      data-scrolls-sideways={isScrolling || undefined}
    >
      <figcaption className="visually-hidden">
        Application processes, Redis and SQLite, with the last command and its reply
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={descId}>
        <desc id={descId}>
          {quiet !== null && `This step sent no command. ${quiet} Before it: `}
          {beforeInputs !== null && `${beforeInputs} `}
          {events.length > 0
            ? events
                .map((e) => {
                  const who = isCacheLayerCommand(e) ? cacheLayerSender(e) : e.actor;
                  // A wait sends nothing: no command number, as the sequence diagram gives none.
                  const number = snapshot && commandNumberOf(snapshot, e.index);
                  if (e.target === 'wait' || !number) return `${who} ${sentence(selfText(e))}`;
                  // Redis down: the client rejected it unsent, as the arrow breaking off shows.
                  if (isNeverReached(e))
                    return `Command ${number}: ${who} sent ${shownCommand(e)}, which never reached Redis (it was down): the client answered ${sentence(e.reply)}`;
                  return `Command ${number}: ${who} sent ${shownCommand(e)} to ${e.target === 'db' ? 'SQLite' : 'Redis'} and got ${sentence(e.reply)}`;
                })
                .join(' ')
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
              {/* The cache layer's own processes have long names (flusher, refresher): their task moves over and is cut to fit. */}
              <text x={ACTOR_X + taskOffset(a.name)} y={y + 22} className="actor-task">
                {a.name.length <= 1
                  ? `${a.task ?? 'idle'}${a.queued > 0 ? ` (+${a.queued} queued)` : ''}`
                  : truncate(a.task ?? 'idle', Math.floor((ACTOR_W - taskOffset(a.name) - 8) / 7))}
              </text>
              <text x={ACTOR_X + 12} y={y + 44} className="actor-pending">
                {/* Cut to stay inside the box (11 px monospace), clear of the message labels. */}
                {!a.pending
                  ? ''
                  : isQuestionOpen
                    ? // Not "answer first": the question holds neither Step nor an actor's own.
                      'next: ? (hidden)'
                    : `next: ${truncate(shownCommand(a.pending), PENDING_CHARS)}`}
              </text>
            </g>
          );
        })}
        {outside.map((name, k) => {
          const y = geometry.actorY(actors.length + k) - ACTOR_H / 2;
          return (
            <g key={`outside-${name}`} className="actor outside" data-testid="diagram.outside">
              <rect x={ACTOR_X} y={y} width={ACTOR_W} height={ACTOR_H} rx={8} />
              <text x={ACTOR_X + 12} y={y + 22} className="actor-name">
                {name}
              </text>
              <text x={ACTOR_X + 12} y={y + 44} className="actor-task">
                outside the application
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
            {!isCacheUp
              ? 'unreachable (down)'
              : isRestart
                ? 'restarted · empty'
                : 'ioredis-mock · up'}
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
        <g className={quiet === null && beforeInputs === null ? undefined : 'diagram-before'}>
          {/* Every arrow first, then every label on its backing: no arrow runs through a label. */}
          {earlier('line')}
          {newest('line')}
          {earlier('label')}
          {/* A scroller brings the newest command's labels into view (PresenterView, zoomed in). */}
          <g data-testid="diagram.newest">{newest('label')}</g>
        </g>
      </svg>
      <DiagramScripts names={scriptNames} />
      {quiet !== null && (
        <p className="diagram-quiet">
          <strong>This step sent no command.</strong> {quiet}{' '}
          {events.length > 0 && <span>Shown faded: the commands of the step before.</span>}
        </p>
      )}
      {beforeInputs !== null && (
        <p className="diagram-quiet" data-testid="diagram.before-inputs">
          {beforeInputs}
        </p>
      )}
    </figure>
  );
}
