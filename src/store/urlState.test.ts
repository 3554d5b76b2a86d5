import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { MAX_RUN_LINE_CHARS } from './linkRun';
import { canonicalSearch, parseViewParams, sandboxHashProblem, viewLink } from './urlState';
import { quizModeIn, withQuizMode } from './quizLink';
import { selectMaxStep, selectStepCount } from './selectors';
import { MAX_LISTED_REFUSALS } from '../schema/fields';

describe('parseViewParams', () => {
  it('reads a scenario name with a space or line break after it, as pasted from a chat', () => {
    for (const search of [
      '?scenario=stale-read%20',
      '?scenario=stale-read%0A',
      '?scenario=+stale-read',
    ]) {
      const { view, problems } = parseViewParams(search);
      expect(problems, search).toEqual([]);
      expect(view.scenarioId, search).toBe('stale-read');
    }
  });

  it('names a parameter given twice and uses the first', () => {
    const { view, problems } = parseViewParams('?scenario=stale-read&step=2&scenario=cold-read');
    expect(view.scenarioId).toBe('stale-read');
    expect(problems).toEqual(['"scenario" given 2 times: the first, "stale-read", used']);
  });

  it('takes any seed the lab and the CLI take (up to 2^32 - 1), and refuses one past it', () => {
    const lab = parseViewParams('?scenario=stale-read&seed=4294967295');
    expect(lab.problems).toEqual([]);
    expect(lab.view.config.seed).toBe(4294967295);
    expect(parseViewParams('?seed=4294967296').problems).toEqual([
      'bad seed "4294967296": must be a whole number from 0 to 4,294,967,295',
    ]);
  });

  it("reads double-delete's delay (ddelay) in the schema's range, and a scenario starts from 500 ms", () => {
    const { view, problems } = parseViewParams('?policy=double-delete&ddelay=2.5');
    expect(problems).toEqual([]);
    expect(view.config.doubleDeleteDelayMs).toBe(2.5);
    expect(parseViewParams('?ddelay=600001').problems).toEqual([
      'bad ddelay "600001": must be a number from 0 to 600,000 ms',
    ]);
    expect(parseViewParams('?ddelay=-1').view.config.doubleDeleteDelayMs).toBe(500);
    // A scenario's story is told for the default delay; the link's own delay is a variant of it.
    expect(parseViewParams('?scenario=stale-set&ddelay=40').view.config.doubleDeleteDelayMs).toBe(
      40,
    );
    expect(parseViewParams('?scenario=stale-set').view.config.doubleDeleteDelayMs).toBe(500);
  });

  it('lists as many problems as the lab does (MAX_LISTED_REFUSALS), then counts the rest', () => {
    const names = Array.from({ length: MAX_LISTED_REFUSALS + 2 }, (_, i) => `x${i}`);
    const { problems } = parseViewParams(`?${names.map((n) => `${n}=1`).join('&')}`);
    expect(problems).toEqual([
      ...names.slice(0, MAX_LISTED_REFUSALS).map((n) => `unknown parameter "${n}"`),
      'and 2 more',
    ]);
  });
});

describe('openView (the browser going back or forward)', () => {
  let SQL: SqlJsStatic;
  beforeAll(async () => {
    SQL = await loadSqlJsNode();
  });

  it("puts back another entry's scenario, settings and run, as opening its link would", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cold-read');
    await store.getState().configure({ ttlSeconds: 600 });
    await store.getState().step();
    await store.getState().step();
    const left = viewLink(store.getState()).search;
    const opened = createSandboxStore();
    await opened.getState().start(SQL, parseViewParams(left).view);

    await store.getState().loadScenario('stale-read');
    await store.getState().step();
    await store.getState().openView(parseViewParams(left).view);
    expect(viewLink(store.getState()).search).toBe(left);
    expect(store.getState().scenarioId).toBe('cold-read');
    expect(store.getState().beat).toBe(2);
    expect(store.getState().config).toEqual(opened.getState().config);
    expect(store.getState().outcome).toEqual(opened.getState().outcome);
  });
});

