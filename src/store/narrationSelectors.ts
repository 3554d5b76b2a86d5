// The narration: a scenario's authored text while the run is on its script, else each Step press
// and input told from the engine's events, marked once what it says may no longer hold.
import type { Scenario } from '../scenarios';
import type { SandboxState } from './sandboxState';
import { isStepEntry, stepsAt } from './timeline';
import { describeStep } from '../scenarios/stepNarration';
import { tellInput } from './inputNarration';
import { nextPressMovers } from './nextStep';
import { offScriptChanges, scriptConfigOf, settingChangesFromTo } from './scriptSettings';
import { codeInUse, interventionOf, interventions } from './offScript';
import { shown } from './shown';
import { selectScenario } from './selectors';
import {
  appliedCount,
  cacheUpBefore,
  changedNothing,
  commandsBefore,
  isRefusedLine,
  lastSendingEntry,
  lastStepIndex,
  latestInput,
} from './appliedEntries';
import { selectLastStepEvents } from './diagramSelectors';

/**
 * The narration for the current position of the scenario (its intro before the first beat): the
 * authored text while the run follows the script, else what the engine's events say happened.
 */
export function selectNarration(s: SandboxState): string | null {
  const sc = selectScenario(s);
  if (!sc) return null;
  let i = s.cursor - 1;
  while (i >= 0 && !isStepEntry(s.timeline[i])) i--;
  if (i < 0) return shown(introFor(sc, s));
  // The authored text tells a beat; a step of the learner's own (an actor's Step, a step after
  // the last beat) is told from its events, as is every step once the settings left the script
  // or the learner changed the run before it (a console line, the clock, Redis taken down).
  if (
    s.timeline[i].kind === 'beat' &&
    codeInUse(s.yourPaths).length === 0 &&
    offScriptChanges(sc, scriptConfigOf(sc, s.config, s.isScriptRunAsAuthored)).length === 0 &&
    interventions(s.timeline, i, sc.beats.length).length === 0
  )
    return sc.beats[s.beat - 1]?.narration ?? null;
  return shown(tellStep(s, i));
}

/** The timeline's step entry `i` told from what it did: its actions, then its commands' events. */
function tellStep(s: SandboxState, i: number): string {
  const entry = s.timeline[i];
  const queued = entry.queued ?? [];
  const before = commandsBefore(s, i);
  const counts = entry.commandsAfterActions?.map(
    (after, k) => after - (k === 0 ? before : entry.commandsAfterActions![k - 1]),
  );
  return describeStep(
    entry.actions,
    selectLastStepEvents(s),
    (name) => queued.includes(name),
    cacheUpBefore(s, i),
    counts,
    entry.idle,
    entry,
  );
}

/**
 * What the newest Step press did, told from the engine's events ("Step 2: A sends GET user:123:
 * (nil), a miss. ..."), or null before the first: what free play announces to a screen reader.
 */
export function selectToldStep(s: SandboxState): string | null {
  let i = s.cursor - 1;
  while (i >= 0 && !isStepEntry(s.timeline[i])) i--;
  return i < 0 ? null : shown(`Step ${stepsAt(s.timeline, i + 1)}: ${tellStep(s, i)}`);
}

/**
 * The opening text before the first Step: the scenario's intro while the run is its script; else
 * the intro framed as the script under the scenario's own settings, after what this run changed
 * (each setting from the scenario's value to the run's, code of your own, what was done before
 * the first Step), so the page never presents it as describing this run.
 */
function introFor(sc: Scenario, s: SandboxState): string {
  const changes = [
    ...codeInUse(s.yourPaths),
    ...settingChangesFromTo(sc, scriptConfigOf(sc, s.config, s.isScriptRunAsAuthored)),
    ...interventions(s.timeline, s.cursor, sc.beats.length),
  ];
  if (changes.length === 0) return sc.intro;
  return `This run is not the scenario's script (${changes.join('; ')}), so each step will be told from what the engine does. The script, written for the scenario's own settings, opens: “${sc.intro}”`;
}

