import type { SqlJsStatic } from 'sql.js';
import { createStore } from 'zustand/vanilla';
import { findScenario, type Scenario } from '../scenarios';
import { isAnswerable, judgeQuiz, quizQuestion } from '../scenarios/quiz';
import { quoted } from '../schema/fields';
import { describeNextStep } from './nextStep';
import { PRESENT_PARAM } from './presenter';
import { QUIZ_PARAM } from './quizLink';
import type { SandboxConfig } from './sandboxConfig';
import { createSandboxStore, type SandboxStore, type SandboxStoreApi } from './sandboxStore';
import type { SandboxState } from './sandboxState';
import { selectLastStepEvents } from './diagramSelectors';
import { interventions, listInterventions } from './offScript';
import { selectNotesCaveat } from './scriptSelectors';
import { shown } from './shown';
import { parseViewParams, viewLink } from './urlState';

/** The handout's address: `#/handout?scenario=…` and the sandbox's settings, as a link names them. */
export const HANDOUT_HASH = '#/handout';

/** What a handout's address asks for, read as the sandbox reads a link. */
export type HandoutRequest =
  | {
      type: 'handout';
      scenario: Scenario;
      config: SandboxConfig;
      /** The sandbox's query for these settings (no step): the way back to the sandbox. */
      query: string;
      /** What was not used as given, each said as the sandbox's link notice says it. */
      problems: string[];
    }
  /** No handout can be made: the reason, for the page's notice. */
  | { type: 'refused'; refusal: string };

/** Parameters of a sandbox link that name a place in a run, not the scenario's settings. */
const RUN_PARAMS = ['step', 'at', 'run'];

/** Why a handout is refused in quiz mode (the page shows it in place of the handout). */
export const QUIZ_REFUSAL =
  "No handout in quiz mode: a handout prints every beat's narration and the outcome's verdict, which answer the questions the quiz asks the room. Turn quiz mode off (Q, or its checkbox in the sandbox) to make one, and hand it out after the quiz.";

/**
 * Reads a handout's query (the part after `#/handout`). The scenario and its settings are read by
 * the sandbox's own link parser, so a setting the sandbox refuses is refused here in its words
 * and the handout is played without it; a place in a run (`step`, `at`, `run`) is set aside, as a
 * handout plays every beat from the seed, and so is presenter mode (`present`), said too; quiz mode (`quiz=1`, a scenario named by its quiz id)
 * is refused, as is an address that names no scenario the page has.
 */
export function parseHandoutQuery(search: string): HandoutRequest {
  const params = new URLSearchParams(search);
  const named = params.get('scenario')?.trim() ?? null;
  const sc = named === null ? undefined : findScenario(named);
  if (params.get(QUIZ_PARAM) === '1' || (sc !== undefined && named !== sc.id))
    return { type: 'refused', refusal: QUIZ_REFUSAL };
  const rest = new URLSearchParams(params);
  for (const name of [...RUN_PARAMS, PRESENT_PARAM, QUIZ_PARAM]) rest.delete(name);
  const { view, problems } = parseViewParams(`?${rest.toString()}`);
  if (named === null || sc === undefined || view.scenarioId === null)
    return {
      type: 'refused',
      refusal:
        named === null
          ? 'A handout is of a scenario, and this address names none: open a scenario in the sandbox and press Handout.'
          : `No handout: unknown scenario ${quoted(named)}. Open a scenario in the sandbox and press Handout.`,
    };
  for (const name of RUN_PARAMS)
    if (params.has(name))
      problems.push(`${quoted(name)} not read: a handout plays every beat from the seed`);
  if (params.has(PRESENT_PARAM))
    problems.push(
      `${quoted(PRESENT_PARAM)} not read: a handout is printed, not presented (open the sandbox's link for presenter mode)`,
    );
  const { search: query } = viewLink({
    config: view.config,
    scenarioId: sc.id,
    timeline: [],
    cursor: 0,
  });
  return { type: 'handout', scenario: sc, config: view.config, query, problems };
}

