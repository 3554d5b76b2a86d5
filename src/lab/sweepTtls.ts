import { z } from 'zod';
import { formatNumber, inSteps, numberFromText, numberRange, quoted } from '../schema/fields';
import { TTL_STEP_SECONDS, WORKLOAD_NUMBERS } from '../schema/workload';

export const MAX_SWEEP_POINTS = 12;

/** One TTL of a sweep: a TTL the workload accepts, above 0 (no expiry is not a point on the curve). */
const SWEEP_TTL_RANGE = `must be a number above 0 and at most ${formatNumber(numberRange(WORKLOAD_NUMBERS.ttl).max)} s, in steps of ${formatNumber(TTL_STEP_SECONDS)}`;
const sweepTtl = numberFromText(
  inSteps(
    z
      .number({ error: () => SWEEP_TTL_RANGE })
      .gt(0, { error: () => SWEEP_TTL_RANGE })
      .max(numberRange(WORKLOAD_NUMBERS.ttl).max, { error: () => SWEEP_TTL_RANGE }),
    TTL_STEP_SECONDS,
    () => SWEEP_TTL_RANGE,
  ),
);

/** The TTLs of a sweep: 2 to `MAX_SWEEP_POINTS` different ones, in order. */
const sweepSchema = z
  .array(sweepTtl)
  // A long list is refused before its TTLs are sorted, in the words of the limit the hint gives.
  .max(256, {
    error: (issue) =>
      `a sweep needs 2 to ${MAX_SWEEP_POINTS} different TTLs, got a list of ${(issue.input as unknown[]).length}`,
  })
  .transform((ttls) => [...new Set(ttls)].sort((a, b) => a - b))
  .refine((ttls) => ttls.length >= 2 && ttls.length <= MAX_SWEEP_POINTS, {
    error: (issue) =>
      `a sweep needs 2 to ${MAX_SWEEP_POINTS} different TTLs, got ${new Set(issue.input as number[]).size}`,
  });

export function parseTtlList(text: string): { ttls: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const checked = sweepSchema.safeParse(parts);
  if (checked.success) return { ttls: checked.data };
  const issue = checked.error.issues[0];
  const at = issue.path[0];
  if (typeof at !== 'number') return { error: issue.message };
  // "1,000" is read as the TTLs 1 and 000: a refusal of a part that looks like a thousands
  // group after a comma says how the list is read.
  const grouped = text.match(/(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d.])/);
  const hint = grouped
    ? ` (commas separate the TTLs here: write ${grouped[0].replaceAll(',', '')}, not ${grouped[0]})`
    : '';
  return { error: `TTL ${quoted(parts[at])} ${issue.message}${hint}` };
}
