// A Step press or a beat told as one paragraph: its actions and its commands in order, a wait
// repeated back to back or a cycle of commands gone round again told once.
import type { SimAction } from '../engine/simAction';
import type { IdleStep } from '../engine/simActor';
import type { StepEvent } from '../engine/stepEvent';
import {
  cacheUpAfter,
  describeAction,
  describeIdleStep,
  NOTHING_RUNNING,
  withAftermath,
  type ActionAftermath,
} from './actionNarration';
import { describeEvent } from './narrate';
import { whoSent } from './narrationTerms';

/**
 * A beat (or any Step press) told from what happened: the actions that send no command
 * themselves (a read started or queued, the clock moved, Redis taken down) and each command from
 * the engine's event, in order. `isQueued` says whether the request an action gave an actor
 * waited behind that actor's unfinished one. `eventCounts`, the commands each action sent, puts
 * every action in its place; without it, only the actions before the first command are told.
 * `lostByRestart` names, by action index, the queued write-behind writes a restart took with it.
 */
export function describeStep(
  actions: readonly SimAction[],
  events: readonly StepEvent[],
  isQueued: (actor: string) => boolean = () => false,
  wasCacheUp?: boolean,
  eventCounts?: readonly number[],
  idle: readonly { at: number; step: IdleStep }[] = [],
  aftermath: ActionAftermath = {},
): string {
  const idleAt = (k: number) => idle.find((d) => d.at === k)?.step;
  // An action told with what the engine said it did beyond itself (a restart's lost writes).
  const tellAction = (a: SimAction, k: number, isCacheUp: boolean | undefined): string | null =>
    withAftermath(
      describeAction(a, (a.type === 'read' || a.type === 'write') && isQueued(a.actor), isCacheUp),
      aftermath,
      k,
    );
  if (eventCounts !== undefined && eventCounts.length === actions.length) {
    let isCacheUp = wasCacheUp;
    let at = 0;
    const told: (string | StepEvent)[] = [];
    // What a Step that found nothing to do said: said again only once a command was sent since.
    const idleSaid = new Set<string>();
    const tellIdle = (text: string) => {
      if (!idleSaid.has(text)) told.push(text);
      idleSaid.add(text);
    };
    actions.forEach((a, k) => {
      const sent = events.slice(at, at + eventCounts[k]);
      at += eventCounts[k];
      if (sent.length > 0) {
        told.push(...sent);
        idleSaid.clear();
      } else {
        const said = tellAction(a, k, isCacheUp);
        if (said === NOTHING_RUNNING) tellIdle(said);
        else if (said !== null) told.push(said);
        const why = idleAt(k);
        if (why) tellIdle(describeIdleStep(why));
      }
      isCacheUp = cacheUpAfter(a, isCacheUp);
    });
    told.push(...events.slice(at));
    return told.length === 0 ? 'This step sent no command.' : joinTold(tellEvents(told));
  }
  const sendsCommand = (a: SimAction) =>
    a.type === 'step' ||
    a.type === 'stepActor' ||
    a.type === 'finishActor' ||
    a.type === 'stepActorUntil' ||
    a.type === 'redis' ||
    a.type === 'sql' ||
    a.type === 'resetDatabase';
  // Nothing sent at all: every action is told (a Step that found nothing running says so).
  const first = events.length === 0 ? -1 : actions.findIndex(sendsCommand);
  // A request given to an actor still busy with another waits behind it (the diagram says
  // "+1 queued"), and the commands that follow may be that earlier request's.
  let isCacheUp = wasCacheUp;
  const before = (first < 0 ? actions : actions.slice(0, first)).map((a, k) => {
    const told = tellAction(a, k, isCacheUp);
    isCacheUp = cacheUpAfter(a, isCacheUp);
    return told;
  });
  const told = [...before.filter((t): t is string => t !== null), ...tellEvents(events)];
  if (events.length === 0)
    for (const d of idle) {
      const idleText = describeIdleStep(d.step);
      if (told.at(-1) !== idleText) told.push(idleText);
    }
  return told.length === 0 ? 'This step sent no command.' : joinTold(told);
}

const isEventLike = (item: string | StepEvent | undefined): boolean =>
  item !== undefined && typeof item !== 'string';

/** Whether two events are the same wait of the same program, for the same reason. */
const isSameWait = (a: StepEvent, b: StepEvent): boolean =>
  a.target === 'wait' &&
  b.target === 'wait' &&
  a.ends === undefined &&
  b.ends === undefined &&
  a.isFailed !== true &&
  b.isFailed !== true &&
  a.actor === b.actor &&
  a.via === b.via &&
  a.program === b.program &&
  a.label === b.label &&
  a.key === b.key &&
  a.command === b.command;

/** One sentence of a step's narration, with the events it tells (none: an action told). */
interface ToldUnit {
  text: string;
  first?: StepEvent;
  last?: StepEvent;
}

/** The longest cycle of sentences looked for (a reader's GET, lock, wait, and a few more). */
const MAX_CYCLE = 6;

/**
 * Each event told in order (sentences already told pass through): a run of the same wait back
 * to back (a write waiting out another's lock, Step after Step) told once, with how long in all;
 * and a cycle of the same commands one program goes round again and again (a single-flight
 * reader's GET, failed lock and wait) told once, with how many times and how long in all.
 */
function tellEvents(items: readonly (string | StepEvent)[]): string[] {
  const units: ToldUnit[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'string') {
      units.push({ text: item });
      continue;
    }
    let repeats = 1;
    while (isEventLike(items[i + 1]) && isSameWait(item, items[i + 1] as StepEvent)) {
      repeats++;
      i++;
    }
    units.push({ text: describeEvent(item, repeats), first: item, last: items[i] as StepEvent });
  }
  return tellCycles(units);
}

/**
 * Sentences in order, a cycle of them told again and again back to back (the same commands and
 * replies, by one actor) told once: how many times, and the virtual time from the first
 * command's start to the last one's end.
 */
function tellCycles(units: readonly ToldUnit[]): string[] {
  const told: string[] = [];
  const isSame = (a: ToldUnit, b: ToldUnit) =>
    a.first !== undefined && b.first !== undefined && a.text === b.text;
  for (let i = 0; i < units.length;) {
    let best = { length: 0, times: 1 };
    for (let k = 2; k <= MAX_CYCLE && i + 2 * k <= units.length; k++) {
      const cycle = units.slice(i, i + k);
      const actor = cycle[0].first?.actor;
      if (!cycle.every((u) => u.first !== undefined && u.first.actor === actor)) break;
      let times = 1;
      while (
        i + (times + 1) * k <= units.length &&
        cycle.every((u, j) => isSame(u, units[i + times * k + j]))
      )
        times++;
      if (times > 1) {
        best = { length: k, times };
        break;
      }
    }
    if (best.times === 1) {
      told.push(units[i].text);
      i++;
      continue;
    }
    const { length, times } = best;
    const start = units[i].first as StepEvent;
    const end = units[i + length * times - 1].last as StepEvent;
    const ms = Math.round((end.endMs - start.startMs) * 1000) / 1000;
    const each = units
      .slice(i, i + length)
      .map((u) => u.text)
      .join(' ');
    told.push(
      `${whoSent(start)} goes round the same ${length} steps ${times} times, ${ms} ms in all. Each time: ${each}`,
    );
    i += length * times;
  }
  return told;
}

/** Sentences in order, a Step's "nothing is running" said once however many Steps found it. */
export const joinTold = (told: readonly string[]): string =>
  told.filter((t, i) => t !== NOTHING_RUNNING || told[i - 1] !== NOTHING_RUNNING).join(' ');
