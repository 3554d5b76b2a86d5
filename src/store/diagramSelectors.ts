// What the sequence diagram draws: the commands of the newest press or input that sent any, or
// what a Step that sent none did, and whether what it draws came before what was done since.
import type { SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import type { SandboxState } from './sandboxState';
import { isStepEntry } from './timeline';
import {
  cacheUpAfter,
  describeAction,
  describeIdleStep,
  withAftermath,
} from '../scenarios/actionNarration';
import { joinTold } from '../scenarios/stepNarration';
import { shown } from './shown';
import { EMPTY, selectSnapshot } from './selectors';
import {
  appliedCount,
  cacheUpBefore,
  changedNothing,
  commandsBefore,
  lastSendingEntry,
  quietStepEntry,
} from './appliedEntries';

const beatEventsCache = new WeakMap<SimSnapshot, StepEvent[]>();

/** The commands the last Step press sent, in order (memoised per snapshot). */
export function selectLastStepEvents(s: SandboxState): StepEvent[] {
  const snap = s.snapshot;
  if (!snap) return EMPTY;
  const cached = beatEventsCache.get(snap);
  if (cached) return cached;
  let i = s.cursor - 1;
  while (i >= 0 && !isStepEntry(s.timeline[i])) i--;
  const out = i < 0 ? EMPTY : snap.events.slice(commandsBefore(s, i), s.timeline[i].commandsAfter);
  beatEventsCache.set(snap, out);
  return out;
}

const diagramEventsCache = new WeakMap<SimSnapshot, StepEvent[]>();

/**
 * What the diagram draws: every command of the newest Step press or input that sent any (a beat's
 * several steps, a console line, a scenario's "ops" statement), in the order they were sent.
 * A press that sent nothing (a clock jump) leaves the previous commands drawn. Memoised per
 * snapshot: a stable reference.
 */
export function selectDiagramEvents(s: SandboxState): StepEvent[] {
  const snap = selectSnapshot(s);
  if (!snap) return EMPTY;
  const cached = diagramEventsCache.get(snap);
  if (cached) return cached;
  const i = lastSendingEntry(s);
  const from = i < 0 ? 0 : commandsBefore(s, i);
  const to = i < 0 ? s.baseCommands : s.timeline[i].commandsAfter;
  // Events are numbered from 1 by commands sent; scan back from the newest (the run may be long).
  const out: StepEvent[] = [];
  for (let k = snap.events.length - 1; k >= 0 && snap.events[k].index > from; k--)
    if (snap.events[k].index <= to) out.unshift(snap.events[k]);
  const result = out.length > 0 ? out : snap.events.length > 0 ? [snap.events.at(-1)!] : EMPTY;
  diagramEventsCache.set(snap, result);
  return result;
}

/**
 * What the newest Step press did when it sent no command ("Redis restarts with an empty
 * memory."), or null: the diagram then says so, and shows the commands before it as earlier.
 */
export function selectQuietStep(s: SandboxState): string | null {
  const entry = quietStepEntry(s);
  if (!entry) return null;
  let isCacheUp = cacheUpBefore(s, s.cursor - 1);
  const said = entry.actions
    .map((a, k) => {
      const told = describeAction(
        a,
        entry.queued?.includes('actor' in a ? a.actor : '') ?? false,
        isCacheUp,
      );
      isCacheUp = cacheUpAfter(a, isCacheUp);
      const why = entry.idle?.find((d) => d.at === k)?.step;
      return why ? describeIdleStep(why) : withAftermath(told, entry, k);
    })
    .filter((t): t is string => t !== null);
  return said.length > 0 ? shown(joinTold(said)) : 'Nothing moved.';
}

/**
 * What the diagram says of the commands it draws once something was done after the press or
 * line that sent them (Redis restarted or taken down, the clock moved, a request started): they
 * are drawn as before it ("cached: version 1" over a SET a restart since emptied), never as what
 * holds now. Null while they are the newest thing done, after inputs that changed nothing only
 * (`changedNothing`), and after a Step that sent nothing (`selectQuietStep` says that).
 */
export function selectDiagramBeforeInputs(s: SandboxState): string | null {
  if (quietStepEntry(s) !== null) return null;
  const i = lastSendingEntry(s);
  if (i < 0) return null;
  const done = s.timeline.slice(i + 1, appliedCount(s)).filter((e) => !changedNothing(e));
  if (done.length === 0) return null;
  const since = done.every((e) => !isStepEntry(e))
    ? `the ${done.length === 1 ? 'input' : `${done.length} inputs`} since`
    : 'what was done since';
  return `The commands drawn came before ${since} (shown faded): what their labels say of Redis or the database may no longer hold.`;
}

/** The newest Step press restarted Redis (its memory is empty now). */
export const selectIsRestartStep = (s: SandboxState): boolean =>
  quietStepEntry(s)?.actions.some((a) => a.type === 'restartCache') ?? false;