describe('a link to an unknown scenario with Step presses', () => {
  it('says once that the scenario is unknown and its steps were not replayed, with no step notice', async () => {
    const { view, problems } = parseViewParams('?scenario=nope&step=2');
    expect(problems).toEqual(['unknown scenario "nope": its 2 Step presses were not replayed']);
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode(), view);
    expect(store.getState().notices.map((n) => n.text)).toEqual([]);
    expect(store.getState().scenarioId).toBeNull();
  });

  it('still names a step it cannot read, and one press in the singular', () => {
    expect(parseViewParams('?scenario=nope&step=1').problems).toEqual([
      'unknown scenario "nope": its 1 Step press was not replayed',
    ]);
    // With a run too, the run's presses are the ones said (the step count is ignored).
    expect(parseViewParams('?scenario=nope&step=3&run=1.WzJd').problems).toEqual([
      'unknown scenario "nope": its 2 Step presses were not replayed',
      '"step" ignored: the link gives the whole run',
    ]);
    expect(parseViewParams('?scenario=nope&step=x').problems).toEqual([
      'unknown scenario "nope"',
      expect.stringMatching(/^bad step "x": must be a whole number/),
    ]);
  });
});

describe('a run= link to an unknown scenario', () => {
  it('replays the run but its Step presses, says which were left out, and keeps the rest in the address', async () => {
    const SQL = await loadSqlJsNode();
    const made = createSandboxStore();
    await made.getState().start(SQL);
    await made.getState().loadScenario('stale-set');
    await made.getState().step();
    await made.getState().runRedis('SET note hi');
    await made.getState().step();
    await made.getState().runSql("UPDATE users SET plan = 'team' WHERE id = 9");
    const link = viewLink(made.getState()).search.replace('scenario=stale-set', 'scenario=nope');
    const { view, problems } = parseViewParams(`${link}&ttl=30`);
    expect(problems).toEqual([
      'unknown scenario "nope": its 2 Step presses were not replayed (the run\'s 2 other actions were)',
    ]);
    const store = createSandboxStore();
    await store.getState().start(SQL, view);
    // No second notice of a run refused at its first press: the presses were never tried.
    expect(store.getState().notices.map((n) => n.text)).toEqual([]);
    expect(store.getState().scenarioId).toBeNull();
    expect(store.getState().config.ttlSeconds).toBe(30);
    const snap = store.getState().snapshot!;
    expect(snap.cache.find((e) => e.key === 'note')?.value).toBe('hi');
    expect(snap.db.find((r) => r.id === 9)?.plan).toBe('team');
    expect(parseViewParams(viewLink(store.getState()).search).view.inputs).toEqual([
      { type: 'redis', line: 'SET note hi' },
      { type: 'sql', statement: "UPDATE users SET plan = 'team' WHERE id = 9" },
    ]);
  });
});

describe('a quiz link', () => {
  it('names a scenario quiz mode keeps back by its quiz id, which says no more than the quiz title, and adds nothing else', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode(), {
      scenarioId: 'stale-set',
      config: parseViewParams('?scenario=stale-set').view.config,
      inputs: [{ type: 'press' }, { type: 'press' }],
    });
    expect(viewLink(store.getState(), { isQuiz: true }).search).toBe(
      '?scenario=race-reader-and-writer&step=2',
    );
    expect(viewLink(store.getState()).search).toBe('?scenario=stale-set&step=2');
    await store.getState().loadScenario('invalidate-on-write');
    expect(viewLink(store.getState(), { isQuiz: true }).search).toBe(
      '?scenario=invalidate-on-write',
    );
  });

  it('opens the scenario by its quiz id or by its old id, with quiz mode as the link says', () => {
    for (const search of [
      '?scenario=race-reader-and-writer&quiz=1',
      '?scenario=stale-set&quiz=1',
    ]) {
      const { view, problems } = parseViewParams(search);
      expect(problems, search).toEqual([]);
      expect(view.scenarioId, search).toBe('stale-set');
      expect(quizModeIn(search), search).toBe(true);
    }
    expect(quizModeIn('?scenario=stale-set&quiz=0')).toBe(false);
    expect(quizModeIn('?scenario=stale-set')).toBeNull();
    expect(parseViewParams('?quiz=yes').problems).toEqual([
      'bad quiz "yes": quiz mode opens with quiz=1',
    ]);
    expect(withQuizMode('?scenario=stale-set&present=1', true)).toBe(
      '?scenario=stale-set&present=1&quiz=1',
    );
    expect(withQuizMode('?quiz=1', false)).toBe('');
  });

  it('is the same view as the link with the old id, for the browser going back or forward', () => {
    expect(canonicalSearch('?scenario=race-reader-and-writer&step=2&quiz=1&present=1')).toBe(
      '?scenario=stale-set&step=2',
    );
    expect(canonicalSearch('?scenario=nope&step=2')).toBe('?scenario=nope&step=2');
  });
});

