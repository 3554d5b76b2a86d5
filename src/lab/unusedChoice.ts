import {
  effectiveMitigation,
  PATTERN_INFO,
  PATTERNS,
  settingsInUse,
  type Pattern,
} from '../engine/programs/patterns';
import { READ_MITIGATIONS, type ReadMitigation } from '../engine/programs/catalog';
import type { InvalidationSource } from '../engine/changeFeed';
import type { ChoiceField, LabDraft, NumericField } from './labConfig';

const isPattern = (value: string): value is Pattern =>
  (PATTERNS as readonly string[]).includes(value);

const isMitigation = (value: string): value is ReadMitigation =>
  (READ_MITIGATIONS as readonly string[]).includes(value);

/**
 * Why the write policy or the read mitigation takes no part in a run of these settings, or
 * `undefined` when it does. The run ignores such a setting (`settingsInUse`, the CLI's "write as
 * write-through does, no read mitigation"), so its control says so, as the sandbox greys it out.
 */
export function unusedChoiceNote(
  field: ChoiceField,
  draft: Pick<LabDraft, 'pattern' | 'invalidation'> & Partial<Pick<LabDraft, 'readMitigation'>>,
): string | undefined {
  if (field !== 'writePolicy' && field !== 'readMitigation') return undefined;
  if (!isPattern(draft.pattern)) return undefined;
  const invalidation: InvalidationSource = draft.invalidation === 'cdc' ? 'cdc' : 'app';
  const inUse = settingsInUse(draft.pattern, invalidation);
  if (field === 'writePolicy') {
    if (inUse.writePolicy) return undefined;
    return PATTERN_INFO[draft.pattern].usesPolicies
      ? "Not used under invalidation cdc: the write only UPDATEs, and the change log's consumer deletes the key"
      : `Not used by ${draft.pattern}, which has its own write path`;
  }
  if (!inUse.readMitigation)
    return `Not used by ${draft.pattern}: only cache-aside's read path takes a read mitigation (and, under cdc, the change log's consumer)`;
  // Under cdc another pattern's reads take none, and the consumer sends a plain DEL for this one
  // as for none (the CLI's "no read mitigation").
  const mitigation = draft.readMitigation;
  if (mitigation === undefined || mitigation === 'none' || !isMitigation(mitigation))
    return undefined;
  return effectiveMitigation(draft.pattern, invalidation, mitigation) === 'none'
    ? `Not used by ${draft.pattern}: its reads take no read mitigation, and the change log's consumer sends a plain DEL for ${mitigation} as for none (only lease and versioned-fill change what it sends)`
    : undefined;
}

/**
 * Why a numeric setting takes no part in a run of these settings, or `undefined` when it does
 * (or the lab does not say): double-delete's delay under another write policy, or where no write
 * policy takes part (`unusedSettings` names it so for the CLI and the comparison).
 */
export function unusedNumberNote(
  field: NumericField,
  draft: Pick<LabDraft, 'pattern' | 'invalidation' | 'writePolicy'>,
): string | undefined {
  if (field !== 'doubleDeleteDelayMs') return undefined;
  if (unusedChoiceNote('writePolicy', draft) !== undefined)
    return 'Not used: no write policy takes part in this run (see Write policy)';
  return draft.writePolicy === 'double-delete'
    ? undefined
    : `Not used by write policy ${draft.writePolicy}: only double-delete waits before a second DEL`;
}
