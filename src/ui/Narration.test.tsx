// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { Narration } from './Narration';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  view = await mountWithSandbox(SQL, <Narration />);
});

afterEach(() => view.unmount());

/** The live regions' text (what a screen reader is told as it changes), in page order. */
const live = () =>
  [...view.container.querySelectorAll('[aria-live], [role="status"]')].map(
    (e) => e.textContent ?? '',
  );

describe('Narration', () => {
  it('free play: a live region, there from the start, tells each Step from its events', async () => {
    expect(view.container.querySelectorAll('[aria-live="polite"]')).toHaveLength(2);
    expect(live()).toEqual(['', '']);
    await perform(() => view.store.getState().startRead('A', 123));
    await perform(() => view.store.getState().step());
    expect(live()).toEqual([
      'Step 1: A sends GET user:123: (nil), a miss: the key is not in the cache.',
      '',
    ]);
    await perform(() => view.store.getState().step());
    expect(live()[0]).toMatch(
      /^Step 2: A runs SELECT \* FROM users WHERE id = 123 and receives version 1\./,
    );
  });

  it('free play: a step note (a corrupt entry, a failure) is heard too, in a live region of its own', async () => {
    await perform(() => view.store.getState().runRedis('SET user:123 garbage'));
    await perform(() => view.store.getState().startRead('A', 123));
    await perform(() => view.store.getState().step());
    const [step, note] = live();
    expect(step).toMatch(/^Step 1: A sends GET user:123/);
    expect(note).toMatch(/not JSON/);
    expect(
      view.container.querySelector('[data-testid="narration.note"]')?.getAttribute('aria-live'),
    ).toBe('polite');
  });

  it('free play: a restart after a Step is told live, the Step kept apart as told before it', async () => {
    await perform(() => view.store.getState().runRedis('SET user:123 garbage'));
    await perform(() => view.store.getState().startRead('A', 123));
    await perform(() => view.store.getState().step());
    await perform(() => view.store.getState().restartCache());
    const [told, note] = live();
    expect(told).toBe('Redis restarts with an empty memory: it lost the cached copy it held.');
    // The Step's note (a corrupt entry) is kept, marked as the Step is.
    expect(note).toMatch(
      /^Told before the input since \(what it says may no longer hold\): Corrupt/,
    );
    const before = view.container.querySelector('[data-testid="narration.before"]');
    expect(before?.textContent).toMatch(
      /^Told before the input since \(what it says may no longer hold\): Step 1: A sends GET user:123/,
    );
    expect(before?.hasAttribute('aria-live')).toBe(false);
  });

  it('a scenario: its section is the one live region, so nothing is told twice', async () => {
    await perform(() => view.store.getState().loadScenario('cold-read'));
    await perform(() => view.store.getState().step());
    const regions = view.container.querySelectorAll('[aria-live]');
    expect(regions).toHaveLength(1);
    expect(regions[0].querySelector('[data-testid="narration.step"]')).toBeNull();
    expect(regions[0].querySelectorAll('[aria-live]')).toHaveLength(0);
  });

  it('a scenario at its end: the verdict is a live region of its own, beside the story, not inside it', async () => {
    await perform(() => view.store.getState().loadScenario('cold-read'));
    while (view.store.getState().canStep) await perform(() => view.store.getState().step());
    const verdict = view.container.querySelector('[role="status"]');
    expect(verdict?.textContent).toMatch(/^Outcome met:/);
    const live = '[aria-live], [role="status"], [role="alert"], [role="log"]';
    // Inside the story's region, a screen reader told the verdict twice: once for each region.
    expect(verdict?.parentElement?.closest(live)).toBeNull();
    expect(view.container.querySelectorAll(live)).toHaveLength(2);
  });

  it("a scenario: an input after a beat is told, and the beat's text marked as told before it", async () => {
    await perform(() => view.store.getState().loadScenario('lost-invalidation'));
    for (let beat = 0; beat < 4; beat++) await perform(() => view.store.getState().step());
    const text = () => view.container.querySelector('[data-testid="narration.text"]')?.textContent;
    expect(text()).toMatch(/user:123 still holds version 1, now STALE\.$/);
    expect(view.container.querySelector('[data-testid="narration.since"]')).toBeNull();
    await perform(() => view.store.getState().restartCache());
    // The authored text is kept as written, under a mark: Redis holds no user:123 now.
    expect(text()).toMatch(/user:123 still holds version 1, now STALE\.$/);
    expect(view.container.querySelector('[data-testid="narration.told-before"]')?.textContent).toBe(
      'Told before the input since (what it says may no longer hold):',
    );
    expect(view.container.querySelector('[data-testid="narration.since"]')?.textContent).toBe(
      'Since then: Redis restarts with an empty memory: it lost the cached copy it held.',
    );
    // A second input: the first is still named (it is only in the log otherwise), the newest told.
    await perform(() => view.store.getState().runSql('UPDATE users SET plan = 1 WHERE id = 123'));
    expect(view.container.querySelector('[data-testid="narration.since"]')?.textContent).toBe(
      "Since then: first Redis restarted; then: You ran UPDATE users SET plan = 1 WHERE id = 123 in the SQL console: the database changed behind the cache's back. No cached copy differs from its row.",
    );
    // The next beat is told from the engine (the run left the script): the marks go.
    await perform(() => view.store.getState().step());
    expect(view.container.querySelector('[data-testid="narration.since"]')).toBeNull();
    expect(view.container.querySelector('[data-testid="narration.told-before"]')).toBeNull();
  });

  it("the counter: an actor's own Step between beats is a step of your own, not past the beats", async () => {
    const count = () => view.container.querySelector('.beat-count')?.textContent;
    await perform(() => view.store.getState().loadScenario('stale-set'));
    await perform(() => view.store.getState().step());
    await perform(() => view.store.getState().step());
    await perform(() => view.store.getState().stepActor('B'));
    await perform(() => view.store.getState().step());
    expect(count()).toBe('3 / 6, + 1 step of your own');
    while (view.store.getState().beat < 6) await perform(() => view.store.getState().step());
    await perform(() => view.store.getState().startRead('A', 123));
    await perform(() => view.store.getState().step());
    expect(count()).toBe('6 / 6, + 1 step of your own, + 1 step past its beats');
  });

  it('an engine script the narration names (EVAL INVALIDATE_IF_OLDER) opens its one-line definition', async () => {
    const { getState } = view.store;
    await perform(() => getState().configure({ readMitigation: 'versioned-fill' }));
    await perform(() => getState().startWrite('B', 1, { plan: 'pro' }));
    await perform(() => getState().stepActor('B'));
    await perform(() => getState().stepActor('B'));
    const term = [...view.container.querySelectorAll('button')].find(
      (b) => b.textContent === 'INVALIDATE_IF_OLDER',
    );
    expect(term?.closest('[data-testid="narration.step"]')?.textContent).toMatch(
      /^Step 2: B sends EVAL INVALIDATE_IF_OLDER 1 user:1 2 EX 3600: \(integer\) 1\./,
    );
    await perform(async () => term?.click());
    expect(view.container.querySelector('[role="note"]')?.textContent).toBe(
      'Engine script: INVALIDATE_IF_OLDER. A Lua script sent with EVAL: Redis runs all of it with no other command in between. A write’s invalidation under versioned fills (by the writer, or the change log’s consumer): puts a tombstone of the written version in the key, unless the key already holds that version or a newer one (a copy or a tombstone). Replies 1 (set) or 0 (left alone).',
    );
  });
});
