import { parseArgs } from 'node:util';
import { z } from 'zod';
import { boundedText, check, numberFromText, oneOf, wholeNumber } from '../schema/fields';

/**
 * What the other scripts take (`npm run walkthrough`'s arguments, `npm run bench`'s and
 * `npm run lab-heap`'s environment variables), parsed with `node:util`'s `parseArgs` and checked
 * by zod schemas like `npm run sim`'s flags: a refusal names the flag or variable and its range.
 */

/** Where storyboards go unless --out says otherwise. */
export const DEFAULT_OUT_DIR = 'storyboards';

const walkthroughSchema = (scenarioIds: readonly string[]) =>
  z.strictObject({
    which: oneOf(['all', ...scenarioIds]),
    out: boundedText(4096, 'a directory').min(1, { error: () => 'must name a directory' }),
    url: boundedText(2000, 'an address')
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
        // The walkthrough adds each scenario's query to it: an address with a query or a hash
        // of its own would open something else and time out waiting for the scenario.
        error: () =>
          'must be an http:// or https:// address of the page, with no ? or #, like http://127.0.0.1:4173',
      })
      .optional(),
  });

export type WalkthroughArgs =
  { ok: true; ids: string[]; out: string; url: string | null } | { ok: false; error: string };

/** Parses `<scenario-id|all> [--out DIR] [--url URL]`; never throws. */
export function parseWalkthroughArgs(
  argv: readonly string[],
  scenarioIds: readonly string[],
): WalkthroughArgs {
  const usage = `usage: npm run walkthrough -- <scenario-id|all> [--out DIR] [--url URL]\nscenarios: ${scenarioIds.join(', ')}`;
  const read = () =>
    parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, url: { type: 'string' } },
      allowPositionals: true,
    });
  let parsed: ReturnType<typeof read>;
  try {
    parsed = read();
  } catch (e) {
    return { ok: false, error: `${(e as Error).message}\n${usage}` };
  }
  if (parsed.positionals.length !== 1)
    return {
      ok: false,
      error: `${parsed.positionals.length === 0 ? 'name a scenario or all' : `one scenario at a time (got ${parsed.positionals.length})`}\n${usage}`,
    };
  const names: Record<string, string> = { which: 'the scenario', out: '--out', url: '--url' };
  const checked = check(
    walkthroughSchema(scenarioIds),
    {
      which: parsed.positionals[0],
      out: parsed.values.out ?? DEFAULT_OUT_DIR,
      ...(parsed.values.url === undefined ? {} : { url: parsed.values.url }),
    },
    { nameOf: (f) => names[f] ?? f },
  );
  if (!checked.ok) return { ok: false, error: `${checked.refusals[0].text}\n${usage}` };
  const { which, out, url } = checked.value;
  return { ok: true, ids: which === 'all' ? [...scenarioIds] : [which], out, url: url ?? null };
}

/** A whole-number environment variable with its range and default. */
export const envWholeNumber = (min: number, max: number, fallback: number) =>
  numberFromText(wholeNumber(min, max)).default(fallback);

/**
 * Reads the variables `schemas` names from `env` (unset ones take their defaults). Throws one
 * message listing every variable out of its range, so a script stops before it starts work.
 */
export function readEnv<S extends Record<string, z.ZodType>>(
  schemas: S,
  env: Record<string, string | undefined>,
): { [K in keyof S]: z.output<S[K]> } {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(schemas)) if (env[name] !== undefined) input[name] = env[name];
  const checked = check(z.object(schemas), input);
  if (!checked.ok) throw new Error(checked.refusals.map((r) => r.text).join('\n'));
  return checked.value as { [K in keyof S]: z.output<S[K]> };
}

/** `readEnv` over `process.env` for a script: a refusal is printed and the script exits (2). */
export function readEnvOrExit<S extends Record<string, z.ZodType>>(
  schemas: S,
): { [K in keyof S]: z.output<S[K]> } {
  try {
    return readEnv(schemas, process.env);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}
