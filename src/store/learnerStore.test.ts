import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { CheckerNotLoadedError, checkLearnerProgram } from '../engine/learnerCheck';
import {
  READ_RECHECK_FIX,
  READ_STARTER,
  readStarter,
  WRITE_STARTERS,
  writeStarter,
} from '../engine/programs/learnerSources';
import { loadSqlJsNode } from '../engine/testSim';
import { learnerBeside } from '../app/testLearner';
import { createLearnerApi } from './learnerApi';
import { CANCELLED_VERDICT } from './learnerChecks';
import { createLearnerStore, REPLACED_RUN } from './learnerStore';
import { createSandboxStore } from './sandboxStore';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** A sandbox and the learner's code beside it, with QuickJS as the page has it. */
async function setUp() {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const learner = await learnerBeside(sandbox, SQL);
  return { sandbox, learner };
}

it('checking a challenge leaves the program the sandbox runs alone: a read in flight finishes', async () => {
  const { sandbox, learner } = await setUp();
  expect(await learner.getState().run(['read'])).toBeNull();
  expect(await sandbox.getState().startRead('A', 123)).toBeNull();
  expect(await sandbox.getState().stepActor('A')).toBeNull(); // GET: a miss
  const verdict = await learner.getState().check('stale-set');
  expect(verdict.checked).toBeGreaterThan(0);
  while ((await sandbox.getState().stepActor('A')) === null);
  const s = sandbox.getState().snapshot!;
  expect(s.results.at(-1)).toMatchObject({ kind: 'read' });
  expect(s.results.at(-1)?.error).toBeUndefined();
  expect(s.events.map((e) => e.command.split(' ')[0])).toEqual(['GET', 'SELECT', 'SET']);
});

it('a Run whose write path does not compile leaves the read path the sandbox runs working', async () => {
  const { sandbox, learner } = await setUp();
  expect(await learner.getState().run(['read'])).toBeNull();
  expect(await sandbox.getState().startRead('A', 123)).toBeNull();
  expect(await sandbox.getState().stepActor('A')).toBeNull(); // GET: a miss
  // The read edited (it still compiles), the write broken: Run fails on the write.
  learner.getState().setDraft('read', `${learner.getState().drafts.read}\n// edited`);
  learner.getState().setDraft('write', 'function* write(id, changes, ctx) {');
  expect(await learner.getState().run()).toMatchObject({ error: expect.any(String) });
  expect(learner.getState().running.write).toBeNull();
  // The read in flight finishes with the version that ran, and Back replays it.
  while ((await sandbox.getState().stepActor('A')) === null);
  const s = sandbox.getState().snapshot!;
  expect(s.results.at(-1)?.error).toBeUndefined();
  expect(s.events.map((e) => e.command.split(' ')[0])).toEqual(['GET', 'SELECT', 'SET']);
  expect(await sandbox.getState().back()).toBe(true);
  expect(sandbox.getState().snapshot!.events).toHaveLength(2);
  expect(sandbox.getState().snapshot!.results.every((r) => r.error === undefined)).toBe(true);
});

it('a loaded counterexample replays the program that was checked, not the last one run', async () => {
  const { sandbox, learner } = await setUp();
  const setex = learner
    .getState()
    .drafts.read.replace(
      "yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
      "yield redis('SETEX', key, ctx.ttlSeconds, JSON.stringify(row));",
    );
  expect(setex).toContain('SETEX');
  learner.getState().setDraft('read', setex);
  // Not run: checked as the editor holds it, and loaded as checked.
  const verdict = await learner.getState().check('stale-set');
  expect(verdict.counterexample?.schedule.join(' ')).toBe('A A B B A');
  await learner.getState().loadCounterexample('stale-set');
  expect(learner.getState().running.read).toBe(setex);
  // As the check began: another user's row cached, which no path of user 1's may touch.
  expect(sandbox.getState().snapshot!.cache.map((e) => e.key)).toEqual(['user:2']);
  while ((await sandbox.getState().stepActor('A')) === null);
  while ((await sandbox.getState().stepActor('B')) === null);
  const commands = sandbox.getState().snapshot!.events.map((e) => e.command);
  expect(commands.some((c) => c.startsWith('SETEX user:1'))).toBe(true);
  expect(commands.some((c) => c.startsWith('SET user:1'))).toBe(false);
});

