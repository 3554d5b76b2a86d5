// What the applied timeline entries did, as the diagram and the narration read them: the
// commands each sent, the Step presses and inputs among them, Redis' availability before one.
import type { SandboxState } from './sandboxState';
import { isStepEntry, type TimelineEntry } from './timeline';
import { cacheUpAfter } from '../scenarios/actionNarration';

/** How many timeline entries are applied: the cursor, within the timeline. */
export const appliedCount = (s: SandboxState): number => Math.min(s.cursor, s.timeline.length);

/** Commands sent before entry `i` (the run's base commands before the first entry). */
export const commandsBefore = (s: SandboxState, i: number): number =>
  i === 0 ? s.baseCommands : s.timeline[i - 1].commandsAfter;

/** The newest applied entry that sent a command, or -1. */
export function lastSendingEntry(s: SandboxState): number {
  let i = appliedCount(s) - 1;
  while (i >= 0 && s.timeline[i].commandsAfter <= commandsBefore(s, i)) i--;
  return i;
}

/** The newest Step press when it sent no command (a restart, the clock moved, Redis down). */
export function quietStepEntry(s: SandboxState) {
  const i = s.cursor - 1;
  if (i < 0 || i >= s.timeline.length) return null;
  const entry = s.timeline[i];
  return isStepEntry(entry) && entry.commandsAfter <= commandsBefore(s, i) ? entry : null;
}

/** Whether Redis was up before timeline entry `i`: the availability actions of the entries before it. */
export function cacheUpBefore(s: SandboxState, i: number): boolean | undefined {
  let isCacheUp: boolean | undefined = true;
  for (const entry of s.timeline.slice(0, i))
    for (const a of entry.actions) isCacheUp = cacheUpAfter(a, isCacheUp);
  return isCacheUp;
}

/** The newest applied entry when it is an input (not a Step press), with its index; else null. */
export function latestInput(s: SandboxState): number | null {
  const i = appliedCount(s) - 1;
  return i >= 0 && !isStepEntry(s.timeline[i]) ? i : null;
}

/**
 * A Redis or SQL console line the console refused: it applied no action, so sent nothing, or the
 * SQL console refused it as it ran (a COMMIT, a shell command), so SQLite ran none of it.
 */
export const isRefusedLine = (e: TimelineEntry): boolean =>
  e.kind === 'input' &&
  (e.input.type === 'redis' || e.input.type === 'sql') &&
  (e.actions.length === 0 || (e.output?.console === 'sql' && 'isRefused' in e.output.result));

/**
 * An input that changed nothing: a console line the console refused, or a clock move of 0 ms or
 * Redis brought up while up (taken down while down), as the engine found when it ran it (the
 * entry's `hasChanged`; the narration tells it "so nothing changes"). The diagram does not fade
 * its commands for one, and the narration's mark does not count it: before, both said they came
 * before "the 2 inputs since" after `setCacheAvailable(true)` with Redis up and `advanceClock(0)`.
 */
export const changedNothing = (e: TimelineEntry): boolean =>
  isRefusedLine(e) ||
  (e.kind === 'input' &&
    (e.input.type === 'clock' || e.input.type === 'cache') &&
    e.hasChanged !== true);

/** The newest Step press among the applied entries, or -1. */
export function lastStepIndex(s: SandboxState): number {
  let i = appliedCount(s) - 1;
  while (i >= 0 && !isStepEntry(s.timeline[i])) i--;
  return i;
}
