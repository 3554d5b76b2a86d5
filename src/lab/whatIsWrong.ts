import type { Refusal } from '../schema/fields';

/** What an item of a list setting is called when refusals are counted (see `Refusal.item`). */
const ITEM_NOUNS: Record<string, string> = { faults: 'fault' };

/** "one fault", "100 faults". */
const howMany = (n: number, noun: string): string => (n === 1 ? `one ${noun}` : `${n} ${noun}s`);

/**
 * Counts said of what they are: "one value is missing", "2 settings and one fault are ...";
 * `whatOfMany`, when what many are is said otherwise ("not numbers").
 */
const said = (counts: readonly [number, string][], what: string, whatOfMany = what): string[] => {
  if (counts.length === 0) return [];
  const isOne = counts.length === 1 && counts[0][0] === 1;
  return [
    `${counts.map(([n, noun]) => howMany(n, noun)).join(' and ')} ${isOne ? `is ${what}` : `are ${whatOfMany}`}`,
  ];
};

/**
 * What is wrong with refused settings, in a few words: unknown, missing, out of range (a fault
 * with a field its kind does not take is said so). Settings
 * out of range are counted once each, and a list's items (faults) as items: 100 faults each out
 * of range are "100 faults", not 100 settings, and a fault with two bad values is one fault.
 */
export function whatIsWrong(errors: readonly Refusal[]): string {
  // The input as a whole (not an object of settings): its refusal says what it should be.
  const whole = errors.find((e) => e.field === null && !e.text.startsWith('unknown '));
  if (whole) return whole.text;
  // Something other than a list where one was asked for (`faults=garbage`): said as its refusal
  // says it, with the form expected, not counted as out of range.
  const notLists = errors.filter((e) => e.isNotList === true).map((e) => e.text);
  const unknown = errors.filter((e) => e.field === null).length;
  const missing = errors.filter((e) => e.isMissing === true).length;
  // A setting typed as no number ("1 000"): not a number, which "out of range" would not say.
  const notNumbers = new Set<string>();
  const settings = new Set<string>();
  const items = new Map<string, Set<number>>();
  // Items (faults) given a field their kind does not take: unknown, as a setting can be, not out of range.
  const strange = new Map<string, Set<number>>();
  // A whole number written as some languages write a thousand ("1.000"): in range, but ambiguous.
  const ambiguous = new Set<string>();
  for (const { field, item, isMissing, isUnknown, isNotNumber, isAmbiguous, isNotList } of errors) {
    if (field === null || isMissing === true || isNotList === true) continue;
    if (isAmbiguous === true && item === undefined) {
      ambiguous.add(field);
      continue;
    }
    if (isNotNumber === true && item === undefined) {
      notNumbers.add(field);
      continue;
    }
    const into = isUnknown === true ? strange : items;
    if (item === undefined) settings.add(field);
    else into.set(field, (into.get(field) ?? new Set()).add(item));
  }
  const strangeText = [...strange].map(([field, { size }]) => {
    const noun = ITEM_NOUNS[field] ?? `${field} item`;
    // A field no fault has ("factr") and one its kind does not take (a cache-down's factor) alike.
    return `${howMany(size, noun)} ${size === 1 ? 'has' : 'have'} a field its kind does not take`;
  });
  return [
    ...notLists,
    ...said(unknown > 0 ? [[unknown, 'setting']] : [], 'unknown'),
    ...strangeText,
    // A value left out inside a setting (a fault's start): the setting itself is there.
    ...said(missing > 0 ? [[missing, 'value']] : [], 'missing'),
    ...said(
      notNumbers.size > 0 ? [[notNumbers.size, 'setting']] : [],
      'not a number',
      'not numbers',
    ),
    ...said(ambiguous.size > 0 ? [[ambiguous.size, 'setting']] : [], 'written ambiguously'),
    ...said(
      [
        ...(settings.size > 0 ? [[settings.size, 'setting'] as [number, string]] : []),
        ...[...items].map(([field, indices]): [number, string] => [
          indices.size,
          ITEM_NOUNS[field] ?? `${field} item`,
        ]),
      ],
      'out of range',
    ),
  ].join(' and ');
}
