import { findScenario } from '../scenarios';
import { quizIdOf } from '../scenarios/quiz';
import {
  boundedText,
  listedTexts,
  numberFromText,
  quoted,
  repeatedParam,
  wholeNumber,
} from '../schema/fields';
import { DEFAULT_SANDBOX_CONFIG, scenarioConfig, type SandboxConfig } from './sandboxConfig';
import { readParam, SANDBOX_PARAMS } from './sandboxSchema';
import { shownLinkRun, type InitialView, type SandboxState } from './sandboxState';
import {
  decodeRun,
  encodeRun,
  MAX_RUN_CHARS,
  MAX_RUN_LINE_CHARS,
  type MalformedAction,
} from './linkRun';
import { inputsAt, type TimelineInput } from './timeline';
import { CODE_HASH_PREFIX } from './learnerLink';
import { isHandoutHash, isLabHash } from '../schema/pageRoutes';
import { QUIZ_PARAM } from './quizLink';
import { PRESENT_PARAM } from './presenter';

/** Step presses a `step=` link may ask for. */
const stepSchema = numberFromText(wholeNumber(0, 10_000));
/** How many of a link's actions its view shows (`at`): the rest were stepped over by Back. */
const atSchema = numberFromText(wholeNumber(0, 10_000));
/** A scenario id is a short slug: anything longer is named as unknown without a lookup. */
const scenarioSchema = boundedText(64);

const KNOWN = new Set([
  'scenario',
  'step',
  'at',
  'run',
  PRESENT_PARAM,
  QUIZ_PARAM,
  ...SANDBOX_PARAMS.map((p) => p.param),
]);

/** An address's part past 60 characters, cut with an ellipsis, for a notice. */
const shortened = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/**
 * What is wrong with an address's `#` part that opens the sandbox (null: nothing): a page this
 * app does not have, or the sandbox's settings written after the `#`, where it does not read them
 * (the lab reads its own there; the sandbox reads its in the query before the `#`).
 */
export function sandboxHashProblem(hash: string): string | null {
  if (hash === '' || hash === '#' || hash === '#/' || isLabHash(hash) || isHandoutHash(hash))
    return null;
  if (hash.startsWith(CODE_HASH_PREFIX)) return null;
  if (hash.startsWith('#/?') || hash.startsWith('#?')) {
    // The query it would read is offered as the way to write them only if it reads all of it: a
    // name it has no setting for (`?writePolicy=…`) would be ignored there too.
    const query = hash.slice(hash.indexOf('?'));
    const example =
      parseViewParams(query).problems.length === 0 ? `, as in ${shortened(query)}` : '';
    return `the settings after the # (${shortened(hash)}) were not read: the sandbox reads its settings before the #${example}, and opened with its own`;
  }
  return `${shortened(hash)} is no page of this app (its pages are #/, the sandbox, #/lab, the workload lab, and #/handout?scenario=…, a scenario's handout): the sandbox is shown`;
}

/**
 * Reads a view from a query string. Anything unknown or malformed falls back to its default and
 * is named in `problems`, so the page can say what it ignored instead of failing. Each setting
 * is read by its schema (sandboxSchema.ts), which says what it accepts.
 */