/**
 * The newest entry told when it is an input (not a Step press), from what the engine did with it
 * and the state it left ("Redis restarts with an empty memory: it lost the 3 cached copies it held."),
 * else null.
 */
export function selectToldInput(s: SandboxState): string | null {
  const i = latestInput(s);
  if (i === null || !s.snapshot) return null;
  const told = tellInput(s.timeline[i], {
    snapshot: s.snapshot,
    config: s.config,
    yourPaths: s.yourPaths,
    wasCacheUp: cacheUpBefore(s, i),
    nextPress: nextPressMovers(s.timeline, s.cursor, selectScenario(s)),
  });
  return shown(told);
}

/**
 * What was done since the newest Step press, told for a scenario's "Since then:": the newest
 * input told from the engine (`selectToldInput`), after the earlier inputs since that press that
 * changed anything, named by what they were ("UPDATE users … in the SQL console"). Only the newest
 * is told against the state it left, since the snapshot shown is the one after it.
 */
export function selectToldSinceStep(s: SandboxState): string | null {
  const told = selectToldInput(s);
  const i = latestInput(s);
  if (told === null || i === null) return told;
  let first = i;
  while (first > 0 && !isStepEntry(s.timeline[first - 1])) first--;
  const earlier = s.timeline
    .slice(first, i)
    .map(interventionOf)
    .filter((said): said is string => said !== null);
  return earlier.length === 0 ? told : `first ${earlier.join(', then ')}; then: ${told}`;
}

/**
 * The newest thing done, Step press or input, told from the engine (null before anything):
 * free play's live line.
 */
export const selectToldLatest = (s: SandboxState): string | null =>
  selectToldInput(s) ?? selectToldStep(s);

/**
 * How something told from entry `k` is marked once entries came after it ("Told before the 2
 * inputs since (what it says may no longer hold):"), so it is never read as what holds now; null
 * when `k` is the newest applied entry. Inputs that changed nothing (`changedNothing`) are not
 * counted among the inputs, as the diagram does not fade for them: when only those came after,
 * the mark says so, and that what was told still holds.
 */
function toldBeforeMark(s: SandboxState, k: number): string | null {
  const after = s.timeline.slice(k + 1, appliedCount(s));
  if (after.length === 0) return null;
  const done = after.filter((e) => !changedNothing(e));
  if (done.length === 0) {
    if (after.every(isRefusedLine)) {
      const lines = after.length === 1 ? 'console line' : `${after.length} console lines`;
      return `Told before the ${lines} since, which the console refused (nothing was sent, so it still holds):`;
    }
    const inputs = after.length === 1 ? 'input' : `${after.length} inputs`;
    return `Told before the ${inputs} since, which changed nothing (so it still holds):`;
  }
  const since = done.every((e) => !isStepEntry(e))
    ? `the ${done.length === 1 ? 'input' : `${done.length} inputs`} since`
    : 'what was done since';
  return `Told before ${since} (what it says may no longer hold):`;
}

/**
 * How the last Step press's text is marked once inputs came after it, so it is never read as
 * what holds now; null when the newest entry is a Step, or no Step was pressed yet.
 */
export function selectToldBeforeMark(s: SandboxState): string | null {
  const i = lastStepIndex(s);
  return i < 0 ? null : toldBeforeMark(s, i);
}

/** Free play's last Step press told as it was, after its mark, when inputs came after it. */
export function selectToldBefore(s: SandboxState): string | null {
  const mark = selectToldBeforeMark(s);
  const told = mark === null ? null : selectToldStep(s);
  return told === null ? null : `${mark} ${told}`;
}

/**
 * What the application made of the newest reply it could not use (a corrupt entry, a failure),
 * marked as told before what was done since when the newest entry did not send that command (a
 * restart, a clock jump, a request started after the Step that failed).
 */
export function selectLatestNote(s: SandboxState): string | undefined {
  const raw = s.snapshot?.events.at(-1)?.note;
  if (raw === undefined) return undefined;
  const note = shown(raw);
  // The entry that sent the newest command: the newest one that sent any.
  const mark = toldBeforeMark(s, lastSendingEntry(s));
  return mark === null ? note : `${mark} ${note}`;
}
