import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '../scenarios';
import {
  handoutBackHref,
  handoutHash,
  parseHandoutQuery,
  selectHandoutLeavesOut,
  playHandout,
  QUIZ_REFUSAL,
  sandboxQueryAt,
} from './handout';
import { describeNextStep } from './nextStep';
import { createQuizApi } from './quizApi';
import { openQuestion, unaskedQuestion } from './openQuestion';
import { quizStoreFor } from './quizStore';
import { createSandboxStore } from './sandboxStore';
import { selectComparedRows } from './comparedRows';
import { selectLastStepEvents } from './diagramSelectors';
import { selectNarration } from './narrationSelectors';
import { selectNotesCaveat, selectOffScriptChanges } from './scriptSelectors';
import { shown as shownText } from './shown';
import { parseViewParams } from './urlState';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const handout = (query: string) => {
  const request = parseHandoutQuery(query);
  if (request.type !== 'handout') throw new Error(request.refusal);
  return request;
};

describe('parseHandoutQuery', () => {
  it('reads the scenario and its settings as a sandbox link does', () => {
    const r = handout('?scenario=stale-set&mitigation=lease');
    expect(r.scenario.id).toBe('stale-set');
    expect(r.config.readMitigation).toBe('lease');
    expect(r.query).toBe('?scenario=stale-set&mitigation=lease');
    expect(r.problems).toEqual([]);
  });

  it('plays a bad setting as the sandbox would, and names it in the sandbox words', () => {
    const r = handout('?scenario=stale-set&mitigation=wishful');
    expect(r.config.readMitigation).toBe(handout('?scenario=stale-set').config.readMitigation);
    expect(r.problems).toEqual(parseViewParams('?scenario=stale-set&mitigation=wishful').problems);
    expect(r.problems[0]).toMatch(/mitigation/);
    expect(r.query).toBe('?scenario=stale-set');
  });

  it('sets a place in a run aside, and says so', () => {
    const r = handout('?scenario=stale-set&step=3&present=1');
    expect(r.problems).toEqual([
      '"step" not read: a handout plays every beat from the seed',
      '"present" not read: a handout is printed, not presented (open the sandbox\'s link for presenter mode)',
    ]);
    expect(r.query).toBe('?scenario=stale-set');
  });

  it('refuses an address that names no scenario, or one the page does not have', () => {
    expect(parseHandoutQuery('')).toMatchObject({ type: 'refused' });
    expect(parseHandoutQuery('?scenario=nope')).toEqual({
      type: 'refused',
      refusal:
        'No handout: unknown scenario "nope". Open a scenario in the sandbox and press Handout.',
    });
  });

  it('refuses quiz mode: by quiz=1, and by a scenario named by its quiz id', () => {
    expect(parseHandoutQuery('?scenario=stale-set&quiz=1')).toEqual({
      type: 'refused',
      refusal: QUIZ_REFUSAL,
    });
    const quizzed = findScenario('stale-set')!;
    expect(quizzed.quizId).toBeDefined();
    expect(parseHandoutQuery(`?scenario=${quizzed.quizId}`)).toEqual({
      type: 'refused',
      refusal: QUIZ_REFUSAL,
    });
  });
});

describe('handoutHash and sandboxQueryAt', () => {
  it('name the view shown without its place in the run, and that place again', () => {
    expect(handoutHash({ scenarioId: null, config: handout('?scenario=stale-set').config })).toBe(
      null,
    );
    const { config, query } = handout('?scenario=stale-set&mitigation=lease');
    expect(handoutHash({ scenarioId: 'stale-set', config })).toBe(
      '#/handout?scenario=stale-set&mitigation=lease',
    );
    expect(sandboxQueryAt(query, 0)).toBe('?scenario=stale-set&mitigation=lease');
    expect(sandboxQueryAt(query, 4)).toBe('?scenario=stale-set&step=4&mitigation=lease');
  });
});

describe('handoutBackHref', () => {
  it("leads back to the sandbox's run the handout was opened over, else to the handout's scenario from its start", () => {
    const { query } = handout('?scenario=stale-set&mitigation=lease');
    // Opened by the sandbox's Handout link: its address keeps the run's step and console lines.
    const run = '?scenario=stale-set&run=1.WzMsWyJSIiwiU0VUIHVzZXI6OSB4Il0sMV0&mitigation=lease';
    expect(handoutBackHref(query, run)).toBe(`${run}#/`);
    expect(handoutBackHref(query, '?scenario=stale-set&step=3&mitigation=lease')).toBe(
      '?scenario=stale-set&step=3&mitigation=lease#/',
    );
    // Opened on its own (a shared link, presenter mode's new tab), or over another view.
    expect(handoutBackHref(query, '')).toBe('?scenario=stale-set&mitigation=lease#/');
    expect(handoutBackHref(query, '?scenario=stale-set&step=3')).toBe(
      '?scenario=stale-set&mitigation=lease#/',
    );
    expect(handoutBackHref(query, '?scenario=cold-read&mitigation=lease')).toBe(
      '?scenario=stale-set&mitigation=lease#/',
    );
  });
});

