// The marks on the lab's controls that hold refused settings, and what a notice says they keep.
import type { Refusal } from '../schema/fields';
import { checkDraft, type LabDraft } from './labConfig';

/**
 * No refusals, always the same array: every settings field selects `errors`, so a new empty
 * array on each Run would re-render all of them in the click's task.
 */
export const NO_ERRORS: Refusal[] = [];

/**
 * What the controls hold in place of refused settings, which they do not take: until 2026-12-07
 * a link's `ttl=abc` was refused beside a TTL field showing 60, with no word of which was in use.
 */
export function keptText(refusals: readonly Refusal[], draft: LabDraft): string {
  const kept = [...new Set(refusals.map((r) => r.field))].flatMap((field) =>
    field !== null &&
    Object.hasOwn(draft, field) &&
    typeof draft[field as keyof LabDraft] === 'string'
      ? [`${field} ${draft[field as keyof LabDraft] as string}`]
      : [],
  );
  return kept.length ? ` The controls keep what they held: ${kept.join(', ')}.` : '';
}

/** The marks a check that read every control but `unread` leaves: that one's, if any. */
export const marksOf = (errors: Refusal[], unread: string | undefined): Refusal[] =>
  unread === undefined || !errors.some((e) => e.field === unread)
    ? NO_ERRORS
    : errors.filter((e) => e.field === unread);

/**
 * An edit checks a marked control again: its mark stays, saying what is wrong now, until its
 * value is valid (a control not marked is not checked as it is typed in).
 */
export const remarked = (errors: Refusal[], field: string, draft: LabDraft): Refusal[] => {
  if (!errors.some((e) => e.field === field)) return errors;
  const checked = checkDraft(draft);
  const now = checked.ok ? [] : checked.errors.filter((e) => e.field === field);
  const others = errors.filter((e) => e.field !== field);
  return now.length || others.length ? [...others, ...now] : NO_ERRORS;
};