/**
 * The handout's address (its `#` part) for the view the sandbox shows: its scenario and settings,
 * not its place in the run. Null in free play, which has no beats to print.
 */
export function handoutHash(state: Pick<SandboxStore, 'config' | 'scenarioId'>): string | null {
  if (state.scenarioId === null) return null;
  const { search } = viewLink({ ...state, timeline: [], cursor: 0 });
  return `${HANDOUT_HASH}${search}`;
}

/**
 * Said beside the Handout link while the run shown holds what the learner did between the
 * scenario's steps (a console line, Redis taken down, the clock moved, an actor's own Step): the
 * handout's address carries the settings, not those, so it plays the scenario's steps alone and
 * its narration and verdict are the authored run's, not this one's. Null while there are none.
 */
export function selectHandoutLeavesOut(s: SandboxState): string | null {
  const sc = s.scenarioId === null ? undefined : findScenario(s.scenarioId);
  if (!sc) return null;
  const done = interventions(s.timeline, s.cursor, sc.beats.length);
  if (done.length === 0) return null;
  return shown(
    `The handout plays the scenario's steps alone, without what this run did between them (${listInterventions(done)}).`,
  );
}

/**
 * Where a Handout link or key leads from the view shown (the `#` part): its handout, or in quiz
 * mode the handout's refusal, whose address names no scenario (quiz mode's links name none by its
 * id, and the handout would answer the questions). Null in free play.
 */
export function handoutHref(
  state: Pick<SandboxStore, 'config' | 'scenarioId'>,
  isQuizOn: boolean,
): string | null {
  const hash = handoutHash(state);
  if (hash === null) return null;
  return isQuizOn ? `${HANDOUT_HASH}?${QUIZ_PARAM}=1` : hash;
}

/**
 * Where the handout's "Back to the sandbox" leads (`?…#/`): the sandbox's address the handout was
 * opened over (`pageSearch`, the page's own query, which the sandbox's Handout link keeps) while
 * it shows the same scenario under the same settings, so the learner returns to the run left, at
 * its step, with its console lines and outages (the link that led to the handout is a hash
 * change, and so is this one: the sandbox is still in memory); else the handout's own
 * scenario and settings from their start (a handout opened from a link, or its own tab).
 */
export function handoutBackHref(handoutQuery: string, pageSearch: string): string {
  const page = parseHandoutQuery(pageSearch);
  if (page.type === 'handout' && page.query === handoutQuery) return `${pageSearch}#/`;
  return `${handoutQuery === '' ? '?' : handoutQuery}#/`;
}

/**
 * The sandbox's query that opens the handout's run at `step` (0: before the first Step), its
 * parameters in the order the sandbox writes them (`viewLink`: the scenario, the seed, the step,
 * then the settings), so the address the sandbox opens at is the one it keeps.
 */
export function sandboxQueryAt(query: string, step: number): string {
  const params = new URLSearchParams(query);
  const ordered = new URLSearchParams();
  for (const name of ['scenario', 'seed']) {
    const value = params.get(name);
    if (value !== null) ordered.set(name, value);
    params.delete(name);
  }
  if (step > 0) ordered.set('step', String(step));
  for (const [name, value] of params) ordered.append(name, value);
  return `?${ordered.toString()}`;
}

/**
 * What the presenter has at a beat, as the sandbox gives it there (presenter mode's next line, its
 * speaker notes, quiz mode's question): from the scenario's data and the engine, nothing else.
 */