it('a counterexample checked before an edit loads the checked code, and the editor keeps the edit', async () => {
  const { sandbox, learner } = await setUp();
  await learner.getState().check('stale-set');
  const edited = `${learner.getState().drafts.read}\n// edited after the check`;
  learner.getState().setDraft('read', edited);
  await learner.getState().loadCounterexample('stale-set');
  expect(learner.getState().drafts.read).toBe(edited);
  expect(learner.getState().running.read).toBe(READ_STARTER);
  expect(await sandbox.getState().stepActor('A')).toBeNull();
});

it('the write editor starts from the write policy chosen, and follows it until the learner edits it', async () => {
  const { sandbox, learner } = await setUp();
  expect(await sandbox.getState().configure({ writePolicy: 'update-cache' })).toBeNull();
  expect(learner.getState().drafts.write).toBe(WRITE_STARTERS['update-cache']);
  // Run without editing: the write sends SET, as ours under update-cache does, not DEL.
  expect(await learner.getState().run(['write'])).toBeNull();
  expect(await sandbox.getState().startWrite('A', 1, { name: 'Ada' })).toBeNull();
  while ((await sandbox.getState().stepActor('A')) === null);
  const commands = sandbox.getState().snapshot!.events.map((e) => e.command.split(' ')[0]);
  expect(commands).toEqual(['UPDATE', 'SET']);
  // Edited, it is the learner's: a change of policy leaves it alone.
  await learner.getState().resetPrograms();
  const edited = `${WRITE_STARTERS['update-cache']}// mine\n`;
  learner.getState().setDraft('write', edited);
  expect(await sandbox.getState().configure({ writePolicy: 'delete-first' })).toBeNull();
  expect(learner.getState().drafts.write).toBe(edited);
});

it('both editors follow the read mitigation too, and an unedited Run under versioned-fill sends our tombstone', async () => {
  const { sandbox, learner } = await setUp();
  const l = () => learner.getState();
  expect(await sandbox.getState().configure({ readMitigation: 'versioned-fill' })).toBeNull();
  expect(l().drafts.read).toBe(readStarter('versioned-fill'));
  expect(l().drafts.write).toBe(writeStarter('invalidate', 'versioned-fill'));
  expect(await l().run()).toBeNull();
  expect(await sandbox.getState().startWrite('A', 1, { name: 'Ada' })).toBeNull();
  while ((await sandbox.getState().stepActor('A')) === null);
  const events = sandbox.getState().snapshot!.events;
  expect(events.map((e) => e.command.split(' ')[0])).toEqual(['UPDATE', 'EVAL']);
  expect(events[1].script?.name).toBe('INVALIDATE_IF_OLDER');
  // Running, or edited, a draft is the learner's: a change of mitigation leaves it alone.
  await l().resetPrograms();
  const edited = `${l().drafts.read}// mine\n`;
  l().setDraft('read', edited);
  expect(await sandbox.getState().configure({ readMitigation: 'lease' })).toBeNull();
  expect(l().drafts).toEqual({ read: edited, write: writeStarter('invalidate', 'lease') });
});

it('Reset to ours runs ours again and leaves what the learner typed in the editors', async () => {
  const { sandbox, learner } = await setUp();
  const read = `${READ_STARTER}// mine\n`;
  const write = `${WRITE_STARTERS.invalidate}// mine too\n`;
  learner.getState().setDraft('read', read);
  learner.getState().setDraft('write', write);
  expect(await learner.getState().run()).toBeNull();
  await learner.getState().resetPrograms();
  expect(learner.getState().drafts).toEqual({ read, write });
  expect(learner.getState().running).toEqual({ read: null, write: null });
  // Ours runs: a fill as the engine sends it.
  expect(await sandbox.getState().startRead('A', 1)).toBeNull();
  while ((await sandbox.getState().stepActor('A')) === null);
  expect(sandbox.getState().snapshot!.events.at(-1)?.command).toMatch(/^SET user:1 .* EX \d+/);
  // Run my version brings the learner's back.
  expect(await learner.getState().run()).toBeNull();
  expect(learner.getState().running).toEqual({ read, write });
});

it('Reset to ours while a challenge is being checked leaves the check to end with its verdict', async () => {
  const { learner } = await setUp();
  const checking = learner.getState().check('stale-set');
  await learner.getState().resetPrograms();
  expect(learner.getState().verdicts['stale-set']).toBe('checking');
  const verdict = await checking;
  expect(learner.getState().verdicts['stale-set']).toBe(verdict);
});

