import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CLOCK_MS } from '../engine/clock';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createAutomationApi, type CacheAsideApi } from './automationApi';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { errorMessage } from '../engine/errorMessage';

let store: SandboxStoreApi;
let api: CacheAsideApi;
beforeEach(async () => {
  store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  api = createAutomationApi(store, async () => {});
});

describe('advanceClock', () => {
  it('rejects a move backwards or past 10 years, naming the argument and its range, and keeps the time', async () => {
    await api.advanceClock(60_000);
    const room = MAX_CLOCK_MS - 60_000;
    for (const bad of [-1, 1e300, MAX_CLOCK_MS + 1, room + 1]) {
      await expect(api.advanceClock(bad)).rejects.toThrow(
        `advanceClock: ms must be a number of milliseconds from 0 to 315,359,940,000 (the clock`,
      );
      expect(api.state().clockMs).toBe(60_000);
    }
    expect(store.getState().notices.at(-1)?.text).toContain('advanceClock: ms');
    expect((await api.advanceClock(room)).clockMs).toBe(MAX_CLOCK_MS);
  });
});

describe('restoreSettings', () => {
  it("puts back the settings a counterexample's replay set aside, as its notice's Restore my settings does, and rejects when none were", async () => {
    await expect(api.restoreSettings()).rejects.toThrow(
      'No counterexample set your settings aside: there are none to restore.',
    );
    await api.configure({ ttlSeconds: 60, writePolicy: 'update-cache', seed: 5 });
    // What Replay this run does to the settings (learnerStore's loadCounterexample).
    expect(
      await store.getState().openReplay({ ...DEFAULT_SANDBOX_CONFIG, actorCount: 2 }),
    ).toBeNull();
    expect(api.state()).toMatchObject({
      ttlSeconds: DEFAULT_SANDBOX_CONFIG.ttlSeconds,
      writePolicy: 'invalidate',
    });
    const restored = await api.restoreSettings();
    expect(restored).toMatchObject({ ttlSeconds: 60, writePolicy: 'update-cache' });
    expect(store.getState().config).toMatchObject({
      seed: 5,
      actorCount: DEFAULT_SANDBOX_CONFIG.actorCount,
    });
    expect(store.getState().settingsBeforeReplay).toBeNull();
  });
});

describe('loadScenario', () => {
  it('rejects an unknown id, naming the argument and the valid ids, and keeps the run', async () => {
    await api.loadScenario('stale-set');
    await api.step(2);
    const before = api.state();
    for (const bad of ['stale-sett', '', 'toString', '__proto__']) {
      await expect(api.loadScenario(bad)).rejects.toThrow(
        /^loadScenario: id (is missing: it )?must be null or one of the ids scenarios\(\) lists: .*stale-set/,
      );
      expect(api.state()).toEqual(before);
    }
  });
});

describe('ids and quiz ids', () => {
  it("scripts with the real ids: scenarios() gives each scenario's quiz id beside it, and loadScenario takes either, so a quiz link's id opens it too", async () => {
    const staleSet = api.scenarios().find((sc) => sc.id === 'stale-set');
    expect(staleSet?.quizId).toBe('race-reader-and-writer');
    expect(api.scenarios().find((sc) => sc.id === 'ttl-expiry')?.quizId).toBe('ttl-expiry');
    const opened = await api.loadScenario('race-reader-and-writer');
    expect(opened.scenario).toBe('stale-set');
  });
});

describe('state', () => {
  it("hands out a copy of the outcome: changing it leaves the page's verdict as it was", async () => {
    await api.loadScenario('stale-set');
    const s = await api.runToEnd();
    const outcome = s.outcome;
    if (outcome === null) throw new Error('no outcome at the end of stale-set');
    expect(outcome.isJudged).toBe(true);
    const { description, isMet } = outcome;
    outcome.isMet = !isMet;
    outcome.description = 'HACKED';
    expect(store.getState().outcome).toEqual({ description, isMet, isJudged: true });
    expect(api.state().outcome).toEqual({ description, isMet, isJudged: true });
  });
});

