import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { loadSqlJsNode } from '../engine/testSim';
import { learnerBeside } from '../app/testLearner';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore } from './sandboxStore';
import type { TimelineInput } from './timeline';
import { encodeRun } from './linkRun';
import { viewLink } from './urlState';

// A link made while the sender's code ran carries its code and its run. The page replays the run
// at once with our programs (the code runs only on Run my version), and our read path may take
// fewer steps than the sender's: that replay stops short. Run my version then replays the link's
// whole run with the code, as the code panel's note promises, not only the steps ours could take.

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** The starter read path with one more GET first: four steps where ours takes three. */
const READ_WITH_EXTRA_GET = READ_STARTER.replace(
  "const cached = yield redis('GET', key);",
  "yield redis('GET', key);\n  const cached = yield redis('GET', key);",
);

const press: TimelineInput = { type: 'press' };
const LINK_RUN: TimelineInput[] = [{ type: 'read', actor: 'A', id: 1 }, press, press, press, press];

/** A sandbox opened on a link holding `LINK_RUN` (with code, when `keepsRun`). */
async function openLink(keepsRun?: boolean) {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL, {
    scenarioId: null,
    config: DEFAULT_SANDBOX_CONFIG,
    inputs: LINK_RUN,
    ...(keepsRun ? { keepsRun } : {}),
  });
  return sandbox;
}

it("Run my version replays a link's whole run with its code, not only the steps ours could take", async () => {
  expect(READ_WITH_EXTRA_GET).not.toBe(READ_STARTER);
  const sandbox = await openLink();
  const s = () => sandbox.getState();
  // Ours: GET, SELECT, SET, and the fourth press has nothing to step.
  expect(s().snapshot!.events.map((e) => e.command.split(' ')[0])).toEqual([
    'GET',
    'SELECT',
    'SET',
  ]);
  expect(
    s()
      .notices.map((n) => n.text)
      .join(' '),
  ).toContain("The link's run could only be restored up to action 4 of 5");

  const learner = await learnerBeside(sandbox, SQL);
  learner.getState().showFromLink({ read: READ_WITH_EXTRA_GET });
  expect(await learner.getState().run(['read'])).toBeNull();
  expect(s().snapshot!.events.map((e) => e.command.split(' ')[0])).toEqual([
    'GET',
    'GET',
    'SELECT',
    'SET',
  ]);
  expect(s().cursor).toBe(5);
  // The notice about the replay that stopped short is gone: this one did not.
  expect(
    s()
      .notices.map((n) => n.text)
      .join(' '),
  ).not.toContain('could only be restored');
});

it('after a step of its own, Run my version replays what the sandbox holds, not the link', async () => {
  const sandbox = await openLink();
  const s = () => sandbox.getState();
  expect(await s().startRead('B', 2)).toBeNull();
  const learner = await learnerBeside(sandbox, SQL);
  learner.getState().showFromLink({ read: READ_WITH_EXTRA_GET });
  expect(await learner.getState().run(['read'])).toBeNull();
  // The learner's inputs since the link (B's read queued) stay; the link is not replayed over them.
  expect(s().timeline.map((e) => e.input.type)).toEqual([
    'read',
    'press',
    'press',
    'press',
    'read',
  ]);
});

it("the address keeps a code link's whole run until the page acts on it, so a reload does not cut it short", async () => {
  const sandbox = await openLink(true);
  const s = () => sandbox.getState();
  // The replay under our programs kept four of the five actions; the address keeps all five.
  expect(s().timeline).toHaveLength(4);
  expect(viewLink(s()).search).toBe(`?run=${encodeRun(LINK_RUN)}`);
  // A step of the learner's own: the address holds what the page holds from then on.
  expect(await s().startRead('B', 2)).toBeNull();
  const now = s().timeline.map((e) => e.input);
  expect(now).toHaveLength(5);
  expect(viewLink(s()).search).toBe(`?run=${encodeRun(now)}`);
});

it('a link without code links what the page replayed: a reload replays the same', async () => {
  const sandbox = await openLink();
  const replayed = sandbox.getState().timeline.map((e) => e.input);
  expect(replayed).toHaveLength(4);
  expect(viewLink(sandbox.getState()).search).toBe(`?run=${encodeRun(replayed)}`);
});

// One record of the link's run says whether the page still shows it: the address and Run my
// version agree. Back then Step comes to the same position by acting on the run, and both
// then hold what the sandbox holds (the address had dropped the link's run while Run my
// version still replayed all of it).
it('after Back and Step, the address and Run my version both hold what the sandbox holds', async () => {
  const sandbox = await openLink(true);
  const s = () => sandbox.getState();
  expect(await s().back()).toBe(true);
  expect(await s().step()).toBe(true);
  const held = s().timeline.map((e) => e.input);
  expect(held).toHaveLength(4);
  expect(viewLink(s()).search).toBe(`?run=${encodeRun(held)}`);
  const learner = await learnerBeside(sandbox, SQL);
  learner.getState().showFromLink({ read: READ_WITH_EXTRA_GET });
  expect(await learner.getState().run(['read'])).toBeNull();
  // The four inputs held, with the code: A's read gets as far as its SELECT, not the link's SET.
  expect(s().timeline.map((e) => e.input)).toEqual(held);
  expect(s().snapshot!.events.map((e) => e.command.split(' ')[0])).toEqual([
    'GET',
    'GET',
    'SELECT',
  ]);
  expect(viewLink(s()).search).toBe(`?run=${encodeRun(held)}`);
});
