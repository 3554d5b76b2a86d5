/**
 * `node:util`'s `parseArgs` keeps the last value of an option given twice, in silence; the
 * scripts refuse it instead, naming both values, so a run never uses one the user did not mean
 * (a lab link's repeated setting, by contrast, runs its first and says so).
 */

/** The refusal of `--name` given a second value. */
export const givenTwiceText = (name: string, first: string, then: string): string =>
  `--${name} is given twice ("${first}", then "${then}"): give it once`;

/**
 * The refusal of a flag without a value (`--json`) given a second time; `first` and `then` are
 * how it was typed, said when they differ (`-h`, then `--help`).
 */
export const flagGivenTwiceText = (name: string, first = `--${name}`, then = first): string =>
  `--${name} is given twice${first === then ? '' : ` (${first}, then ${then})`}: give it once`;

/** An option token as `parseArgs({ tokens: true })` returns it (only what is read here). */
interface OptionToken {
  kind: string;
  name?: string;
  value?: string | undefined;
}

/** The refusal of each option among `once` given a second value, in the order typed. */
export function repeatedOptions(tokens: readonly OptionToken[], once: readonly string[]): string[] {
  const firstValues = new Map<string, string>();
  const refusals: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || token.value === undefined) continue;
    if (!once.includes(token.name)) continue;
    const first = firstValues.get(token.name);
    if (first === undefined) firstValues.set(token.name, token.value);
    else refusals.push(givenTwiceText(token.name, first, token.value));
  }
  return refusals;
}