export function parseViewParams(search: string): { view: InitialView; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  let scenarioId: string | null = null;
  const config: SandboxConfig = { ...DEFAULT_SANDBOX_CONFIG };
  let presses = 0;
  let inputs: TimelineInput[] | null = null;
  let malformed: MalformedAction | undefined;

  for (const name of new Set(params.keys())) {
    const repeated = repeatedParam(params, name);
    if (!KNOWN.has(name)) problems.push(`unknown parameter ${quoted(name)}`);
    else if (repeated) problems.push(repeated);
  }

  // A link pasted from a chat or a slide can carry a space or a line break at its end.
  const scenario = params.get('scenario')?.trim() ?? null;
  const sc =
    scenario !== null && scenarioSchema.safeParse(scenario).success
      ? findScenario(scenario)
      : undefined;
  if (sc) {
    scenarioId = sc.id;
    Object.assign(config, scenarioConfig(sc, config));
  }
  /** Where the unknown scenario's problem is, so its Step presses can be said in it (-1: none). */
  let unknownAt = -1;
  if (sc === undefined && scenario !== null) {
    unknownAt = problems.length;
    problems.push(`unknown scenario ${quoted(scenario)}`);
  }
  /** Of the link's first `n` actions, those left out (an unknown scenario's Step presses). */
  let pressesLeftBefore = (n: number): number => (unknownAt >= 0 ? n : 0);
  for (const { param } of SANDBOX_PARAMS) {
    const raw = params.get(param);
    if (raw === null) continue;
    // Checked for the link's scenario: too few actors for its script keeps the scenario's own.
    const reading = readParam(param, raw, sc);
    if (reading === null) continue;
    if ('problem' in reading) problems.push(reading.problem);
    else (config as unknown as Record<string, unknown>)[reading.key] = reading.value;
  }
  const step = params.get('step');
  if (step !== null) {
    const n = stepSchema.safeParse(step);
    if (n.success) presses = n.data;
    else problems.push(`bad step ${quoted(step)}: ${n.error.issues[0].message}`);
  }
  // The presses were the unknown scenario's: replayed in free play they would be refused at the
  // first, a second notice about steps the link never meant there. One notice says both.
  if (unknownAt >= 0 && presses > 0 && !params.has('run')) {
    problems[unknownAt] +=
      `: its ${presses} Step ${presses === 1 ? 'press was' : 'presses were'} not replayed`;
    presses = 0;
  }
  // Presenter mode opens with present=1 (src/store/presenter.ts); anything else leaves it off,
  // and says so rather than dropping it (a link pasted from a chat: `present=1)`, `present=true`).
  const present = params.get('present');
  if (present !== null && present !== '1' && present !== '0')
    problems.push(`bad present ${quoted(present)}: presenter mode opens with present=1`);
  // Quiz mode likewise (src/store/quizLink.ts); without the parameter the saved choice stands.
  const quiz = params.get(QUIZ_PARAM);
  if (quiz !== null && quiz !== '1' && quiz !== '0')
    problems.push(`bad quiz ${quoted(quiz)}: quiz mode opens with quiz=1`);
  const run = params.get('run');
  if (run !== null) {
    const decoded = decodeRun(run);
    if ('error' in decoded) {
      // Nothing of the run is replayed, so no place in it is shown either.
      pressesLeftBefore = (n) => n;
      problems.push(
        `the run in the link could not be restored (${decoded.error}); it starts from the beginning`,
      );
    } else if (unknownAt >= 0) {
      malformed = decoded.malformed;
      // Its Step presses played the unknown scenario's beats: left out, as a step= link's are.
      // The rest (console lines, requests, the clock) does not need the scenario: replayed.
      inputs = decoded.inputs.filter((i) => i.type !== 'press');
      pressesLeftBefore = (n) =>
        decoded.inputs.slice(0, n).filter((i) => i.type === 'press').length;
      const left = decoded.inputs.length - inputs.length;
      if (left > 0)
        problems[unknownAt] +=
          `: its ${left} Step ${left === 1 ? 'press was' : 'presses were'} not replayed` +
          (inputs.length > 0
            ? ` (the run's ${inputs.length} other ${inputs.length === 1 ? 'action was' : 'actions were'})`
            : '');
    } else {
      inputs = decoded.inputs;
      // The replay stops there, as at an action it refuses, and its notice says which and why.
      malformed = decoded.malformed;
    }
    presses = 0;
    if (params.has('step')) problems.push('"step" ignored: the link gives the whole run');
  }
  inputs ??= Array.from({ length: presses }, () => ({ type: 'press' as const }));
  const view: InitialView = { scenarioId, config, inputs, ...(malformed ? { malformed } : {}) };
  const at = params.get('at');
  if (at !== null) {
    const n = atSchema.safeParse(at);
    // Counted in the link's actions; an unknown scenario's presses among them were left out.
    const shown = n.success ? n.data - pressesLeftBefore(n.data) : 0;
    if (!n.success) problems.push(`bad at ${quoted(at)}: ${n.error.issues[0].message}`);
    else if (shown > inputs.length) {
      // Past a malformed action: the run ends there, and the replay's notice says so.
      if (malformed === undefined)
        problems.push(
          `bad at ${quoted(at)}: the link holds ${inputs.length} ${inputs.length === 1 ? 'action' : 'actions'}, so it shows at most ${inputs.length}; the whole run is shown`,
        );
    } else view.at = shown;
  }
  // Listed one by one up to the bound the lab's refusals have, then counted.
  return { view, problems: listedTexts(problems) };
}

