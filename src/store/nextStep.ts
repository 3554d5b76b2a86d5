import type { SimAction } from '../engine/simAction';
import type { StepEvent } from '../engine/stepEvent';
import type { Scenario } from '../scenarios';
import { beatsAt, cursorForStep, stepsAt, type TimelineEntry } from './timeline';
import { andList } from '../engine/andList';

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
  /**
   * How far the press's own clock moves, before its first command, move the clock (a beat's
   * `advanceClock` ahead of its TTL), said even when commands follow: `clockMs` counts their
   * latencies too. Absent: none.
   */
  clockMovedMs?: number;
  /** Redis reachable after the press (null: unchanged). */
  cacheUpAfter: boolean | null;
  /** The press restarts Redis (its memory emptied, as the log's restart line says). */
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
  return pressesAhead(timeline, cursor, scenario, 1)[0].actions;
}

/** A Step press ahead: where the run stands before it (as `SandboxState` counts), and its actions. */
export interface PressAhead {
  /** Timeline entries applied before it (past the record, one more for each press before it). */
  cursor: number;
  /** Scenario beats played before it. */
  beat: number;
  actions: SimAction[];
}

/**
 * The next `n` Step presses, each as the store's own `step` chooses it from where the presses
 * before it leave the run: the undone entries up to the next step while Back left some, then the
 * scenario's beats in turn, then free-play steps. The quiz reads from them whether a question
 * lies ahead that the run will ask.
 */
export function pressesAhead(
  timeline: readonly TimelineEntry[],
  cursor: number,
  scenario: Scenario | undefined,
  n: number,
): PressAhead[] {
  const presses: PressAhead[] = [];
  let at = cursor;
  let beat = beatsAt(timeline, cursor);
  while (presses.length < n) {
    if (at < timeline.length) {
      const target = Math.max(at + 1, cursorForStep(timeline, stepsAt(timeline, at) + 1));
      const redone = timeline.slice(at, target);
      presses.push({ cursor: at, beat, actions: redone.flatMap((e) => e.actions) });
      beat += redone.filter((e) => e.kind === 'beat').length;
      at = target;
    } else {
      const isBeat = scenario !== undefined && beat < scenario.beats.length;
      presses.push({
        cursor: at,
        beat,
        actions: isBeat ? scenario.beats[beat].actions : [{ type: 'step' }],
      });
      if (isBeat) beat++;
      // Each press past the record appends its entry.
      at++;
    }
  }
  return presses;
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

/** One command as the presenter's line says it: its verb ("sends", "run") and its text. */
interface Said {
  verbed: string;
  text: string;
  /** How many commands it says: one, or one per actor that sends it ("A, B and C each run"). */
  count: number;
}

/** The longest line said before the rest of a press is counted instead (the longest a scenario's
 * invited fix makes is 297 characters: stampede under single-flight, before step 5). */
const MAX_LINE = 320;

/** The longest cycle of commands looked for, as the narration's (`tellCycles`). */
const MAX_CYCLE = 6;

/**
 * One sender's commands split into runs said as they are and cycles gone round back to back
 * (at least twice), each cycle the shortest that repeats from where it starts.
 */
function withCycles(said: readonly Said[]): (Said[] | { cycle: Said[]; times: number })[] {
  const units: (Said[] | { cycle: Said[]; times: number })[] = [];
  const same = (a: Said, b: Said) => a.verbed === b.verbed && a.text === b.text;
  let plain: Said[] = [];
  for (let i = 0; i < said.length;) {
    let found: { cycle: Said[]; times: number } | null = null;
    for (let k = 2; k <= MAX_CYCLE && i + 2 * k <= said.length; k++) {
      const cycle = said.slice(i, i + k);
      let times = 1;
      while (
        i + (times + 1) * k <= said.length &&
        cycle.every((x, j) => same(x, said[i + times * k + j]))
      )
        times++;
      if (times > 1) {
        found = { cycle, times };
        break;
      }
    }
    if (!found) {
      plain.push(said[i]);
      i++;
      continue;
    }
    if (plain.length > 0) units.push(plain);
    plain = [];
    units.push(found);
    i += found.cycle.length * found.times;
  }
  if (plain.length > 0) units.push(plain);
  return units;
}

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
  const clauses: { who: string; said: Said[] }[] = [];
  for (const { actors, target, text, isCache, isOwnJob } of groups) {
    const names = andList(actors);
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
    // A wait's command is "wait 50 ms": said as "waits 50 ms", not "waits (wait 50 ms)". A
    // program that ended before its first command sends "no command (the program failed)".
    const waitFor = target === 'wait' ? /^wait (.+)$/.exec(text)?.[1] : undefined;
    const verb =
      waitFor !== undefined ? 'wait' : target === 'redis' || target === 'wait' ? 'send' : 'run';
    const verbed = isOne ? `${verb}s` : verb;
    const said = { verbed, text: waitFor ?? text, count: actors.length };
    const last = clauses.at(-1);
    if (last?.who === who) last.said.push(said);
    else clauses.push({ who, said: [said] });
  }
  // The verb once while it stays the same: "sends GET user:7, then SET user:7 …"; a cycle of
  // commands one sender goes round again and again (a single-flight reader's failed lock, wait
  // and GET) said once, as the narration tells it.
  const sayAll = (said: readonly Said[]): string =>
    said
      .map((x, i) => (i > 0 && said[i - 1].verbed === x.verbed ? x.text : `${x.verbed} ${x.text}`))
      .join(', then ');
  const pieces = clauses.map(({ who, said }) => ({
    who,
    said: withCycles(said).flatMap((u) =>
      'times' in u
        ? [
            {
              text: `${u.cycle[0].verbed.endsWith('s') ? 'goes' : 'go'} round the same ${u.cycle.length} steps ${u.times} times (${sayAll(u.cycle)})`,
              count: u.times * u.cycle.reduce((n, x) => n + x.count, 0),
            },
          ]
        : u.map((x, i) => ({
            text: i > 0 && u[i - 1].verbed === x.verbed ? x.text : `${x.verbed} ${x.text}`,
            count: x.count,
          })),
    ),
  }));
  const before: string[] = [];
  if (p.cacheUpAfter === true) before.push('Redis is reachable again');
  if (p.cacheUpAfter === false) before.push('Redis becomes unreachable');
  if (p.cacheRestarts) before.push('Redis restarts empty');
  if (p.clockMovedMs !== undefined && p.clockMovedMs > 0)
    before.push(`the clock moves on ${seconds(p.clockMovedMs)}`);
  else if (p.commands.length === 0 && p.clockMs > 0)
    before.push(`the clock moves on ${seconds(p.clockMs)}`);
  if (before.length === 0 && pieces.length === 0) return 'next: nothing is sent';
  let line = `next: ${before.join('; then ')}`;
  // A press that plays a long wait (three reads queued behind a lock) is said up to the length a
  // projector's line takes and the rest counted (the narration tells each once played): listed
  // in full, 1,599 characters pushed the speaker notes below the screen.
  let said = 0;
  for (const { who, said: clause } of pieces)
    for (const [i, piece] of clause.entries()) {
      const joined =
        i > 0
          ? `, then ${piece.text}`
          : `${line === 'next: ' ? '' : '; then '}${who} ${piece.text}`;
      if (said > 0 && line.length + joined.length > MAX_LINE) {
        const rest = p.commands.length - said;
        return `${line}; then ${rest} more step${rest === 1 ? '' : 's'}`;
      }
      line += joined;
      said += piece.count;
    }
  return line;
}
