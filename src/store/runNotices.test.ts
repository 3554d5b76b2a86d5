import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { nextInCourse } from '../scenarios/course';
import { createAutomationApi } from './automationApi';
import { createQuizApi } from './quizApi';
import { createSandboxStore } from './sandboxStore';
import { encodeRun } from './linkRun';
import { parseViewParams } from './urlState';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const texts = (store: ReturnType<typeof createSandboxStore>) =>
  store.getState().notices.map((n) => n.text);

it("a notice about the run left goes when the course's next scenario opens; one still true stays", async () => {
  const { view } = parseViewParams('?scenario=stale-set&step=99');
  const store = createSandboxStore();
  await store.getState().start(SQL, view);
  // A notice from outside the run (a link's setting, storage, the code): still true later.
  store.getState().notify('Some link settings were not used as given: bad ttl "x".', 'error');
  expect(texts(store)).toEqual([
    expect.stringMatching(/^The link's run could only be restored up to Step press \d+ of 99/),
    'Some link settings were not used as given: bad ttl "x".',
  ]);

  await store.getState().loadScenario(nextInCourse('stale-set')!.id);
  expect(texts(store)).toEqual(['Some link settings were not used as given: bad ttl "x".']);
});

it("a refusal about a scenario's run stays while that scenario is open, and goes with it", async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL, parseViewParams('?scenario=stale-set').view);
  const refusal = await store.getState().stepActor('Z');
  expect(refusal).toMatch(/^There is no actor "Z"/);
  await store.getState().step();
  expect(texts(store)).toEqual([refusal]);
  // The same scenario opened again (its picker entry, a link): the run is still this one's.
  await store.getState().loadScenario('stale-set');
  expect(texts(store)).toEqual([refusal]);
  await store.getState().openView(parseViewParams('?scenario=stale-read').view);
  expect(texts(store)).toEqual([]);
});

it("a refusal of window.cacheAside's call and the quiz's request to answer first go when another scenario opens", async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL, parseViewParams('?scenario=stampede').view);
  const api = createAutomationApi(store, async () => {});
  await expect(api.advanceClock(-1)).rejects.toThrow(/^advanceClock: ms/);
  await expect(api.configure({ ttlSeconds: -1 })).rejects.toThrow(/^ttlSeconds/);
  const quiz = createQuizApi(store, () => Promise.resolve());
  await quiz.setEnabled(true);
  while ((await quiz.question()) === null) await store.getState().step();
  store.getState().play();
  expect(texts(store)).toEqual([
    expect.stringMatching(/^advanceClock: ms/),
    expect.stringMatching(/^ttlSeconds/),
    'Answer the question first (or press Step to skip it).',
  ]);

  await store.getState().loadScenario('stale-set');
  expect(texts(store)).toEqual([]);
});

it("a link's action refused as it replays is said once, in the notice of where the replay stopped", async () => {
  // Until 2026-12-06 a link whose read named an actor the run does not have showed two alerts,
  // "There is no actor "Z" (actors: A, B)." and the replay's notice quoting it again.
  const run = encodeRun([
    { type: 'read', actor: 'A', id: 1 },
    { type: 'press' },
    { type: 'read', actor: 'Z', id: 1 },
  ]);
  const store = createSandboxStore();
  await store.getState().start(SQL, parseViewParams(`?run=${run}`).view);
  expect(texts(store)).toEqual([
    `The link's run could only be restored up to action 2 of 3: action 3 was refused (there is no actor "Z" (actors: A, B)), and the run ends there. The page shows the run up to there.`,
  ]);
  expect(store.getState().snapshot!.commands).toBe(1);
});

it("a link's malformed action ends the replay as a refused one does: what came before it is replayed, and one notice says which and why", async () => {
  // Until 2026-12-06 one malformed action threw the whole run away, the good actions before it
  // included ("the run in the link could not be restored (...); it starts from the beginning").
  const items = [['r', 'A', 1], 1, ['r', 'A', 5000], 2, ['R', 'GET user:1']];
  const run = `1.${Buffer.from(JSON.stringify(items)).toString('base64url')}`;
  const { view, problems } = parseViewParams(`?run=${run}`);
  expect(problems).toEqual([]);
  const store = createSandboxStore();
  await store.getState().start(SQL, view);
  expect(texts(store)).toEqual([
    `The link's run could only be restored up to action 2 of 6: action 3 is malformed ((r) id must be a whole number from 1 to 1,000, got 5000), and the 3 after it were not tried. The page shows the run up to there.`,
  ]);
  expect(store.getState().snapshot!.commands).toBe(1);
  expect(store.getState().timeline).toHaveLength(2);
});
