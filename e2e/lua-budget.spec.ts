import type { Remote } from './fixtures';
import { expect, test } from './fixtures';
import type { LearnerApi } from '../src/store/learnerApi';

// A Lua loop in the learner's code runs on ioredis-mock's Lua, on the page's thread (or the
// explorer's and the lab's workers): it is stopped after a count of Lua instructions, its
// request fails with the budget's error, and the page goes on.

// Each count and exploration replays the run in a worker: seconds on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

const learner = (api: unknown) => api as Remote<LearnerApi>;

const RUNAWAY_SCRIPT =
  "function* read(id, ctx) {\n  yield redis('EVAL', 'while true do end', 0);\n  return null;\n}";
const TOO_LONG = /ERR script ran too long: stopped after 500,000 Lua instructions/;

test('a Lua loop in your read path fails its request after Step; the page, the explorer and the lab go on', async ({
  sandbox,
  explorer,
  api,
  page,
}) => {
  await sandbox.open();
  const mine = learner(api);
  expect(await mine.setProgram('read', RUNAWAY_SCRIPT)).toEqual({ ok: true });
  await api.read('A', 1);

  // The explorer counts the queued read in its worker: the count ends, and so does a run.
  // (It waits for an idle page, then replays the run in a worker: slow on a busy machine.)
  await expect(explorer.count).toContainText('One interleaving', { timeout: 60_000 });
  const explored = await api.explore({});
  expect(explored.outcomes).toMatchObject({ error: 1 });

  // Step: the script is stopped, the request fails with the budget's error, shown.
  await sandbox.stepButton.click();
  await expect(page.getByTestId('narration.note')).toContainText(TOO_LONG);
  expect((await api.state()).stats.failedRequests).toBe(1);

  // The lab's worker stops the run with the same message.
  await expect(api.lab.run({ requests: 50, keys: 5 })).rejects.toThrow(TOO_LONG);

  // The page still answers: our programs back, a read runs as ever.
  await mine.resetPrograms();
  await api.read('A', 1);
  const after = await api.runToEnd();
  expect(after.cache.map((e) => e.key)).toContain('user:1');
});

test("a string doubled by '..' in your script is refused at once in the page, and a script's error is worded as Redis'", async ({
  sandbox,
  api,
  page,
}) => {
  await sandbox.open();
  const mine = learner(api);
  const doubling =
    "function* read(id, ctx) {\n  yield redis('EVAL', \"local s='x' for i=1,40 do s=s..s end return #s\", 0);\n  return null;\n}";
  expect(await mine.setProgram('read', doubling)).toEqual({ ok: true });
  await api.read('A', 1);
  await sandbox.stepButton.click();
  await expect(page.getByTestId('narration.note')).toContainText(
    "ERR '..' would make a string of 8,388,608 bytes; this sandbox's Lua makes at most 4,194,304",
  );

  const raising =
    "function* read(id, ctx) {\n  yield redis('EVAL', \"error('boom')\", 0);\n  return null;\n}";
  expect(await mine.setProgram('read', raising)).toEqual({ ok: true });
  await api.read('B', 1);
  await sandbox.stepButton.click();
  await expect(page.getByTestId('narration.note')).toContainText(
    'ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on @user_script:1.',
  );
});

test("a script in the page has Redis 7's read-only libraries and Lua 5.1's string.format", async ({
  sandbox,
  api,
  page,
}) => {
  await sandbox.open();
  const mine = learner(api);
  const program = (script: string) =>
    `function* read(id, ctx) {\n  yield redis('EVAL', ${JSON.stringify(script)}, 0);\n  return null;\n}`;
  // The page's bundle patches the same fengari table module its scripts run on.
  expect(await mine.setProgram('read', program('string.x = 1 return 1'))).toEqual({ ok: true });
  await api.read('A', 1);
  await sandbox.stepButton.click();
  await expect(page.getByTestId('narration.note')).toContainText(
    'ERR user_script:1: Attempt to modify a readonly table',
  );

  // The note shows a script's error: the formatted text is raised as one.
  const format = "error(string.format('%.1f %g %.3g', 0.25, 1e20, 2.5e-5))";
  expect(await mine.setProgram('read', program(format))).toEqual({ ok: true });
  await api.read('B', 1);
  await sandbox.stepButton.click();
  await expect(page.getByTestId('narration.note')).toContainText(
    'ERR user_script:1: 0.2 1e+20 2.5e-05',
  );
});
