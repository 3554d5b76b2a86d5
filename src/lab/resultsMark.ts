import { OURS, type YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';
import { formatNumber, isDecimalText, withoutSeparators } from '../schema/fields';
import { programsWords } from './configDifference';
import { CHOICES, FIELD_GROUPS, describeFault, type ChoiceField, type LabDraft } from './labConfig';
import { runsLearnerPrograms } from './labPrograms';

/** A numeric field's value as the mark names it: "TTL 60 s". */
const SPECS = FIELD_GROUPS.flatMap((g) => g.fields);
const faultsText = (faults: WorkloadConfig['faults']): string =>
  faults.length ? faults.map(describeFault).join(', ') : 'none';

/**
 * A field's text as the number a run reads from it ("1,000" as 1000, as the fields take it), or
 * NaN for text a run refuses ("0x10", which `Number` alone reads as 16).
 */
function typedNumber(typed: string): number {
  const text = withoutSeparators(typed);
  return isDecimalText(text) ? Number(text) : Number.NaN;
}

/**
 * What the results on screen were run with that the controls no longer say, or null when they
 * say the same: the run's settings against the fields as typed now (a number is the same when it
 * reads as the same number, "60.0" as 60), and the programs it ran (ours, the learner's) against
 * those a run would run now (`learnerPaths`, under a pattern that runs them). The results stay on
 * screen, so they are marked with what differs instead of passing for the fields' own.
 */
export function resultsDifferText(
  run: { config: WorkloadConfig; yours?: YourPaths },
  draft: LabDraft,
  learnerPaths: YourPaths,
): string | null {
  const was: string[] = [];
  const now: string[] = [];
  for (const spec of SPECS) {
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
  const programs =
    ranPrograms === nowPrograms
      ? ''
      : ` They ran ${ranPrograms === 'ours' ? 'our programs' : ranPrograms}; a run now would run ${nowPrograms === 'ours' ? 'ours' : nowPrograms}.`;
  if (!was.length && !programs) return null;
  const settings = was.length
    ? `Results of ${was.join(', ')}; the fields now say ${now.join(', ')}.`
    : 'Results of the settings the fields now say.';
  return `${settings}${programs} Run to see results for what the fields say now.`;
}
