import { OURS, type YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';
import { formatNumber, isDecimalText, withoutSeparators } from '../schema/fields';
import { programsWords } from './configDifference';
import { CHOICES, FIELD_GROUPS, describeFault, type ChoiceField, type LabDraft } from './labConfig';
import { LEARNER_RUN_MAX_REQUESTS, runsLearnerPrograms } from './labPrograms';

/** A numeric field's value as the mark names it: "TTL 60 s". */
const SPECS = FIELD_GROUPS.flatMap((g) => g.fields);
const faultsText = (faults: WorkloadConfig['faults']): string =>
  faults.length ? faults.map(describeFault).join(', ') : 'none';

/** What a run had and the fields now say instead, each named; the programs each would run. */
interface Difference {
  was: string[];
  now: string[];
  ranPrograms: string;
  nowPrograms: string;
}

type Ran = { config: WorkloadConfig; yours?: YourPaths };

/**
 * A field's text as the number a run reads from it ("1,000" as 1000, as the fields take it), or
 * NaN for text a run refuses ("0x10", which `Number` alone reads as 16).
 */
function typedNumber(typed: string): number {
  const text = withoutSeparators(typed);
  return isDecimalText(text) ? Number(text) : Number.NaN;
}

/**
 * The settings a run had that the fields no longer say (a number is the same when it reads as
 * the same number, "60.0" as 60), and the programs it ran (ours, the learner's) against those a
 * run would run now (`learnerPaths`, under a pattern that runs them); null when all agree.
 * `leaveOut` names a setting the results do not take from its field (a sweep's TTL).
 */
function differences(
  run: Ran,
  draft: LabDraft,
  learnerPaths: YourPaths,
  leaveOut?: keyof LabDraft,
): Difference | null {
  const was: string[] = [];
  const now: string[] = [];
  for (const spec of SPECS) {
    if (spec.field === leaveOut) continue;
    const value = run.config[spec.field];
    const typed = draft[spec.field].trim();
    if (typed !== '' && typedNumber(typed) === value) continue;
    const unit = spec.unit ? ` ${spec.unit}` : '';
    was.push(`${spec.label} ${formatNumber(value)}${unit}`);
    now.push(typed === '' ? `${spec.label} empty` : `${spec.label} ${typed}${unit}`);
  }
  for (const field of Object.keys(CHOICES) as ChoiceField[]) {
    if (draft[field] === run.config[field]) continue;
    was.push(`${CHOICES[field].label} ${run.config[field]}`);
    now.push(`${CHOICES[field].label} ${draft[field]}`);
  }
  if (JSON.stringify(draft.faults) !== JSON.stringify(run.config.faults)) {
    was.push(`faults: ${faultsText(run.config.faults)}`);
    now.push(`faults: ${faultsText(draft.faults)}`);
  }
  const ranPrograms = programsWords(run.yours);
  const nowPrograms = programsWords(runsLearnerPrograms(draft.pattern) ? learnerPaths : OURS);
  if (!was.length && ranPrograms === nowPrograms) return null;
  return { was, now, ranPrograms, nowPrograms };
}

/** "…; the fields now say …." and, when they differ, whose programs ran and would run. */
function differenceText(d: Difference, what: string, who: string): string {
  const settings = d.was.length
    ? `${what} ${d.was.join(', ')}; the fields now say ${d.now.join(', ')}.`
    : `${what} the settings the fields now say.`;
  const programs =
    d.ranPrograms === d.nowPrograms
      ? ''
      : ` ${who} ran ${d.ranPrograms === 'ours' ? 'our programs' : d.ranPrograms}; a run now would run ${d.nowPrograms === 'ours' ? 'ours' : d.nowPrograms}.`;
  return `${settings}${programs}`;
}

/**
 * What the results on screen were run with that the controls no longer say, or null when they
 * say the same. The results stay on screen, so they are marked with what differs instead of
 * passing for the fields' own.
 */
export function resultsDifferText(
  run: Ran,
  draft: LabDraft,
  learnerPaths: YourPaths,
): string | null {
  const d = differences(run, draft, learnerPaths);
  return (
    d &&
    `${differenceText(d, 'Results of', 'They')} Run to see results for what the fields say now.`
  );
}

/**
 * The same for a TTL sweep, whose runs took every setting from the fields but the TTL (the
 * sweep's own list replaces it, so the TTL field is not compared).
 */
export function sweepDifferText(
  sweep: Ran,
  draft: LabDraft,
  learnerPaths: YourPaths,
): string | null {
  const d = differences(sweep, draft, learnerPaths, 'ttl');
  return (
    d && `${differenceText(d, 'Sweep of', 'Its runs')} Run sweep to sweep what the fields say now.`
  );
}

/**
 * The same for the comparison: null while some configuration ran what the fields say, else what
 * the fields' pattern's first configuration (or the baseline) ran that they no longer say. Each
 * row names only how it differs from the baseline, so without this a comparison read as one of
 * the fields' settings once they changed.
 */
export function comparisonDifferText(
  runs: readonly (Ran & { name: string })[],
  draft: LabDraft,
  learnerPaths: YourPaths,
): string | null {
  if (!runs.length) return null;
  // A row that ran the learner's programs keeps the requests it ran, capped: while they would
  // run now, more asked for would run as many.
  const asked = typedNumber(draft.requests.trim());
  const isCappedNow =
    runsLearnerPrograms(draft.pattern) && (learnerPaths.read || learnerPaths.write);
  const compared = runs.map((r) =>
    isCappedNow &&
    r.yours &&
    r.config.requests === LEARNER_RUN_MAX_REQUESTS &&
    asked > LEARNER_RUN_MAX_REQUESTS
      ? { ...r, config: { ...r.config, requests: asked } }
      : r,
  );
  if (compared.some((r) => differences(r, draft, learnerPaths) === null)) return null;
  const near = compared.find((r) => r.config.pattern === draft.pattern) ?? compared[0];
  const d = differences(near, draft, learnerPaths);
  return (
    d &&
    `No configuration compared ran what the fields say now: ${differenceText(d, `${near.name} ran`, near.name)} Add current settings to comparison to run them.`
  );
}