it('code from a link opens the editors, where the notice says it is shown', async () => {
  const { learner } = await setUp();
  expect(learner.getState().isEditorOpen).toBe(false);
  learner.getState().showFromLink({ read: `${READ_STARTER}// shared\n` });
  expect(learner.getState().isEditorOpen).toBe(true);
  expect(learner.getState().running.read).toBeNull();
});

it('Start from ours puts our program in the editor and sets the learner’s aside until they edit', async () => {
  const { sandbox, learner } = await setUp();
  const l = () => learner.getState();
  const mine = `${READ_STARTER}\n// mine`;
  l().setDraft('read', mine);
  l().startFromOurs('read');
  expect(l().drafts.read).toBe(READ_STARTER);
  expect(l().setAside.read).toBe(mine);
  // Nothing runs because of it: the sandbox still runs ours, and the other editor is untouched.
  expect(l().running.read).toBeNull();
  expect(l().drafts.write).toBe(WRITE_STARTERS[sandbox.getState().config.writePolicy]);
  l().bringMineBack('read');
  expect(l().drafts.read).toBe(mine);
  expect(l().setAside.read).toBeNull();
  // Once the editor holding ours is edited, what was set aside is let go.
  l().startFromOurs('read');
  l().setDraft('read', `${READ_STARTER}\n// again`);
  expect(l().setAside.read).toBeNull();
  // The write editor starts from ours for the write policy chosen.
  await sandbox.getState().configure({ writePolicy: 'delete-first' });
  l().setDraft('write', '// mine');
  l().startFromOurs('write');
  expect(l().drafts.write).toBe(WRITE_STARTERS['delete-first']);
});

it('a sandbox that does not load (QuickJS’s module or its wasm) is said by Run and by a check, not left unsaid', async () => {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const learner = createLearnerStore(sandbox, {
    compile: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
    loadSql: () => Promise.resolve(SQL),
  });
  // Before, Run rejected: the page said nothing and the path stayed "not running".
  expect(await learner.getState().run()).toEqual({
    error:
      'the sandbox your code runs in (QuickJS) did not load: Failed to fetch dynamically imported module',
    line: null,
  });
  expect(learner.getState()).toMatchObject({
    isBusy: false,
    running: { read: null, write: null },
  });
  // Before, the check stayed "Checking every interleaving…" for good.
  expect(await learner.getState().check('stale-set')).toMatchObject({
    passed: false,
    message:
      'Your read path does not run: the sandbox your code runs in (QuickJS) did not load: Failed to fetch dynamically imported module',
  });
  expect(learner.getState().verdicts['stale-set']).not.toBe('checking');
});

it('an edit made while Run compiles stays an edit: the page says the version that compiled runs, and it does', async () => {
  // The first Run waits for QuickJS to load; an edit typed meanwhile was recorded as running,
  // so the editor said "running in the sandbox" over code the sandbox never ran, and the
  // explorer was handed that code while the sandbox ran the version before it.
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const quickjs = await loadQuickJsNode();
  let loaded: () => void = () => {};
  const isLoaded = new Promise<void>((resolve) => (loaded = resolve));
  const learner = createLearnerStore(sandbox, {
    compile: async (path, source) => {
      await isLoaded;
      const result = compileLearnerProgram(quickjs, path, source);
      return result.ok
        ? { ok: true, runner: result.program.runner, dispose: result.program.dispose }
        : result;
    },
    loadSql: () => Promise.resolve(SQL),
  });
  const compiled = learner.getState().drafts.read;
  const running = learner.getState().run(['read']);
  learner.getState().setDraft('read', `${compiled}\n// typed while QuickJS loaded`);
  loaded();
  expect(await running).toBeNull();
  expect(learner.getState().running.read).toBe(compiled);
  expect(learner.getState().drafts.read).toBe(`${compiled}\n// typed while QuickJS loaded`);
});

