import type { SimAction } from '../engine/simAction';
import type { StepEvent } from '../engine/stepEvent';
import type { Scenario } from '../scenarios';
import { beatsAt, cursorForStep, stepsAt, type TimelineEntry } from './timeline';

/**
 * What the next Step press will do, found by playing it on a copy of the run: the commands it
 * sends (with the actor and command text the engine itself records), how far the virtual clock
 * moves, and whether Redis' availability changes. The run itself is untouched.
 */
export interface NextStepPreview {
  commands: (Pick<StepEvent, 'actor' | 'target' | 'command' | 'via'> & {
    /** Set for a process of the cache layer itself (the flusher, the refresher). */
    program?: 'background';
  })[];
  clockMs: number;
  /** Redis reachable after the press (null: unchanged). */
  cacheUpAfter: boolean | null;
  /** The press restarts Redis (its memory emptied, as the log's `FLUSHALL` by system shows). */
  cacheRestarts: boolean;
  /** False when a press would do nothing (the end of a scenario with no actor busy). */
  canStep: boolean;
}

/**
 * The actions the next Step press applies, as the store's own `step` chooses them: the undone
 * entries up to the next step after Back, else the scenario's next beat, else one free-play step.
 */
export function nextPressActions(
  timeline: readonly TimelineEntry[],
  cursor: number,
  scenario: Scenario | undefined,
): SimAction[] {
  if (cursor < timeline.length) {
    const target = Math.max(cursor + 1, cursorForStep(timeline, stepsAt(timeline, cursor) + 1));
    return timeline.slice(cursor, target).flatMap((e) => e.actions);
  }
  const beat = beatsAt(timeline, cursor);
  if (scenario && beat < scenario.beats.length) return scenario.beats[beat].actions;
  return [{ type: 'step' }];
}

/**
 * Whom the next Step press moves, read off the actions `nextPressActions` gives it: the actors of
 * its actor steps, in order, each once (a beat's `stepActor`s, a step Back stepped over),
 * `engine` when the engine picks (a free-play Step: the snapshot's `nextActor`), or none when it
 * moves no actor (a beat that only moves the clock or restarts Redis). `isBeat`: the press plays
 * a scenario beat.
 */
export function nextPressMovers(
  timeline: readonly TimelineEntry[],
  cursor: number,
  scenario: Scenario | undefined,
): { movers: readonly string[] | 'engine'; isBeat: boolean } {
  const isRedo = cursor < timeline.length;
  const isBeat = isRedo
    ? timeline.slice(cursor).find((e) => e.kind !== 'input')?.kind === 'beat'
    : scenario !== undefined && beatsAt(timeline, cursor) < scenario.beats.length;
  const movers: string[] = [];
  for (const a of nextPressActions(timeline, cursor, scenario)) {
    // A plain step before any actor's: the engine picks. After them it names no one more.
    if (a.type === 'step' && movers.length === 0) return { movers: 'engine', isBeat };
    if (
      (a.type === 'stepActor' || a.type === 'finishActor' || a.type === 'stepActorUntil') &&
      !movers.includes(a.actor)
    )
      movers.push(a.actor);
  }
  return { movers, isBeat };
}

const seconds = (ms: number): string =>
  ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms * 1000) / 1000} ms`;

/**
 * One line for the presenter: "next: B sends DEL user:123", in the engine's words. A command is
 * cut at `maxChars` (a script's source and a row's JSON are long), and the same command from several actors in a
 * row is said once ("A, B and C each run SELECT ..."), so the line stays short enough to read
 * out and to leave the diagram its room. One sender's commands in a row share one clause.
 */
export function describeNextStep(p: NextStepPreview, maxChars = 44): string {
  // True at a scenario's end and in free play before anything was queued (nothing has run yet).
  if (!p.canStep) return 'next: nothing; no request is waiting';
  const groups: {
    actors: string[];
    target: string;
    text: string;
    isCache: boolean;
    isOwnJob: boolean;
  }[] = [];
  for (const c of p.commands) {
    const text = c.command.length > maxChars ? `${c.command.slice(0, maxChars - 1)}…` : c.command;
    const isCache = c.via === 'cache';
    const isOwnJob = c.program === 'background';
    const last = groups.at(-1);
    if (
      last &&
      last.text === text &&
      last.target === c.target &&
      last.isCache === isCache &&
      last.isOwnJob === isOwnJob &&
      !last.actors.includes(c.actor)
    )
      last.actors.push(c.actor);
    else groups.push({ actors: [c.actor], target: c.target, text, isCache, isOwnJob });
  }
  // One sender's commands in a row are one clause: "A sends GET user:1, then SET user:1 …".
  const clauses: { who: string; said: { verbed: string; text: string }[] }[] = [];
  for (const { actors, target, text, isCache, isOwnJob } of groups) {
    const names =
      actors.length === 1 ? actors[0] : `${actors.slice(0, -1).join(', ')} and ${actors.at(-1)}`;
    // The cache layer's own statements (read-through's loader, write-behind's load) are the
    // cache's, sent on the actor's behalf: the log says actor:cache.
    // The flusher and the refresher are the cache's own processes, serving no actor's request:
    // "the cache's flusher", as the narration says it.
    const isOne = actors.length === 1 || isCache || isOwnJob;
    const who = isOwnJob
      ? `the cache's ${names}`
      : isCache
        ? `the cache (for ${names})`
        : isOne
          ? names
          : `${names} each`;
    const verb = target === 'wait' ? 'wait' : target === 'redis' ? 'send' : 'run';
    const verbed = isOne ? `${verb}s` : verb;
    const said = { verbed, text: target === 'wait' ? `(${text})` : text };
    const last = clauses.at(-1);
    if (last?.who === who) last.said.push(said);
    else clauses.push({ who, said: [said] });
  }
  // The verb once while it stays the same: "sends GET user:7, then SET user:7 …".
  const parts = clauses.map(
    ({ who, said }) =>
      `${who} ${said
        .map((x, i) =>
          i > 0 && said[i - 1].verbed === x.verbed ? x.text : `${x.verbed} ${x.text}`,
        )
        .join(', then ')}`,
  );
  if (p.cacheRestarts) parts.unshift('Redis restarts empty');
  if (p.cacheUpAfter === false) parts.unshift('Redis becomes unreachable');
  if (p.cacheUpAfter === true) parts.unshift('Redis is reachable again');
  if (p.commands.length === 0 && p.clockMs > 0)
    parts.push(`the clock moves on ${seconds(p.clockMs)}`);
  if (parts.length === 0) return 'next: nothing is sent';
  return `next: ${parts.join('; then ')}`;
}
