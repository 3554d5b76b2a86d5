import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import {
  boundedText,
  check,
  formatNumber,
  numberFromText,
  oneOf,
  quoted,
  wholeNumber,
} from '../schema/fields';
import { repeatedOptions } from './givenTwice';
import { errorMessage } from '../engine/errorMessage';
import { whyFolderUnwritable } from './makeFolders';
import {
  checkSettings,
  readLink,
  readSetOption,
  settingsHelp,
  type WalkthroughSetting,
  storyboardFolder,
} from './walkthroughSettings';

/**
 * What the other scripts take (`npm run walkthrough`'s arguments, `npm run bench`'s and
 * `npm run lab-heap`'s environment variables), parsed with `node:util`'s `parseArgs` and checked
 * by zod schemas like `npm run sim`'s flags: a refusal names the flag or variable and its range.
 */

/** Where storyboards go unless --out says otherwise. */
export const DEFAULT_OUT_DIR = 'storyboards';

/**
 * The first part of `path` (resolved) that exists, when it is not a folder: a file in the way of
 * the folder --out names (null: none, or a part that cannot be read, left for mkdir to report).
 */
function fileInTheWay(path: string): string | null {
  for (let at = resolve(path); ; at = dirname(at)) {
    try {
      return statSync(at).isDirectory() ? null : at;
    } catch (e) {
      // Missing (or under a file): look at the folder above.
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) return null;
    }
  }
}

/** Why `--out` cannot be `dir`, in one sentence that says each path once. */
function fileInTheWayText(dir: string): string {
  const file = fileInTheWay(dir);
  return file === resolve(dir)
    ? `must name a directory, and ${JSON.stringify(dir)} is a file`
    : `must name a directory, and ${JSON.stringify(dir)} is under ${JSON.stringify(file)}, which is a file`;
}

/** Whether the URL parser takes the address, with a port a connection can use. */
function isOpenableAddress(address: string): boolean {
  try {
    return new URL(address).port !== '0';
  } catch {
    return false;
  }
}

const walkthroughSchema = (scenarioIds: readonly string[]) =>
  z.strictObject({
    which: oneOf(['all', ...scenarioIds]),
    out: boundedText(4096, 'a directory')
      .min(1, { error: () => 'must name a directory' })
      .refine((dir) => fileInTheWay(dir) === null, {
        error: (issue) => fileInTheWayText(String(issue.input)),
        // The sentence says the path itself: no ", got" repeating it.
        params: { isValueSaid: true },
      }),
    url: boundedText(2000, 'an address')
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
        // The walkthrough adds each scenario's query to it: an address with a query or a hash
        // of its own would open something else and time out waiting for the scenario.
        error: () =>
          'must be an http:// or https:// address of the page, with no ? or #, like http://127.0.0.1:4173',
      })
      // The pattern lets through what no browser can open (port 99999, a host with a space
      // escaped): said here, as a bad argument, not later as "nothing answered".
      .refine(isOpenableAddress, {
        error: () => 'must be an address a browser can open, its port from 1 to 65535',
      })
      .optional(),
  });