const consoleLine = (i: TimelineInput): string =>
  i.type === 'redis' ? i.line : i.type === 'sql' ? i.statement : '';
const consoleChars = (inputs: readonly TimelineInput[]): number =>
  inputs.reduce((n, i) => n + consoleLine(i).length, 0);

/**
 * A query string as the view it opens, whatever the page is shown in: presenter mode and quiz
 * mode left out, and a scenario named by its quiz id named by its own (what `viewLink` writes).
 * The browser's Back and Forward compare the address with the view by it.
 */
export function canonicalSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete(PRESENT_PARAM);
  params.delete(QUIZ_PARAM);
  const scenario = params.get('scenario');
  const sc = scenario === null ? undefined : findScenario(scenario.trim());
  if (sc) params.set('scenario', sc.id);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The query string that reproduces the current view (defaults left out, so links stay short).
 * Step presses alone are a count (`step`); anything else done by hand makes it the whole run
 * (`run`), unless that is longer than a link should be: then `isRunDropped`, and the link keeps
 * only the settings. After Back, both hold what Back stepped over too, and `at` says how many of
 * their actions the view shows. In quiz mode (`isQuiz`) a scenario is named by its quiz id, as
 * its title is by its quiz title: `stale-set`, beside "is the cached copy stale?", would answer it.
 */
export function viewLink(
  state: Pick<SandboxState, 'config' | 'scenarioId' | 'timeline' | 'cursor'> &
    Partial<Pick<SandboxState, 'linkRun'>>,
  options: { isQuiz?: boolean } = {},
): { search: string; isRunDropped: boolean } {
  const params = new URLSearchParams();
  const c = state.config;
  const sc = state.scenarioId === null ? undefined : findScenario(state.scenarioId);
  if (state.scenarioId !== null)
    params.set(
      'scenario',
      options.isQuiz === true && sc !== undefined ? quizIdOf(sc) : state.scenarioId,
    );
  if (c.seed !== DEFAULT_SANDBOX_CONFIG.seed) params.set('seed', String(c.seed));
  // The whole timeline, and where the view stands in it: a Back leaves the steps it stepped over
  // to redo ("Step 9 of 10"), and the link keeps them, so it opens as the page shows.
  // A code link's run the page has not yet acted on stays as it came (see `LinkRun`).
  const shown = shownLinkRun(state);
  const kept = shown?.keepsRun === true ? shown : null;
  const inputs = kept !== null ? kept.inputs : inputsAt(state.timeline, state.timeline.length);
  const at = kept !== null ? kept.at : state.cursor < inputs.length ? state.cursor : undefined;
  let isRunDropped = false;
  if (inputs.every((i) => i.type === 'press')) {
    if (inputs.length > 0) params.set('step', String(inputs.length));
  } else {
    // The encoded run holds every console line (base64: 4/3 of their length at least), so when
    // those alone exceed the limit, skip encoding: a megabyte of lines costs a second to encode.
    // A link refuses a console line longer than it carries, so such a run is not shared at all.
    const isShareable =
      consoleChars(inputs) <= MAX_RUN_CHARS &&
      inputs.every((i) => consoleLine(i).length <= MAX_RUN_LINE_CHARS);
    const run = isShareable ? encodeRun(inputs) : null;
    if (run !== null && run.length <= MAX_RUN_CHARS) params.set('run', run);
    else isRunDropped = true;
  }
  if (at !== undefined && !isRunDropped) params.set('at', String(at));
  const base: SandboxConfig = sc
    ? scenarioConfig(sc, DEFAULT_SANDBOX_CONFIG)
    : DEFAULT_SANDBOX_CONFIG;
  // The seed goes first (above), the others in the schema's order.
  for (const { key, param } of SANDBOX_PARAMS)
    if (key !== 'seed' && c[key] !== base[key]) params.set(param, String(c[key]));
  const text = params.toString();
  return { search: text === '' ? '' : `?${text}`, isRunDropped };
}