it("a link's code opened over the learner's sets theirs aside, to put back, not out of reach", async () => {
  // A code link opened in a tab that already held the learner's code replaced it in the editors
  // with nothing to bring it back: once they edited the link's code, that was saved over theirs.
  const { learner } = await setUp();
  const l = () => learner.getState();
  const mine = `${READ_STARTER}\n// mine`;
  l().setDraft('read', mine);
  const shared = `${READ_STARTER}\n// shared`;
  l().showFromLink({ read: shared, write: WRITE_STARTERS.invalidate });
  expect(l().drafts.read).toBe(shared);
  expect(l().setAside).toEqual({ read: mine, write: null });
  expect(l().setAsideBy.read).toBe('link');
  l().bringMineBack('read');
  expect(l().drafts.read).toBe(mine);
  expect(l().setAside.read).toBeNull();
  // Code set aside by Start from ours stays aside under a link's: it is still the learner's.
  l().startFromOurs('read');
  l().showFromLink({ read: shared });
  expect(l().setAside.read).toBe(mine);
  expect(l().setAsideBy.read).toBe('ours');
});

it("says the editors hold a link's code only while they do: not once the learner's is put back", async () => {
  const { learner } = await setUp();
  const l = () => learner.getState();
  const mine = `${READ_STARTER}\n// mine`;
  l().setDraft('read', mine);
  l().showFromLink({ read: `${READ_STARTER}\n// shared` });
  expect(l().isFromLink).toBe(true);
  l().bringMineBack('read');
  // "This code came in a link. It has not run" stood over the learner's own code.
  expect(l().isFromLink).toBe(false);
});

it("keeps saying the editors hold a link's code after a Check: the check runs it apart from the sandbox", async () => {
  // Check cleared it, and "This code came in a link" went while the editors still held the
  // link's code, not running in the sandbox, beside steps our programs ran.
  const { learner } = await setUp();
  const l = () => learner.getState();
  l().showFromLink({ read: `${READ_STARTER}\n// shared` });
  await l().check('stale-set');
  expect(l().isFromLink).toBe(true);
  expect(l().running).toEqual({ read: null, write: null });
  // Run my version runs it in the sandbox: then the note has nothing left to say.
  expect(await l().run()).toBeNull();
  expect(l().isFromLink).toBe(false);
});

it("leaving a link's address (Back) gives the editors back what they held, unless its code was edited or run", async () => {
  const { learner } = await setUp();
  const l = () => learner.getState();
  const mine = `${READ_STARTER}\n// mine`;
  l().setDraft('read', mine);
  const ourWrite = l().drafts.write;
  // Two links opened one over the other, neither edited: Back past them returns to the learner's.
  l().showFromLink({ read: `${READ_STARTER}\n// first`, write: WRITE_STARTERS['update-cache'] });
  l().showFromLink({ read: `${READ_STARTER}\n// second` });
  expect(l().leaveLink()).toBe(true);
  expect(l().drafts).toEqual({ read: mine, write: ourWrite });
  expect(l().setAside).toEqual({ read: null, write: null });
  expect(l().isFromLink).toBe(false);
  // Nothing is shown from a link any more: a second leave changes nothing.
  expect(l().leaveLink()).toBe(false);
  // Edited, the link's code is the learner's now.
  l().showFromLink({ read: `${READ_STARTER}\n// shared` });
  l().setDraft('read', `${READ_STARTER}\n// shared, then edited`);
  expect(l().leaveLink()).toBe(false);
  expect(l().drafts.read).toBe(`${READ_STARTER}\n// shared, then edited`);
  // Run, it is what the sandbox runs: the editors keep it.
  l().showFromLink({ read: `${READ_STARTER}\n// run` });
  expect(await l().run()).toBeNull();
  expect(l().leaveLink()).toBe(false);
  expect(l().drafts.read).toBe(`${READ_STARTER}\n// run`);
});

it('two Runs in flight at once: the later one runs, whichever compile ends last', async () => {
  // Run compiles in pieces the page runs between: a first Run (from the API, which does not
  // wait for the button to come back) could end after a second one and put its older code back.
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const quickjs = await loadQuickJsNode();
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  const first = `${READ_STARTER}\n// first`;
  const learner = createLearnerStore(sandbox, {
    compile: async (path, source) => {
      if (source === first) await firstHeld;
      const result = compileLearnerProgram(quickjs, path, source);
      return result.ok
        ? { ok: true, runner: result.program.runner, dispose: result.program.dispose }
        : result;
    },
    loadSql: () => Promise.resolve(SQL),
  });
  const l = () => learner.getState();
  l().setDraft('read', first);
  const running1 = l().run(['read']);
  const second = `${READ_STARTER}\n// second`;
  l().setDraft('read', second);
  expect(await l().run(['read'])).toBeNull();
  expect(l().running.read).toBe(second);
  releaseFirst();
  // Replaced before it ran: it says so, not that its code runs.
  expect(await running1).toBe(REPLACED_RUN);
  expect(l().running.read).toBe(second);
  expect(l().isBusy).toBe(false);
  // The sandbox runs the second: a read through it completes as the starter's does.
  expect(await sandbox.getState().startRead('A', 123)).toBeNull();
  while ((await sandbox.getState().stepActor('A')) === null);
  expect(sandbox.getState().snapshot!.results.at(-1)?.error).toBeUndefined();
});