describe('selectHandoutLeavesOut', () => {
  it('says beside the Handout link what the run did between the steps, which the handout does not play', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stale-set');
    expect(selectHandoutLeavesOut(store.getState())).toBe(null);
    await store.getState().step();
    await store.getState().step();
    await store.getState().runRedis('SET user:9 x');
    await store.getState().setCacheAvailable(false);
    expect(selectHandoutLeavesOut(store.getState())).toBe(
      "The handout plays the scenario's steps alone, without what this run did between them (SET user:9 x in the Redis console, Redis taken down).",
    );
    // Back before them: the run shown is the scenario's again, as the handout plays it.
    await store.getState().back();
    await store.getState().back();
    expect(selectHandoutLeavesOut(store.getState())).toBe(null);
  });
});

/** The sandbox opened as a link `?…&step=N` opens it: the run replayed to that step. */
async function sandboxAt(query: string, step: number) {
  const store = createSandboxStore();
  const { view } = parseViewParams(sandboxQueryAt(query, step));
  await store.getState().start(SQL, view);
  return store.getState();
}

describe('playHandout', () => {
  it.each([
    ['?scenario=stale-set', false],
    ['?scenario=cold-read', false],
    ['?scenario=stale-set&mitigation=lease', true],
  ])(
    '%s: each beat is the sandbox at that step (narration, rows compared)',
    async (query, isVariant) => {
      const { scenario, config } = handout(query);
      const run = await playHandout(SQL, scenario, config);
      if (run.type !== 'played') throw new Error(run.failure);
      expect(run.beats).toHaveLength(scenario.beats.length + 1);
      for (const [step, beat] of run.beats.entries()) {
        const shown = beat.getState();
        const page = await sandboxAt(query, step);
        expect(shown.beat).toBe(step);
        expect(selectNarration(shown)).toBe(selectNarration(page));
        expect(selectComparedRows(shown)).toEqual(selectComparedRows(page));
        expect(selectOffScriptChanges(shown).length > 0).toBe(isVariant);
        if (step > 0 && !isVariant)
          expect(selectNarration(shown)).toBe(scenario.beats[step - 1].narration);
      }
      const last = run.beats.at(-1)!.getState();
      expect(last.outcome?.isJudged).toBe(true);
    },
  );

  it('holds each beat still: the diagram is drawn, not animated', async () => {
    const { scenario, config } = handout('?scenario=cold-read');
    const run = await playHandout(SQL, scenario, config);
    if (run.type !== 'played') throw new Error(run.failure);
    expect(run.beats.map((b) => b.getState().animatedStep)).toEqual(run.beats.map(() => null));
  });

  it.each(['?scenario=stale-set', '?scenario=cold-read', '?scenario=stale-set&mitigation=lease'])(
    "%s: each beat carries the presenter's cues the sandbox gives at that step",
    async (query) => {
      const { scenario, config } = handout(query);
      const run = await playHandout(SQL, scenario, config);
      if (run.type !== 'played') throw new Error(run.failure);
      expect(run.cues).toHaveLength(run.beats.length);
      for (const [step, cue] of run.cues.entries()) {
        const page = await sandboxAt(query, step);
        // The next press, in the words presenter mode shows under the diagram.
        expect(cue.next).toBe(shownText(describeNextStep(await page.previewNextStep())));
        // The speaker notes the scenario data gives for the beat, prefaced as the page prefaces them.
        const notes = step === 0 ? scenario.introNotes : scenario.beats[step - 1].notes;
        expect(cue.notes).toEqual(
          notes === undefined ? null : { text: notes, caveat: selectNotesCaveat(page) },
        );
        // The question quiz mode asks before the next Step, where the scenario marks one.
        const asked = openQuestion(page, true);
        expect(cue.question).toEqual(
          asked === null
            ? null
            : { type: 'asked', text: asked.text, choices: asked.choices.map((c) => c.label) },
        );
      }
      expect(run.cues.some((c) => c.question !== null)).toBe(true);
      // Before each beat but the last, the line names who sends the beat's first command.
      for (const [step, cue] of run.cues.slice(0, -1).entries()) {
        const [first] = selectLastStepEvents(run.beats[step + 1].getState());
        expect(cue.next.startsWith(`next: ${first.actor} `)).toBe(true);
      }
    },
  );

  it('a question the run shown cannot answer is said to be left unasked, with the reason the sandbox gives', async () => {
    // Under early refresh, stale-read's third beat finds A's read still queued: no version returned.
    const query = '?scenario=stale-read&mitigation=early-refresh';
    const { scenario, config } = handout(query);
    const run = await playHandout(SQL, scenario, config);
    if (run.type !== 'played') throw new Error(run.failure);
    const store = createSandboxStore();
    await store.getState().start(SQL, parseViewParams(sandboxQueryAt(query, 2)).view);
    const api = createQuizApi(store, () => Promise.resolve());
    await api.setEnabled(true);
    expect(await api.question()).toBeNull();
    const unasked = unaskedQuestion(store.getState(), true, quizStoreFor(store).getState().premise);
    expect(unasked).not.toBeNull();
    expect(run.cues[2].question).toEqual({
      type: 'unasked',
      text: unasked!.question.text,
      why: unasked!.why,
    });
  });
});