describe('write', () => {
  it('refuses a column a write may not change, listing the ones it may, and starts nothing', async () => {
    const before = api.state();
    await expect(api.write('B', 1, { id: '7' } as never)).rejects.toThrow(
      'write: changes: column "id" cannot be written: it names the row (the write\'s key) (valid: name, email, plan)',
    );
    expect(api.state()).toEqual(before);
  });

  it('refuses a column the database sets, saying so, not calling it unknown', async () => {
    await expect(api.write('B', 1, { version: '5' } as never)).rejects.toThrow(
      'write: changes: column "version" cannot be written: the database sets it, one more at each write (valid: name, email, plan)',
    );
  });

  it('refuses a write that changes nothing in a sentence that reads, and starts nothing', async () => {
    const before = api.state();
    await expect(api.write('B', 1, {})).rejects.toThrow(
      /^write: changes must name one or more of the columns name, email, plan, got \{\}$/,
    );
    expect(api.state()).toEqual(before);
  });
});

describe('step and runToEnd', () => {
  const clockRefusal =
    /^Step refused: the virtual clock stops at 10 years .* go Back or Reset to go on\.$/;

  it.each([
    ['step(3)', (a: CacheAsideApi) => a.step(3)],
    ['runToEnd()', (a: CacheAsideApi) => a.runToEnd()],
  ])('%s rejects with the refusal of a Step the page refused, and stops there', async (_, call) => {
    await api.loadScenario('stale-set');
    await api.advanceClock(MAX_CLOCK_MS - 1); // room for the GET (0.3 ms), not the SELECT (2 ms)
    await expect(call(api)).rejects.toThrow(clockRefusal);
    expect(api.state().step).toBe(1);
    expect(store.getState().notices.at(-1)?.text).toMatch(clockRefusal);
  });

  it('resolve at the end of the run: no Step left is no refusal', async () => {
    await api.loadScenario('stale-set');
    expect((await api.step(10)).step).toBe(6);
    expect((await api.runToEnd()).step).toBe(6);
    await api.loadScenario(null);
    expect((await api.step(3)).step).toBe(0);
  });

  it('a press at the end of the run is told by its outcome, not by a notice', async () => {
    await api.loadScenario('stale-set');
    await api.runToEnd();
    const notices = store.getState().notices;
    expect(await store.getState().press()).toEqual({ type: 'nothingToStep' });
    expect(store.getState().notices).toEqual(notices);
    await store.getState().back();
    expect(await store.getState().press()).toEqual({ type: 'stepped' });
  });

  it('a press the page refused resolves to the text of the notice it shows', async () => {
    await api.loadScenario('stale-set');
    await api.advanceClock(MAX_CLOCK_MS - 1);
    await api.step(1);
    const outcome = await store.getState().press();
    expect(outcome).toEqual({ type: 'refused', refusal: expect.stringMatching(clockRefusal) });
    expect(store.getState().notices.at(-1)?.text).toBe(
      outcome.type === 'refused' ? outcome.refusal : undefined,
    );
  });
});

describe('read', () => {
  it('takes a user by its id or by the key the application uses, user:1, and nothing Redis would see as another key', async () => {
    const before = api.state();
    for (const key of ['user:01', ' user:1 ', '01', 'USER:1', 'user:1e3'])
      await expect(api.read('A', key as never), key).rejects.toThrow(
        'read: key must be a user id from 1 to 1,000 or its key, "user:1" to "user:1000"',
      );
    expect(api.state()).toEqual(before);
    await api.read('A', 'user:2');
    await api.stepActor('A');
    expect(api.state().log.at(-1)).toMatch(/"GET" "user:2"/);
  });
});

