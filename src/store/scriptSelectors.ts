// Where the run stands against its scenario's script: what it changed from it, what the
// scenario promises for it, its beats played and past, and when its verdict was judged.
import type { SandboxState } from './sandboxState';
import { scriptEndAt, startsRequest } from './timeline';
import { offScriptChanges, promisedOutcome, scriptConfigOf } from './scriptSettings';
import {
  changesPastBeats,
  changesSinceBeat,
  codeInUse,
  interventions,
  listInterventions,
} from './offScript';
import { shown } from './shown';
import { counted } from '../schema/fields';
import { EMPTY, selectScenario, selectStepCount } from './selectors';

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