export interface BeatCues {
  /**
   * The scenario's speaker notes for the beat (the intro's before the first Step), with the
   * caveat the page prefaces them with once the run left the script; null where it has none.
   */
  notes: { text: string; caveat: string | null } | null;
  /**
   * The question quiz mode asks before the next Step, where the scenario marks that beat with
   * one; or, where this run cannot answer it (a fix changed what the beat sends), the question
   * with the engine's reason the sandbox gives for not asking it. Null: the next beat asks none.
   */
  question:
    | { type: 'asked'; text: string; choices: string[] }
    | { type: 'unasked'; text: string; why: string }
    | null;
  /** The next press in the engine's words, as presenter mode says it (`next: B sends DEL user:123`). */
  next: string;
}

/** A run played for a handout: the sandbox's state before the first Step and after each beat. */
export type HandoutRun =
  | { type: 'played'; beats: SandboxStoreApi[]; cues: BeatCues[] }
  | { type: 'failed'; failure: string };

/** The speaker notes the sandbox shows at a beat, and their caveat (src/ui/SpeakerNotes.tsx). */
function notesAt(scenario: Scenario, s: SandboxState): BeatCues['notes'] {
  const text = s.beat === 0 ? scenario.introNotes : scenario.beats[s.beat - 1]?.notes;
  return text === undefined ? null : { text, caveat: selectNotesCaveat(s) };
}

/**
 * The question of the beat `after` has just played, judged on what the engine did in it, as quiz
 * mode judges an answer: asked where the run's answer is one of its choices, else not asked,
 * with why (the sandbox checks the same on a copy of the run before it asks).
 */
function questionOf(scenario: Scenario, after: SandboxState): BeatCues['question'] {
  const quiz = scenario.beats[after.beat - 1]?.quiz;
  if (!quiz || !after.snapshot) return null;
  const question = quizQuestion(quiz);
  const queued = after.timeline[after.cursor - 1]?.queued ?? [];
  const truth = judgeQuiz(quiz, selectLastStepEvents(after), after.snapshot, (actor) =>
    queued.includes(actor),
  );
  return isAnswerable(question, truth)
    ? { type: 'asked', text: question.text, choices: question.choices.map((c) => c.label) }
    : { type: 'unasked', text: question.text, why: truth.why };
}

/**
 * Plays `scenario` under `config` as the sandbox plays a link to it: a sandbox store of its own,
 * opened from the seed, one Step press a beat. Each beat's state is kept in a store that holds
 * it still (drawn, not animated), so the page's own components draw each beat as the sandbox
 * drew it at that step, with the presenter's cues there: the next press (played on a copy, as
 * presenter mode previews it), the speaker notes and the question asked before the next beat.
 * A press the sandbox refuses ends the run there, and says so.
 */
export async function playHandout(
  SQL: SqlJsStatic,
  scenario: Scenario,
  config: SandboxConfig,
): Promise<HandoutRun> {
  const store = createSandboxStore();
  await store.getState().start(SQL, { scenarioId: scenario.id, config, inputs: [] });
  const opened = store.getState();
  if (opened.status !== 'ready')
    return { type: 'failed', failure: opened.failure ?? 'the sandbox could not start' };
  const still = (): SandboxStoreApi =>
    createStore<SandboxStore>()(() => ({
      ...store.getState(),
      animatedStep: null,
      isPlaying: false,
    }));
  const cuesHere = async (): Promise<BeatCues> => ({
    notes: notesAt(scenario, store.getState()),
    question: null,
    next: shown(describeNextStep(await store.getState().previewNextStep())),
  });
  const beats = [still()];
  const cues = [await cuesHere()];
  for (let beat = 1; beat <= scenario.beats.length; beat++) {
    const pressed = await store.getState().press();
    if (pressed.type === 'refused')
      return { type: 'failed', failure: `step ${beat} was refused: ${pressed.refusal}` };
    if (pressed.type === 'nothingToStep') break;
    // The question is asked at the beat before the one it is about.
    cues[cues.length - 1].question = questionOf(scenario, store.getState());
    beats.push(still());
    cues.push(await cuesHere());
  }
  return { type: 'played', beats, cues };
}