describe('refusals', () => {
  /** Each method refused by the store (not by its argument's schema), and how. */
  const refused: [string, (api: CacheAsideApi) => Promise<unknown>, RegExp][] = [
    ['read', (a) => a.read('C', 1), /^There is no actor "C"/],
    ['write', (a) => a.write('C', 1, { plan: 'pro' }), /^There is no actor "C"/],
    ['stepActor', (a) => a.stepActor('A'), /^Actor A has nothing to do/],
    // Both moves pass the API's check against the clock at the call; the store refuses the second.
    [
      'advanceClock',
      (a) => Promise.all([a.advanceClock(MAX_CLOCK_MS), a.advanceClock(1)]),
      /^The virtual clock stops at 10 years/,
    ],
  ];
  const reason = async (call: Promise<unknown>): Promise<string> =>
    call.then(() => 'resolved', errorMessage);

  it.each(refused)('%s rejects with the notice the page shows for it', async (_, call, text) => {
    const before = store.getState().notices.length;
    const error = await reason(call(api));
    expect(error).toMatch(text);
    const raised = store.getState().notices.slice(before);
    expect(raised).toEqual([expect.objectContaining({ text: error, tone: 'error' })]);
  });

  it.each(refused)(
    '%s rejects with its own refusal when another notice follows it',
    async (_, call, text) => {
      // Something else speaks up right after the refusal: the page's last notice is not its own.
      const off = store.subscribe((s, prev) => {
        const last = s.notices.at(-1);
        if (last !== prev.notices.at(-1) && last?.tone === 'error')
          s.notify('Something else happened.', 'info');
      });
      const error = await reason(call(api));
      off();
      expect(error).toMatch(text);
      expect(store.getState().notices.map((n) => n.text)).toContain(error);
      expect(store.getState().notices.at(-1)?.text).toBe('Something else happened.');
    },
  );

  it.each(refused)(
    '%s rejects with its refusal after its notice was dismissed',
    async (_, call, text) => {
      store.getState().notify('An earlier notice.', 'info');
      // The learner closes the refusal's notice at once: the page's last notice is an older one.
      const off = store.subscribe((s) => {
        const last = s.notices.at(-1);
        if (last?.tone === 'error') s.dismissNotice(last.id);
      });
      const error = await reason(call(api));
      off();
      expect(error).toMatch(text);
    },
  );
});

describe('configure', () => {
  it('refuses a number in quotes saying to write it without them, as lab.run() does, and changes nothing', async () => {
    const before = store.getState().config;
    await expect(api.configure({ ttlSeconds: '60' } as never)).rejects.toThrow(
      'ttlSeconds must be a whole number from 0 (no expiry) to 2,592,000 s, written without quotes, got "60"',
    );
    await expect(api.configure({ cdcLoss: '0.5' } as never)).rejects.toThrow(
      'cdcLoss must be a number from 0 to 1, written without quotes, got "0.5"',
    );
    // Text that is no number is refused as a wrong value, with no word about quotes.
    await expect(api.configure({ maxKeys: 'five' } as never)).rejects.toThrow(
      'maxKeys must be a whole number from 0 (no limit) to 1,000, got "five"',
    );
    expect(store.getState().config).toBe(before);
    expect((await api.configure({ ttlSeconds: 60 })).ttlSeconds).toBe(60);
  });
});

describe('state().log', () => {
  it("says whom the cache layer sent a line for, as the page's log does", async () => {
    await api.configure({ pattern: 'read-through' });
    await api.read('A', 1);
    await api.step(3);
    const log = api.state().log;
    // The page's own separators: two spaces before whom for and before the reply.
    expect(log[0]).toMatch(/\[0 actor:A\] "GET" "user:1" {2}-> \(nil\)$/);
    expect(log.slice(1)).toEqual([
      expect.stringMatching(
        /\[sqlite actor:cache\] SELECT \* FROM users WHERE id = 1 {2}\(for A\) {2}-> 1 row$/,
      ),
      expect.stringMatching(/\[0 actor:cache\] "SET" "user:1" .* "NX" {2}\(for A\) {2}-> OK$/),
    ]);
  });
});
