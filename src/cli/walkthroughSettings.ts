import { findScenario } from '../scenarios';
import { quoted } from '../schema/fields';
import {
  readSetting,
  refusalNameOf,
  SANDBOX_SETTING_NAMES,
  settingNamed,
} from '../store/sandboxSchema';
import type { SandboxConfig } from '../store/sandboxConfig';
import { CODE_HASH_PREFIX } from '../store/learnerLink';
import { interventionOf, listInterventions } from '../store/offScript';
import { parseViewParams } from '../store/urlState';
import { quizModeIn } from '../store/quizLink';

/**
 * The variant a storyboard plays (`npm run walkthrough`'s `--set NAME=VALUE` and `--link URL`):
 * settings checked by the sandbox's own schemas (src/store/sandboxSchema.ts), with the names,
 * ranges and messages the page's controls and links have, so the page plays them as given.
 */

/** A setting a storyboard is played under, as the page's link gives it. */
export interface WalkthroughSetting {
  /** Its key in the settings (`readMitigation`). */
  key: keyof SandboxConfig;
  /** Its name in links (`mitigation`). */
  param: string;
  /** What the page calls it ("read mitigation"). */
  label: string;
  /** Its value as a link gives it (`lease`, `5`). */
  value: string;
}

/** A setting as typed: where from (`--set readMitigation`, `--link's mitigation`), and its text. */
interface TypedSetting {
  from: string;
  key: keyof SandboxConfig;
  raw: string;
}

const EXAMPLE_LINK = 'http://127.0.0.1:4173/?scenario=stale-set&mitigation=lease';

/** What a sandbox link copied from the page holds for a storyboard: its scenario and settings. */
export function readLink(
  text: string,
): { scenarioId: string; settings: TypedSetting[] } | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      error: `--link must be a sandbox link copied from the page, like ${EXAMPLE_LINK}, got ${quoted(text)}`,
    };
  }
  if (url.hash.startsWith('#/lab'))
    return { error: '--link is a link to the workload lab: a storyboard plays a scenario' };
  if (url.hash.startsWith(CODE_HASH_PREFIX))
    return {
      error: `--link carries ${quoted(url.hash, 24)} after its #: code of your own, which a storyboard does not play (it plays the page's programs)`,
    };
  // The page reads code from #code= only: any other fragment (a slide's anchor) it opens without.
  if (url.hash !== '')
    return {
      error: `--link carries ${quoted(url.hash, 24)} after its #, a part the page does not read (code comes after ${CODE_HASH_PREFIX}, the workload lab after #/lab): drop it`,
    };
  const { view, problems } = parseViewParams(url.search);
  // The problems are said as the page says them (it opens the link without those parts), then
  // why a storyboard refuses instead: it would play other settings than the link meant.
  if (problems.length > 0)
    return {
      error: `--link: ${problems.join('; ')}. The page would open this link without those parts and say so; a storyboard refuses them, so it never plays settings the link did not mean: fix or drop them`,
    };
  // Copied with quiz mode on: dropping it without a word would hand out the answers it kept back.
  if (quizModeIn(url.search) === true)
    return {
      error:
        '--link asks for quiz mode (quiz=1): a storyboard is a handout that asks no questions and names the scenario by its own title, so it does not play quiz mode: drop quiz=1',
    };
  if (view.scenarioId === null)
    return {
      error: `--link names no scenario (free play has no storyboard): copy it with a scenario open, like ${EXAMPLE_LINK}`,
    };
  // Named as the page names them ("Redis taken down", "DEL user:123 in the Redis console"): the
  // link's author may not know an outage or a clock move is part of the run it carries.
  const held = heldBetweenSteps(view.inputs);
  if (held.length > 0)
    return {
      error: `--link holds a run of its own (${listInterventions(held)}): a storyboard plays the scenario step by step; copy the link before those, or name the settings with --set`,
    };
  const settings: TypedSetting[] = [];
  for (const { key, param } of SANDBOX_SETTING_NAMES) {
    const raw = url.searchParams.get(param);
    if (raw !== null) settings.push({ from: `--link's ${param}`, key, raw });
  }
  return { scenarioId: view.scenarioId, settings };
}

