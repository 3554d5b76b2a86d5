import {
  OURS,
  PATTERN_INFO,
  PATTERNS,
  settingPart,
  UNBOUNDED_EVICTION_UNUSED,
  type Pattern,
  type YourPaths,
} from '../engine/programs/patterns';
import { READ_MITIGATIONS, type ReadMitigation } from '../engine/programs/catalog';
import type { InvalidationSource } from '../engine/changeFeed';
import type { ChoiceField, LabDraft, NumericField } from './labConfig';
import { runsLearnerPrograms } from './labPrograms';
import { numberFromText } from '../schema/fields';
import { WORKLOAD_NUMBERS } from '../schema/workload';

/** The lognormal model's own settings: the constant model draws every latency at its median. */
const LOGNORMAL_ONLY: readonly NumericField[] = ['latencyTail', 'stallChance', 'stallMs'];
/** The change log consumer's settings: only invalidation cdc has a consumer. */
const CDC_ONLY: readonly NumericField[] = ['cdcDelayMs', 'cdcReorder', 'cdcLoss'];

const UNUSED_BY_CONSTANT = 'Not used by latency model constant: every operation takes its median';
// Short: the group's legend already says these are invalidation cdc's.
const UNUSED_BY_APP = 'Not used under invalidation app';

const maxKeysNumber = numberFromText(WORKLOAD_NUMBERS.maxKeys);

/**
 * Whether Max keys, as typed, is 0 (an unbounded cache): a value a run would refuse is no 0, so
 * the eviction policy's note does not guess.
 */
const isUnbounded = (maxKeys: string | undefined): boolean => {
  if (maxKeys === undefined) return false;
  const read = maxKeysNumber.safeParse(maxKeys);
  return read.success && read.data === 0;
};

const isPattern = (value: string): value is Pattern =>
  (PATTERNS as readonly string[]).includes(value);

const isMitigation = (value: string): value is ReadMitigation =>
  (READ_MITIGATIONS as readonly string[]).includes(value);

/** Why a setting our `path` acts on is not used while the learner's runs in its place. */
const whileYoursRuns = (path: 'read' | 'write'): string =>
  `Not used while your ${path} path runs: it runs in place of ours and sends what your code sends (Reset to ours, in the sandbox's code panel, brings ours back)`;

/**
 * Why the write policy, the read mitigation or the eviction policy (with Max keys 0) takes no part
 * in a run of these settings, or `undefined` when it does. The run ignores such a setting (`settingPart`, as the CLI's "write
 * as write-through does, no read mitigation" and the sandbox's greyed controls do), so its
 * control says so. `learnerPaths`: the learner's paths running in the sandbox, which a
 * cache-aside run runs in place of ours (`runsLearnerPrograms`).
 */
export function unusedChoiceNote(
  field: ChoiceField,
  draft: Pick<LabDraft, 'pattern' | 'invalidation'> &
    Partial<Pick<LabDraft, 'readMitigation' | 'maxKeys'>>,
  learnerPaths: YourPaths = OURS,
): string | undefined {
  // As `unusedSettings` has it for the CLI and the comparison: no key limit, nothing to evict.
  if (field === 'eviction')
    return isUnbounded(draft.maxKeys) ? UNBOUNDED_EVICTION_UNUSED : undefined;
  if (field !== 'writePolicy' && field !== 'readMitigation') return undefined;
  if (!isPattern(draft.pattern)) return undefined;
  const pattern = draft.pattern;
  const invalidation: InvalidationSource = draft.invalidation === 'cdc' ? 'cdc' : 'app';
  const yours = runsLearnerPrograms(pattern) ? learnerPaths : OURS;
  const mitigation =
    draft.readMitigation !== undefined && isMitigation(draft.readMitigation)
      ? draft.readMitigation
      : 'none';
  const part = settingPart(field, { pattern, invalidation, readMitigation: mitigation }, yours);
  if (part === 'used') return undefined;
  if (field === 'writePolicy') {
    if (yours.write) return whileYoursRuns('write');
    return PATTERN_INFO[pattern].usesPolicies
      ? "Not used under invalidation cdc: the write only UPDATEs, and the change log's consumer deletes the key"
      : `Not used by ${pattern}, which has its own write path`;
  }
  if (part === 'off')
    return yours.read
      ? whileYoursRuns('read')
      : `Not used by ${pattern}: only cache-aside's read path takes a read mitigation (and, under cdc, the change log's consumer)`;
  // Idle: under cdc the reads take none, and the consumer sends a plain DEL for this one as for
  // none (the CLI's "no read mitigation").
  const who = yours.read
    ? 'Not used while your read path runs: it takes'
    : `Not used by ${pattern}: its reads take`;
  return `${who} no read mitigation, and the change log's consumer sends a plain DEL for ${mitigation} as for none (only lease and versioned-fill change what it sends)`;
}

/**
 * Why a numeric setting takes no part in a run of these settings, or `undefined` when it does:
 * double-delete's delay under another write policy, or where no write policy takes part; the
 * lognormal tail and stalls under the constant model; the change log's settings without cdc
 * (`unusedSettings` names each so for the CLI and the comparison). The learner's
 * own write path gets it as `ctx.doubleDeleteDelayMs`, whatever the policy.
 */
export function unusedNumberNote(
  field: NumericField,
  draft: Pick<LabDraft, 'pattern' | 'invalidation' | 'writePolicy'> &
    Partial<Pick<LabDraft, 'latencyModel'>>,
  learnerPaths: YourPaths = OURS,
): string | undefined {
  // As `unusedSettings` has it: the tail and the stalls are the lognormal model's, the change
  // log's lag and chances the cdc consumer's.
  if (LOGNORMAL_ONLY.includes(field))
    return draft.latencyModel === 'constant' ? UNUSED_BY_CONSTANT : undefined;
  if (CDC_ONLY.includes(field)) return draft.invalidation !== 'cdc' ? UNUSED_BY_APP : undefined;
  if (field !== 'doubleDeleteDelayMs') return undefined;
  if (learnerPaths.write && runsLearnerPrograms(draft.pattern)) return undefined;
  if (unusedChoiceNote('writePolicy', draft) !== undefined)
    return 'Not used: no write policy takes part in this run (see Write policy)';
  return draft.writePolicy === 'double-delete'
    ? undefined
    : `Not used by write policy ${draft.writePolicy}: only double-delete waits before a second DEL`;
}
