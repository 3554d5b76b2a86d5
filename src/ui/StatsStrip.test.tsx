// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { StatsStrip } from './StatsStrip';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view.unmount());

const shown = (label: string) =>
  view.container.querySelector(`[data-testid="stat.${label}"] dd`)?.textContent;

// Under write-behind the strip shows the lab's "Writes consistent" beside Writes lost: a write
// the queue lost before its flush is in neither the database nor the figure.
it('under write-behind, a write the queue lost is counted in Writes consistent, as in the lab', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  expect(shown('Writes consistent')).toBe('none yet');
  await perform(() => view.store.getState().startWrite('A', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('A'));
  // Acknowledged, in the cache, not in the database: not consistent yet, and not judged yet.
  expect(shown('Writes consistent')).toBe('1 pending, not in the database yet');
  await perform(() => view.store.getState().runRedis('DEL write-behind:queue'));
  expect(shown('Writes lost')).toBe('1');
  // Final, at a few ms: a lost write is never consistent. Until 2026-12-06 the words were only
  // "0 of 1 within 60 s", a verdict over 60 s with the clock at 3 ms.
  expect(shown('Writes consistent')).toBe('0 of 1 within 60 s; 1 lost, never consistent');
});

// A write not consistent as things stand, with its 60 s not over: a figure so far, not a verdict.
// The flushed write's copy is older than the row after a console UPDATE (STALE, no TTL); a DEL
// within the 60 s would still make the write consistent, and past them the figure is final.
it('a write not consistent yet with its 60 s not over is told as such, then judged once they pass', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  await perform(() => view.store.getState().startWrite('A', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('A'));
  await perform(() => view.store.getState().runSql("UPDATE users SET name = 'x' WHERE id = 1"));
  for (let i = 0; i < 3; i++) await perform(() => view.store.getState().stepActor('flusher'));
  expect(shown('Writes consistent')).toBe(
    '0 of 1 within 60 s so far; 1 not consistent yet, with time left',
  );
  expect(hint('Writes consistent')).toMatch(
    /So far: 0 within 1 s, 0 within 10 s, 0 within 60 s, of 1 judged; 1 not consistent yet whose 60 s are not over: a later command \(a DEL, a refill, an expiry\) may still make it so\.$/,
  );
  await perform(() => view.store.getState().advanceClock(60_000));
  expect(shown('Writes consistent')).toBe('0 of 1 within 60 s');
});

// Until 2026-12-04 the strip said "1 of 1 within 60 s" as soon as the write was in the cache,
// while the database still held the old row (and the queue could still lose it). A write is
// consistent once its flush has written it, counted from its acknowledgement: the flusher waits
// 1 s before its LPOP, so this one took just over 1 s.
it('under write-behind, a write is judged consistent at its flush, not at its store in the cache', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  await perform(() => view.store.getState().startWrite('A', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('A'));
  expect(shown('Writes waiting')).toBe('1');
  expect(shown('Writes consistent')).toBe('1 pending, not in the database yet');
  expect(hint('Writes consistent')).toMatch(
    /So far: 0 within 1 s, 0 within 10 s, 0 within 60 s, of 0 judged; 1 not in the database yet, judged at their flush\.$/,
  );
  // The flusher's wait, its LPOP, then its UPDATE.
  for (let i = 0; i < 3; i++) await perform(() => view.store.getState().stepActor('flusher'));
  expect(shown('Writes flushed')).toBe('1');
  expect(shown('Writes consistent')).toBe('1 of 1 within 60 s');
  expect(hint('Writes consistent')).toMatch(
    /So far: 0 within 1 s, 1 within 10 s, 1 within 60 s, of 1 judged\.$/,
  );
});

const hint = (label: string) =>
  view.container.querySelector(`[data-testid="stat.${label}"]`)?.getAttribute('title');