/** What a link's run does besides Step presses, each thing once, in the page's words. */
function heldBetweenSteps(inputs: ReturnType<typeof parseViewParams>['view']['inputs']): string[] {
  const said: string[] = [];
  for (const input of inputs) {
    if (input.type === 'press') continue;
    // Whether a line or a clock move changed anything shows only once played: named either way.
    const phrase = interventionOf({
      kind: 'input',
      input,
      actions: [],
      commandsAfter: 0,
      hasChanged: true,
    });
    if (phrase !== null && !said.includes(phrase)) said.push(phrase);
  }
  return said;
}

/** Every name `--set` takes: each setting's key, and its link's name where that differs. */
const settingNames = (): string =>
  SANDBOX_SETTING_NAMES.map(({ key, param }) => (param === key ? key : `${key} (${param})`)).join(
    ', ',
  );

/** Reads `--set NAME=VALUE` as typed (checked for each scenario later, by `checkSettings`). */
export function readSetOption(text: string): TypedSetting | { error: string } {
  const at = text.indexOf('=');
  if (at <= 0)
    return {
      error: `--set must be NAME=VALUE, like --set readMitigation=lease, got ${quoted(text)}`,
    };
  const name = text.slice(0, at).trim();
  const key = settingNamed(name);
  if (key === undefined)
    return { error: `--set names no setting ${quoted(name)}: the settings are ${settingNames()}` };
  return { from: `--set ${name}`, key, raw: text.slice(at + 1).trim() };
}

/**
 * Checks the typed settings for each scenario to play (the actors a script needs differ by
 * scenario): the settings as a link gives them, in links' order, or the first refusal, naming
 * the option, the setting and what it accepts.
 */
export function checkSettings(
  typed: readonly TypedSetting[],
  scenarioIds: readonly string[],
): { settings: WalkthroughSetting[] } | { error: string } {
  const seen = new Map<keyof SandboxConfig, TypedSetting>();
  for (const t of typed) {
    const first = seen.get(t.key);
    if (first !== undefined)
      return {
        error: `the ${labelOf(t.key)} is given twice (${first.from}=${first.raw}, then ${t.from}=${t.raw}): give it once`,
      };
    seen.set(t.key, t);
  }
  const values = new Map<keyof SandboxConfig, string>();
  for (const t of typed)
    for (const id of scenarioIds) {
      const read = readSetting(t.key, t.raw, findScenario(id));
      if ('message' in read)
        return {
          error: `${t.from}: the ${refusalNameOf(t.key)} ${read.message}, got ${quoted(t.raw)}`,
        };
      values.set(t.key, String(read.value));
    }
  return {
    settings: SANDBOX_SETTING_NAMES.filter(({ key }) => values.has(key)).map(
      ({ key, param, label }) => ({ key, param, label, value: values.get(key) ?? '' }),
    ),
  };
}

const labelOf = (key: keyof SandboxConfig): string =>
  SANDBOX_SETTING_NAMES.find((s) => s.key === key)?.label ?? key;

/**
 * What `--help` says `--set` takes: each setting's names and what it accepts, in the words of
 * its schema (a value no setting takes draws the message out).
 */
export function settingsHelp(): string[] {
  return SANDBOX_SETTING_NAMES.map(({ key, param }) => {
    const read = readSetting(key, '\u0000');
    const accepts = 'message' in read ? read.message : '';
    return `  ${(param === key ? key : `${key} (${param})`).padEnd(32)} ${accepts}`;
  });
}

/**
 * The sandbox's link to a storyboard's scenario under its settings: the room's link, which a
 * teacher may copy from the storyboard for the students, so without presenter mode.
 */
export function storyboardLink(id: string, settings: readonly WalkthroughSetting[]): string {
  const params = new URLSearchParams({ scenario: id });
  for (const s of settings) params.set(s.param, s.value);
  return `?${params.toString()}`;
}

/** The query a storyboard's page opens with: its link, as a projector link (presenter mode). */
export function storyboardQuery(id: string, settings: readonly WalkthroughSetting[]): string {
  return `${storyboardLink(id, settings)}&present=1`;
}

/**
 * The folder a storyboard goes into under `--out`: the scenario's id as authored, and a variant's
 * own beside it, named by its settings in links' order (`stale-set--readMitigation-lease`), so a
 * variant never replaces the authored storyboard or another variant's.
 */
export function storyboardFolder(id: string, settings: readonly WalkthroughSetting[]): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return [id, ...settings.map((s) => `${s.key}-${safe(s.value)}`)].join('--');
}