/** `npm run walkthrough`'s options, as `parseArgs` reads them. */
const WALKTHROUGH_OPTIONS = {
  out: { type: 'string' },
  url: { type: 'string' },
  set: { type: 'string', multiple: true },
  link: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** What --help says of each option: the name of its value, if it takes one, and what it does. */
const WALKTHROUGH_HELP: Record<keyof typeof WALKTHROUGH_OPTIONS, { value?: string; text: string }> =
  {
    out: {
      value: 'DIR',
      text: `the folder to write into, a folder per scenario (default ${DEFAULT_OUT_DIR})`,
    },
    url: {
      value: 'URL',
      text: 'play the page already served at this address (no ? or #) instead of building and serving one',
    },
    set: {
      value: 'NAME=VALUE',
      text: 'play under this setting (again for another): a variant, such as readMitigation=lease (settings below)',
    },
    link: {
      value: 'LINK',
      text: 'play the scenario and settings of a sandbox link copied from the page (its step is left out: every step is shot); the scenario may then be left out',
    },
    help: { text: 'this text' },
  };

const WALKTHROUGH_NAMES = Object.keys(WALKTHROUGH_OPTIONS) as (keyof typeof WALKTHROUGH_OPTIONS)[];

/** An option as typed: `--out DIR`, `-h, --help`. */
function optionText(name: keyof typeof WALKTHROUGH_OPTIONS): string {
  const option: { type: string; short?: string } = WALKTHROUGH_OPTIONS[name];
  const value = WALKTHROUGH_HELP[name].value;
  return `${option.short ? `-${option.short}, ` : ''}--${name}${value ? ` ${value}` : ''}`;
}

const WALKTHROUGH_USAGE = `npm run walkthrough -- <scenario-id|all> ${WALKTHROUGH_NAMES.filter(
  (name) => WALKTHROUGH_HELP[name].value,
)
  .map((name) => `[${optionText(name)}]`)
  .join(' ')}`;

/** What `npm run walkthrough -- --help` prints: every option it parses, and its exit codes. */
export function walkthroughHelp(scenarioIds: readonly string[]): string {
  const row = (left: string, text: string) => `  ${left.padEnd(20)} ${text}`;
  return [
    `Usage: ${WALKTHROUGH_USAGE}`,
    '',
    'Plays each scenario in presenter mode at 1280x720 and writes its storyboard: a PNG per beat',
    'and an index.html with the narration, the next press and the speaker notes.',
    '',
    row('<scenario-id|all>', `one scenario, or all of them: ${scenarioIds.join(', ')}`),
    ...WALKTHROUGH_NAMES.map((name) => row(optionText(name), WALKTHROUGH_HELP[name].text)),
    '',
    "Under --set or --link the page tells each step from the engine's events (the run leaves the",
    "scenario's authored script, as it does when a setting is changed on the page), index.html",
    'names the settings, and the storyboard goes into a folder of its own, named by its settings',
    '(stale-set--readMitigation-lease), beside the authored one. The settings, by their names in',
    "the page's settings or (in brackets) its links, and what each takes (the same checks as the",
    "page's):",
    ...settingsHelp(),
    '',
    'Exits with 0 when done, 2 on a bad argument (before anything is built or written), 1 when',
    'the run fails.',
  ].join('\n');
}

export type WalkthroughArgs =
  | {
      ok: true;
      help: false;
      ids: string[];
      out: string;
      url: string | null;
      /** The settings to play under (none: each scenario as authored). */
      settings: WalkthroughSetting[];
    }
  | { ok: true; help: true }
  | { ok: false; error: string };

/**
 * `parseArgs`'s refusal in the words `npm run sim` uses: Node's own ("Option '--out <value>'
 * argument missing", or "argument is ambiguous" with three lines on dashes when the next argument
 * is a flag) names no fix a user of this command can read at a glance.
 */
export function parseArgsError(e: unknown): string {
  const message = errorMessage(e);
  const missing = /^Option '(?:-\w, )?--([\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `--${missing[1]} needs a value`;
  const ambiguous = /^Option '(?:-\w, )?--([\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous)
    return `--${ambiguous[1]} needs a value, and the next argument is a flag (a value that starts with a dash is written --${ambiguous[1]}=VALUE)`;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag "${unknown[1]}"`;
  return message;
}

/**
 * Parses `<scenario-id|all> [--out DIR] [--url URL] [--set NAME=VALUE]... [--link LINK]` or
 * `--help`; never throws.
 */
export function parseWalkthroughArgs(
  argv: readonly string[],
  scenarioIds: readonly string[],
): WalkthroughArgs {
  const usage = `usage: ${WALKTHROUGH_USAGE}\nscenarios: ${scenarioIds.join(', ')}\nsee --help`;
  const read = () =>
    parseArgs({
      args: [...argv],
      options: WALKTHROUGH_OPTIONS,
      allowPositionals: true,
      tokens: true,
    });
  let parsed: ReturnType<typeof read>;
  try {
    parsed = read();
  } catch (e) {
    return { ok: false, error: `${parseArgsError(e)}\n${usage}` };
  }
  if (parsed.values.help === true) return { ok: true, help: true };
  const repeated = repeatedOptions(parsed.tokens, ['out', 'url', 'link']);
  if (repeated.length > 0) return { ok: false, error: `${repeated.join('\n')}\n${usage}` };
  const link = parsed.values.link === undefined ? null : readLink(parsed.values.link);
  if (link !== null && 'error' in link) return { ok: false, error: `${link.error}\n${usage}` };
  const named = parsed.positionals[0] ?? link?.scenarioId;
  if (parsed.positionals.length > 1 || named === undefined)
    return {
      ok: false,
      error: `${named === undefined ? 'name a scenario or all' : `one scenario at a time (got ${parsed.positionals.length})`}\n${usage}`,
    };
  if (link !== null && named !== link.scenarioId)
    return {
      ok: false,
      error: `--link opens ${link.scenarioId}, not ${named}: leave the scenario out, or give a link to it\n${usage}`,
    };
  const typed = [];
  for (const text of parsed.values.set ?? []) {
    const read = readSetOption(text);
    if ('error' in read) return { ok: false, error: `${read.error}\n${usage}` };
    typed.push(read);
  }
  const names: Record<string, string> = { which: 'the scenario', out: '--out', url: '--url' };
  const checked = check(
    walkthroughSchema(scenarioIds),
    {
      which: named,
      out: parsed.values.out ?? DEFAULT_OUT_DIR,
      ...(parsed.values.url === undefined ? {} : { url: parsed.values.url }),
    },
    { nameOf: (f) => names[f] ?? f },
  );
  if (!checked.ok) return { ok: false, error: `${checked.refusals[0].text}\n${usage}` };
  const { which, out, url } = checked.value;
  const ids = which === 'all' ? [...scenarioIds] : [which];
  const settings = checkSettings([...(link?.settings ?? []), ...typed], ids);
  if ('error' in settings) return { ok: false, error: `${settings.error}\n${usage}` };
  // A file where a scenario's folder goes would stop the run after the build: said now.
  for (const id of ids) {
    const file = fileInTheWay(resolve(out, storyboardFolder(id, settings.settings)));
    if (file !== null)
      return {
        ok: false,
        error: `--out ${quoted(out)} holds a file where the storyboard of ${id} goes (${file}): move it or name another folder\n${usage}`,
      };
  }
  // A folder that cannot be made or written (under /proc, read-only) is said now, not after the
  // build; the try leaves nothing behind.
  const unwritable = whyFolderUnwritable(out);
  if (unwritable !== null)
    return {
      ok: false,
      error: `--out ${quoted(out)} is not a folder files can be written into (${unwritable}): name another folder\n${usage}`,
    };
  return {
    ok: true,
    help: false,
    ids,
    out,
    url: url ?? null,
    settings: settings.settings,
  };
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

/**
 * What a script set by environment variables (bench, lab-heap) answers arguments, or null for
 * none: `--help` lists the variables, anything else is refused. Unread, they were ignored, and
 * `npm run bench -- --help` ran the million-request benchmark.
 */
export function envScriptArgs(
  script: string,
  argv: readonly string[],
  schemas: Record<string, z.ZodType>,
): { code: 0 | 2; text: string } | null {
  if (argv.length === 0) return null;
  const names = Object.keys(schemas);
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    const width = Math.max(...names.map((n) => n.length));
    return {
      code: 0,
      text: [
        `Usage: [VARIABLE=value ...] npm run ${script}`,
        '',
        'Takes no arguments; these environment variables set it:',
        ...names.map((name) => {
          const schema = schemas[name];
          const refused = schema.safeParse('\u0000');
          const range = refused.success
            ? ''
            : refused.error.issues[0].message.replace(/^must be /, '');
          const fallback = schema.safeParse(undefined);
          const after = fallback.success ? ` (default ${formatNumber(Number(fallback.data))})` : '';
          return `  ${name.padEnd(width)}  ${range}${after}`;
        }),
      ].join('\n'),
    };
  }
  return {
    code: 2,
    text: `${script}: takes no arguments, got ${quoted(argv.join(' '))}; set ${names.join(', ')} in the environment instead (npm run ${script} -- --help says more)`,
  };
}

/**
 * `readEnv` over `process.env` for a script: a refusal is printed and the script exits (2), as it
 * does on an argument (see `envScriptArgs`).
 */
export function readEnvOrExit<S extends Record<string, z.ZodType>>(
  script: string,
  schemas: S,
): { [K in keyof S]: z.output<S[K]> } {
  const answer = envScriptArgs(script, process.argv.slice(2), schemas);
  if (answer) {
    (answer.code === 0 ? console.log : console.error)(answer.text);
    process.exit(answer.code);
  }
  try {
    return readEnv(schemas, process.env);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}