describe('viewLink (a run done by hand)', () => {
  it('does not share a run holding a console line longer than a link carries, and says so', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().startRead('A', 1);
    await store.getState().step();
    const at = (chars: number) => `SET note ${'x'.repeat(chars - 'SET note '.length)}`;
    await store.getState().runRedis(at(MAX_RUN_LINE_CHARS));
    const fits = viewLink(store.getState());
    expect(fits.isRunDropped).toBe(false);
    expect(parseViewParams(fits.search).problems).toEqual([]);
    await store.getState().runRedis(at(MAX_RUN_LINE_CHARS + 1));
    const link = viewLink(store.getState());
    expect(link.isRunDropped).toBe(true);
    expect(new URLSearchParams(link.search).has('run')).toBe(false);
  });
});

describe('a link made after Back', () => {
  const opened = async (search: string) => {
    const { view, problems } = parseViewParams(search);
    expect(problems).toEqual([]);
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode(), view);
    return store;
  };

  it('keeps the steps Back stepped over: ten presses and one Back open at "Step 9 of 10"', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    // Four reads queued on A: 12 steps of work, so each of the ten presses sends a command.
    for (const id of [1, 2, 3, 4]) await store.getState().startRead('A', id);
    for (let i = 0; i < 10; i++) expect(await store.getState().step()).toBe(true);
    await store.getState().back();
    const shown = store.getState();
    expect([selectStepCount(shown), selectMaxStep(shown)]).toEqual([9, 10]);
    const link = viewLink(shown).search;
    const other = await opened(link);
    const state = other.getState();
    expect([selectStepCount(state), selectMaxStep(state)]).toEqual([9, 10]);
    expect(state.snapshot).toEqual(shown.snapshot);
    expect(viewLink(state).search).toBe(link);
    // Step there redoes the tenth press, as it does on the page the link was made on.
    await store.getState().step();
    await other.getState().step();
    expect(other.getState().snapshot).toEqual(store.getState().snapshot);
    expect(viewLink(other.getState()).search).toBe(viewLink(store.getState()).search);
  });

  it('in a scenario, a step= link says where it stands in the presses made', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().loadScenario('stale-set');
    for (let i = 0; i < 4; i++) await store.getState().step();
    await store.getState().back();
    await store.getState().back();
    expect(viewLink(store.getState()).search).toBe('?scenario=stale-set&step=4&at=2');
    const state = (await opened('?scenario=stale-set&step=4&at=2')).getState();
    expect(selectStepCount(state)).toBe(2);
    expect(state.timeline.length).toBe(4);
    expect(state.snapshot).toEqual(store.getState().snapshot);
  });

  it('a Back to before the first press keeps the request started before it out, as the page did', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().startRead('A', 1);
    await store.getState().step();
    await store.getState().back();
    await store.getState().back();
    const shown = store.getState();
    expect(shown.cursor).toBe(0);
    const state = (await opened(viewLink(shown).search)).getState();
    expect([state.cursor, state.timeline.length]).toEqual([0, 2]);
    expect(state.snapshot).toEqual(shown.snapshot);
  });

  it('refuses a position past the run, and shows the whole run', () => {
    expect(parseViewParams('?step=3&at=4').problems).toEqual([
      'bad at "4": the link holds 3 actions, so it shows at most 3; the whole run is shown',
    ]);
    expect(parseViewParams('?step=3&at=x').problems).toEqual([
      expect.stringMatching(/^bad at "x": must be a whole number/),
    ]);
  });
});

describe('sandboxHashProblem', () => {
  it('passes the hashes the app uses, and names the settings or page it does not read', () => {
    for (const hash of ['', '#', '#/', '#/lab', '#/lab?seed=3', '#code=abc'])
      expect(sandboxHashProblem(hash)).toBeNull();
    expect(sandboxHashProblem('#?ttl=5')).toContain('as in ?ttl=5,');
    // A setting the query would not read either is not offered as the way to write it.
    expect(sandboxHashProblem('#/?writePolicy=update-cache')).toBe(
      'the settings after the # (#/?writePolicy=update-cache) were not read: the sandbox reads its settings before the #, and opened with its own',
    );
    expect(sandboxHashProblem(`#/${'x'.repeat(100)}`)).toMatch(/^#\/x{55}… is no page of this app/);
    // Only #/lab and its settings are the lab: another name that starts so is no page.
    for (const hash of ['#/labx', '#/lab/runs', '#/lab#ttl=5'])
      expect(sandboxHashProblem(hash)).toMatch(/ is no page of this app/);
  });
});