// The flusher's LPOP could not reach Redis and its job ended: the writes wait with nothing
// running to flush them, and the hint says what starts a flusher again.
it('Writes waiting says when no flusher is running, and what starts one', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  const base =
    'Write-behind writes acknowledged that the database does not have yet: queued in Redis, or taken by the flusher and not yet written.';
  expect(hint('Writes waiting')).toBe(base);
  await perform(() => view.store.getState().startWrite('B', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('B'));
  expect(shown('Writes waiting')).toBe('1');
  expect(hint('Writes waiting')).toBe(base);
  await perform(() => view.store.getState().setCacheAvailable(false));
  for (let i = 0; i < 2; i++) await perform(() => view.store.getState().stepActor('flusher'));
  await perform(() => view.store.getState().setCacheAvailable(true));
  expect(shown('Writes waiting')).toBe('1');
  expect(hint('Writes waiting')).toBe(
    `${base} No flusher is running: they wait in the queue until the next write is queued, whose RPUSH starts one.`,
  );
});

// Before, what each figure counts was only a title, which a keyboard or a touch screen never
// shows. The "?" opens the same words, the figures' current ones included, and Escape closes it.
it('a "?" button opens what each figure counts, as the titles say it, and Escape closes it', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  await perform(() => view.store.getState().startWrite('A', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('A'));
  const button = view.container.querySelector<HTMLButtonElement>('button.stats-explain');
  expect(button?.getAttribute('aria-label')).toBe('What these figures count');
  expect(button?.getAttribute('aria-expanded')).toBe('false');
  expect(view.container.querySelector('[data-testid="stats.explained"]')).toBeNull();
  await perform(async () => button?.click());
  expect(button?.getAttribute('aria-expanded')).toBe('true');
  const list = view.container.querySelector('[data-testid="stats.explained"]');
  expect(button?.getAttribute('aria-controls')).toBe(list?.id);
  const explained = new Map(
    [...(list?.querySelectorAll('div') ?? [])].map((d) => [
      d.querySelector('dt')?.textContent,
      d.querySelector('dd')?.textContent,
    ]),
  );
  expect(explained.get('GET hits')).toBe(hint('Hits'));
  expect(explained.get('Writes consistent')).toBe(hint('Writes consistent'));
  expect(explained.get('Writes consistent')).toMatch(/1 not in the database yet/);
  await perform(async () =>
    button?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })),
  );
  expect(button?.getAttribute('aria-expanded')).toBe('false');
  expect(view.container.querySelector('[data-testid="stats.explained"]')).toBeNull();
});

// Before, a write the cache could not take (Redis down: the application wrote the database
// itself) was in none of Writes waiting, flushed or lost.
it('under write-behind, a write the application wrote around the queue has its own figure', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  expect(shown('Written around the queue')).toBeUndefined();
  await perform(() => view.store.getState().setCacheAvailable(false));
  await perform(() => view.store.getState().startWrite('A', 1, { plan: 'pro' }));
  for (let i = 0; i < 4 && view.store.getState().snapshot?.actors.some((a) => a.task); i++)
    await perform(() => view.store.getState().stepActor('A'));
  expect(shown('Written around the queue')).toBe('1');
  expect(shown('Writes waiting')).toBe('0');
  expect(shown('Writes flushed')).toBe('0');
  expect(shown('Writes lost')).toBe('0');
  expect(hint('Written around the queue')).toMatch(/the application wrote the database itself/);
});

// Until 2026-12-08 the hint counted only writes "with an older copy of their row left", while a
// failed DEL at user:1 holding user 2's row (and the change log's, dropped) moved the counter too.
it("Lost invalidations counts a failed DEL that left another user's row under the key, and its hint says so", async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  const row2 = JSON.stringify({ id: 2, name: 'x', email: 'x', plan: 'free', version: 5 });
  await perform(() => view.store.getState().runRedis(`SET user:1 '${row2}' EX 60`));
  await perform(() => view.store.getState().startWrite('B', 1, { plan: 'pro' }));
  await perform(() => view.store.getState().stepActor('B'));
  await perform(() => view.store.getState().setCacheAvailable(false));
  await perform(() => view.store.getState().stepActor('B'));
  expect(shown('Lost invalidations')).toBe('1');
  expect(hint('Lost invalidations')).toMatch(
    /^Writes whose invalidation failed \(Redis down, an error\) with an older copy of their row, or another user's row, left under its key/,
  );
});
