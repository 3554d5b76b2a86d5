import type { UserRow } from '../engine/database';
import type { CacheEntry, SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import { findScenario, type Scenario } from '../scenarios';
import type { SandboxState } from './sandboxState';
import { isStepEntry, scriptEndAt, startsRequest, stepsAt, type TimelineEntry } from './timeline';
import {
  cacheUpAfter,
  describeAction,
  describeIdleStep,
  withAftermath,
} from '../scenarios/actionNarration';
import { describeStep, joinTold } from '../scenarios/stepNarration';
import { tellInput } from './inputNarration';
import { nextPressMovers } from './nextStep';
import {
  offScriptChanges,
  promisedOutcome,
  scriptConfigOf,
  settingChangesFromTo,
} from './scriptSettings';
import {
  changesPastBeats,
  changesSinceBeat,
  codeInUse,
  interventionOf,
  interventions,
  listInterventions,
} from './offScript';
import { shown, shownKey, shownSnapshot } from './shown';
import { counted } from '../schema/fields';

// Module-level selectors returning primitives or references the store already holds, so
// components subscribed through them re-render only when that slice changes.
const EMPTY: never[] = [];

/** The snapshot as the panels show it (its keys, replies and errors {@link shownSnapshot}). */
export const selectSnapshot = (s: SandboxState): SimSnapshot | null =>
  s.snapshot && shownSnapshot(s.snapshot);
export const selectYourPaths = (s: SandboxState) => s.yourPaths;
export const selectStats = (s: SandboxState) => s.snapshot?.stats ?? null;
export const selectClockMs = (s: SandboxState) => s.snapshot?.clockMs ?? 0;
export const selectActors = (s: SandboxState) => s.snapshot?.actors ?? EMPTY;
export const selectCache = (s: SandboxState) => selectSnapshot(s)?.cache ?? EMPTY;
export const selectDbRows = (s: SandboxState) => s.snapshot?.db ?? EMPTY;
/** How many rows the users table holds (null: not known, or the table cannot be read). */
export const selectDbRowCount = (s: SandboxState) => s.snapshot?.dbRowCount ?? null;
/** Rows of users whose id is past ±(2^53 - 1), which the database panel cannot show. */
export const selectDbRowsPastSafeIds = (s: SandboxState) => s.snapshot?.dbRowsPastSafeIds ?? 0;
/** How many rows the run has read, written or cached, deleted ones included. */
export const selectRowsTouched = (s: SandboxState) => s.snapshot?.rowsTouched ?? 0;
export const selectSchemaProblems = (s: SandboxState) => selectSnapshot(s)?.schemaProblems ?? EMPTY;
/** The newest request the database failed (a broken schema), or null. */
export const selectLastFailedRequest = (s: SandboxState) => {
  const results = selectSnapshot(s)?.results ?? EMPTY;
  for (let i = results.length - 1; i >= 0; i--)
    if (results[i].error !== undefined) return results[i];
  return null;
};
export const selectChangedCells = (s: SandboxState) => s.changedCells;
/** Whether the write-behind flusher has a job running (it exists only once a write queued one). */
export const selectIsFlusherRunning = (s: SandboxState): boolean =>
  s.snapshot?.actors.some((a) => a.name === 'flusher' && a.task !== null) ?? false;
export const selectIsCacheUp = (s: SandboxState) => s.snapshot?.isCacheUp ?? true;
/** The run's caching pattern. */
export const selectPattern = (s: SandboxState) => s.config.pattern;
/** Step presses applied (scenario beats, or steps in free play): the one meaning of "step". */
export const selectStepCount = (s: SandboxState) => stepsAt(s.timeline, s.cursor);
/** Engine commands sent so far (program steps and console commands). */
export const selectCommandCount = (s: SandboxState) => s.snapshot?.commands ?? 0;
export const selectConfig = (s: SandboxState) => s.config;
export const selectScenario = (s: SandboxState): Scenario | undefined =>
  s.scenarioId === null ? undefined : findScenario(s.scenarioId);
/** The newest step, if any. */
export const selectLastEvent = (s: SandboxState): StepEvent | null =>
  selectSnapshot(s)?.events.at(-1) ?? null;
/**
 * The scrubber's end: the steps on record (Step redoes those Back stepped over), then one press
 * for each of a scenario's beats not among them. An actor's own Step is a press that plays no
 * beat, so the last beat's press comes one later ("Step 3 of 6" in a scenario of five beats).
 */
export function selectMaxStep(s: SandboxState): number {
  const recorded = stepsAt(s.timeline, s.timeline.length);
  const sc = selectScenario(s);
  if (!sc) return recorded;
  const beatsRecorded = s.timeline.filter((e) => e.kind === 'beat').length;
  return recorded + Math.max(0, sc.beats.length - beatsRecorded);
}
export const selectCanBack = (s: SandboxState): boolean => s.cursor > 0;

const evictedCache = new WeakMap<SimSnapshot, EvictedKey[]>();

/** A key Redis evicted to make room, and when (virtual ms). */
export interface EvictedKey {
  key: string;
  timeMs: number;
}

/** Keys evicted so far, newest last (memoised per snapshot: a stable reference). */
export function selectEvictedKeys(s: SandboxState): EvictedKey[] {
  const snap = s.snapshot;
  if (!snap) return EMPTY;
  let out = evictedCache.get(snap);
  if (!out) {
    out = snap.redisLog
      .filter((e) => e.isEviction === true)
      .map((e) => ({ key: shownKey(String(e.argv[1])), timeMs: e.timeMs }));
    evictedCache.set(snap, out);
  }
  return out;
}

export const selectMaxKeys = (s: SandboxState) => s.config.maxKeys;

/**
 * Said before a scenario's summary once the run left the script: the summary tells the authored
 * run (stale-set's "the old row is cached until its TTL", which a lease prevents), as the speaker
 * notes are prefaced. The picker, the handout and the storyboard say it alike.
 */
export const AUTHORED_SUMMARY = "As authored, under the scenario's own settings: ";

/**
 * How the run left the scenario's script: the settings changed from its own ("Read mitigation:
 * lease"), then what the learner did between its beats ("DEL user:123 in the Redis console");
 * empty while the run is on the script.
 */
export function selectOffScriptChanges(s: SandboxState): string[] {
  const sc = selectScenario(s);
  if (!sc) return EMPTY;
  const changes = [
    ...codeInUse(s.yourPaths),
    ...offScriptChanges(sc, scriptConfigOf(sc, s.config, s.isScriptRunAsAuthored)),
    ...interventions(s.timeline, s.cursor, sc.beats.length),
  ].map(shown);
  const key = changes.join('|');
  // A stable reference while the changes stay the same (zustand compares by reference).
  if (key !== lastChanges.key) {
    lastChanges.key = key;
    lastChanges.value = changes.length ? changes : EMPTY;
  }
  return lastChanges.value;
}
const lastChanges: { key: string; value: string[] } = { key: '', value: [] };

/**
 * Why the speaker notes shown may not describe this run, said above them; null while the run is
 * at their beat (or the intro) on the scenario's script. The notes are a beat's (`s.beat`), so
 * past the last beat (Steps of one's own, a console line) they are the last beat's: marked too.
 */
export function selectNotesCaveat(s: SandboxState): string | null {
  if (selectOffScriptChanges(s).length > 0)
    return 'Written for the scenario as authored; this run left it, so check them against the narration.';
  const since = changesSinceBeat(s.timeline, s.cursor);
  if (since.length === 0) return null;
  return shown(
    `Written for step ${s.beat} as authored; the run has gone on since (${listInterventions(since)}), so check them against the narration.`,
  );
}

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

/** How many timeline entries are applied: the cursor, within the timeline. */
const appliedCount = (s: SandboxState): number => Math.min(s.cursor, s.timeline.length);

/** Commands sent before entry `i` (the run's base commands before the first entry). */
const commandsBefore = (s: SandboxState, i: number): number =>
  i === 0 ? s.baseCommands : s.timeline[i - 1].commandsAfter;

/** The newest applied entry that sent a command, or -1. */
function lastSendingEntry(s: SandboxState): number {
  let i = appliedCount(s) - 1;
  while (i >= 0 && s.timeline[i].commandsAfter <= commandsBefore(s, i)) i--;
  return i;
}

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

/** The newest Step press when it sent no command (a restart, the clock moved, Redis down). */
function quietStepEntry(s: SandboxState) {
  const i = s.cursor - 1;
  if (i < 0 || i >= s.timeline.length) return null;
  const entry = s.timeline[i];
  return isStepEntry(entry) && entry.commandsAfter <= commandsBefore(s, i) ? entry : null;
}

/** Whether Redis was up before timeline entry `i`: the availability actions of the entries before it. */
function cacheUpBefore(s: SandboxState, i: number): boolean | undefined {
  let isCacheUp: boolean | undefined = true;
  for (const entry of s.timeline.slice(0, i))
    for (const a of entry.actions) isCacheUp = cacheUpAfter(a, isCacheUp);
  return isCacheUp;
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
 * What the scenario promises for the settings shown (its own outcome, an invited variant's, or
 * that it promises nothing for them), as the Expected line says it before the end.
 */
export function selectExpectedOutcome(s: SandboxState): string | null {
  const sc = selectScenario(s);
  return sc
    ? shown(
        promisedOutcome(
          sc,
          scriptConfigOf(sc, s.config, s.isScriptRunAsAuthored),
          interventions(s.timeline, s.cursor, sc.beats.length),
          s.yourPaths,
        ).description,
      )
    : null;
}

/** What the outcome banner says of the scenario's promise, once its last beat ran (else null). */
export const selectOutcomeDescription = (s: SandboxState): string | null =>
  s.outcome === null ? null : shown(s.outcome.description);

/** Step presses that were not a scenario's beats (an actor's own Step, steps after its end). */
export const selectOwnSteps = (s: SandboxState): number =>
  s.scenarioId === null ? 0 : selectStepCount(s) - s.beat;

/**
 * Steps of the learner's own taken after the scenario's last beat: the only ones "past its beats"
 * (an actor's own Step between two beats is not).
 */
export function selectStepsPastBeats(s: SandboxState): number {
  const sc = selectScenario(s);
  if (!sc) return 0;
  let beats = 0;
  let past = 0;
  for (let i = 0; i < s.cursor && i < s.timeline.length; i++) {
    const kind = s.timeline[i].kind;
    if (kind === 'beat') beats++;
    else if (kind === 'step' && beats >= sc.beats.length) past++;
  }
  return past;
}

/** Steps of the learner's own taken before the scenario's last beat (an actor's own Step). */
export const selectStepsBetweenBeats = (s: SandboxState): number =>
  selectOwnSteps(s) - selectStepsPastBeats(s);

/** The first screen: free play with nothing done yet (it offers the course). */
export const selectIsFirstScreen = (s: SandboxState): boolean =>
  s.scenarioId === null && s.cursor === 0;

/** A scenario is open and its last beat has been played. */
export function selectIsScenarioOver(s: SandboxState): boolean {
  const sc = selectScenario(s);
  return sc !== undefined && s.beat >= sc.beats.length;
}

/** Something was done after a scenario's last beat: free play, or what finished its requests (see `judgedAt`). */
export function selectIsPastScenario(s: SandboxState): boolean {
  if (!selectIsScenarioOver(s)) return false;
  let last = s.cursor - 1;
  while (last >= 0 && s.timeline[last].kind !== 'beat') last--;
  return last < s.cursor - 1;
}

/**
 * What changed Redis, the database or the clock after a scenario's last beat (a console line,
 * a restart, the clock moved), each once, in order: not steps of the run, so the verdict, judged
 * on what the run did, is not theirs to change.
 */
export const selectChangesPastBeats = (s: SandboxState): string[] => {
  const sc = selectScenario(s);
  return sc ? changesPastBeats(s.timeline, s.cursor, sc.beats.length).map(shown) : [];
};

/**
 * When the verdict was judged, for the banner after the last beat: at the end of the script (its
 * last beat, with the steps that finished its requests), what was done after it being free play
 * it does not judge; and apart from what changed the stores since (null: nothing was done after
 * the last beat).
 */
export function selectVerdictTiming(s: SandboxState): string | null {
  if (!selectIsPastScenario(s)) return null;
  const judgedAt = s.judgedAt ?? s.cursor;
  const end = scriptEndAt(s.timeline, selectScenario(s)!.beats.length) ?? judgedAt;
  const finishing = s.timeline.slice(end, judgedAt).filter((e) => e.kind === 'step').length;
  const atEnd = `Judged at the end of the script${finishing > 0 ? ` (with the ${counted(finishing, 'step')} after its last beat that finished its requests)` : ''}`;
  const freePlay = s.timeline
    .slice(judgedAt, s.cursor)
    .some((e) => e.kind === 'step' || startsRequest(e));
  const changes = selectChangesPastBeats(s);
  if (changes.length === 0)
    return freePlay || finishing > 0
      ? `${atEnd}${freePlay ? ': the reads, writes and steps after it are free play, and it does not judge them' : ''}.`
      : null;
  return shown(
    `${freePlay || finishing > 0 ? `${atEnd}, on what the run did (its counters and log)` : 'Judged on what the run did (its counters and log)'}: ${listInterventions(changes)} after its last beat changed what the stores hold, not what happened.`,
  );
}

/** Who a plain Step moves next, as the engine's scheduler decides. */
export const selectNextActor = (s: SandboxState) => s.snapshot?.nextActor ?? null;

/** A row the run has in play beside its copy in Redis: what presenter mode compares. */
export interface CachedRowPair {
  key: string;
  row: UserRow;
  /** The key's entry in Redis; undefined while it is not cached. */
  entry: CacheEntry | undefined;
}

/** The rows compared, and how many rows are in play (some may not fit). */
export interface ComparedRows {
  pairs: CachedRowPair[];
  inPlay: number;
}

/** Rows a presenter's screen compares at most. */
export const MAX_COMPARED_ROWS = 2;
/** Commands looked back through for the newest rows touched (a long run keeps many). */
const COMPARE_LOOKBACK = 1000;
const NO_ROWS: ComparedRows = { pairs: [], inPlay: 0 };
const comparedCache = new WeakMap<SimSnapshot, ComparedRows>();

/**
 * The rows the run is about (the ones its newest commands touched, at most
 * {@link MAX_COMPARED_ROWS}), each with its cached copy, in the database panel's order.
 * Memoised per snapshot: a stable reference.
 */
export function selectComparedRows(s: SandboxState): ComparedRows {
  const snap = selectSnapshot(s);
  if (!snap || snap.db.length === 0) return NO_ROWS;
  const cached = comparedCache.get(snap);
  if (cached) return cached;
  const inPlay = new Set(snap.db.map((r) => r.id));
  const chosen = new Set<number>();
  const stop = Math.max(0, snap.events.length - COMPARE_LOOKBACK);
  for (let k = snap.events.length - 1; k >= stop && chosen.size < MAX_COMPARED_ROWS; k--) {
    const { key, otherChangedKeys = [] } = snap.events[k];
    // A console RENAME or COPY: its destination first, the key it changed last.
    for (const named of [...otherChangedKeys].reverse().concat(key)) {
      const id = /^user:(\d+)$/.exec(named)?.[1];
      if (id !== undefined && inPlay.has(Number(id)) && chosen.size < MAX_COMPARED_ROWS)
        chosen.add(Number(id));
    }
  }
  // Rows in play no command named (a console's statement): the first ones fill the rest.
  for (const r of snap.db) {
    if (chosen.size >= MAX_COMPARED_ROWS) break;
    chosen.add(r.id);
  }
  const pairs = snap.db
    .filter((r) => chosen.has(r.id))
    .map((row) => {
      const key = `user:${row.id}`;
      return { key, row, entry: snap.cache.find((e) => e.key === key) };
    });
  const out = { pairs, inPlay: snap.db.length };
  comparedCache.set(snap, out);
  return out;
}

/** The newest applied entry when it is an input (not a Step press), with its index; else null. */
function latestInput(s: SandboxState): number | null {
  const i = appliedCount(s) - 1;
  return i >= 0 && !isStepEntry(s.timeline[i]) ? i : null;
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
 * A Redis or SQL console line the console refused: it applied no action, so sent nothing, or the
 * SQL console refused it as it ran (a COMMIT, a shell command), so SQLite ran none of it.
 */
const isRefusedLine = (e: TimelineEntry): boolean =>
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
const changedNothing = (e: TimelineEntry): boolean =>
  isRefusedLine(e) ||
  (e.kind === 'input' &&
    (e.input.type === 'clock' || e.input.type === 'cache') &&
    e.hasChanged !== true);

/** The newest Step press among the applied entries, or -1. */
function lastStepIndex(s: SandboxState): number {
  let i = appliedCount(s) - 1;
  while (i >= 0 && !isStepEntry(s.timeline[i])) i--;
  return i;
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