it('a Run replaced by a later one (or by Reset to ours) before its code ran says so, never that its code runs', async () => {
  // Twenty setProgram calls not awaited: each but the last is replaced while it compiles. They
  // answered { ok: true }, code that does not compile too, though none of them ever ran.
  const { learner } = await setUp();
  const api = createLearnerApi(learner, () => Promise.resolve());
  const broken = 'function* read(id) {\n  const x = ;\n}';
  const good = 'function* read(id) {\n  return yield selectUser(id);\n}';
  const [replaced, last] = await Promise.all([
    api.setProgram('read', broken),
    api.setProgram('read', good),
  ]);
  expect(replaced).toEqual({
    error: expect.stringMatching(/^a later Run replaced this one before it ran/),
    line: null,
  });
  expect(last).toEqual({ ok: true });
  expect(learner.getState().running.read).toBe(good);
  // Not an error of the code's: the editor marks none.
  expect(learner.getState().errors.read).toBeNull();
  const running = learner.getState().run(['read']);
  await learner.getState().resetPrograms();
  expect(await running).toMatchObject({ error: expect.stringMatching(/^a later Run replaced/) });
  expect(learner.getState().running.read).toBeNull();
});

it('two Checks of one challenge in flight at once: the page shows the later one, whichever ends last', async () => {
  // Check runs in a worker, one per check: a first check (from the API, which does not wait for
  // the button) that ended after a second one put its verdict on the second's code in its place.
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const quickjs = await loadQuickJsNode();
  const compile = (source: string) => {
    const result = compileLearnerProgram(quickjs, 'read', source);
    return result.ok ? { ok: true as const, runner: result.program.runner } : result;
  };
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  const fails = READ_STARTER;
  const learner = createLearnerStore(sandbox, {
    compile: () => Promise.reject(new Error('not used')),
    loadSql: () => Promise.resolve(SQL),
    check: async (id, source) => {
      if (source === fails) await firstHeld;
      return checkLearnerProgram(SQL, id, compile(source));
    },
  });
  const l = () => learner.getState();
  l().setDraft('read', fails);
  const checking1 = l().check('stale-set');
  l().setDraft('read', READ_RECHECK_FIX);
  expect(await l().check('stale-set')).toMatchObject({ passed: true });
  releaseFirst();
  expect(await checking1).toMatchObject({ passed: false });
  expect(l().verdicts['stale-set']).toMatchObject({ passed: true });
});

it('Cancel stops a check under way at once, says so, and keeps the code; a checker that did not load says that', async () => {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  let isStopped = false;
  let isLoaded = true;
  const learner = createLearnerStore(sandbox, {
    compile: () => Promise.reject(new Error('not used')),
    loadSql: () => Promise.resolve(SQL),
    // A check that only ends when it is stopped, as a worker's ends when it is terminated.
    check: (_id, _source, signal) =>
      isLoaded
        ? new Promise((_resolve, reject) =>
            signal?.addEventListener('abort', () => {
              isStopped = true;
              reject(new Error('the check was cancelled'));
            }),
          )
        : Promise.reject(new CheckerNotLoadedError('its worker did not start')),
  });
  const l = () => learner.getState();
  const mine = `${READ_STARTER}// mine\n`;
  l().setDraft('read', mine);
  const checking = l().check('stale-set');
  expect(l().verdicts['stale-set']).toBe('checking');
  l().cancelCheck('stale-set');
  expect(isStopped).toBe(true);
  expect(l().verdicts['stale-set']).toBe('cancelled');
  expect(await checking).toEqual(CANCELLED_VERDICT);
  expect(l().verdicts['stale-set']).toBe('cancelled');
  expect(l().drafts.read).toBe(mine);
  isLoaded = false;
  expect((await l().check('stale-set')).message).toMatch(
    /^The checker could not be loaded \(its worker did not start\), so your code was not checked\./,
  );
});
