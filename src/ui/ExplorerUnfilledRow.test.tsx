// @vitest-environment jsdom
// A read path of the learner's that never fills the key it read (it never SETs) leaves every
// cell fresh: the summary says no read filled the key, so the green grid is not read as proof.
import { afterEach, expect, it } from 'vitest';
import type { LearnerSources } from '../engine/programs/learner';
import { explorerPanelWith, unmountExplorerPanel } from './explorerPanelTestKit';

afterEach(unmountExplorerPanel);

async function explored(sources: LearnerSources) {
  const shown = await explorerPanelWith(sources);
  return { ...shown, note: shown.text('explorer.unfilledRows') };
}

const NOTE =
  "No read filled user 1's key (user:1) in any interleaving, so no write could race a fill: your read path must SET cacheKey(id) to the row it read on a miss.";

const getThen = (fill: string) =>
  `function* read(id) {\n  const hit = yield redis('GET', cacheKey(id));\n  if (hit !== null) return JSON.parse(hit);\n  const row = yield selectUser(id);\n${fill}\n  return row;\n}`;

it('a read path that never SETs: all fresh, and the summary, the announcement and a cell say why', async () => {
  const shown = await explored({ read: getThen('') });
  // Every cell green: nothing else on screen says why.
  expect(shown.fresh).toMatch(/fresh: [1-9]\d*$/);
  for (const other of shown.others) expect(other).toMatch(/: 0$/);
  expect(shown.note).toBe(NOTE);
  expect(shown.announcement).toContain(NOTE);
  // One interleaving opened on its own says it too: its "fresh" is no success of the code.
  expect(shown.firstCellDetail()).toContain(
    "fresh, but no read filled user 1's key (user:1) in this interleaving, so no write could race a fill: your read path must SET cacheKey(id) to the row it read on a miss",
  );
});

it('a read path that fills the key it read, and ours: no such note', async () => {
  const yours = await explored({
    read: getThen("  yield redis('SET', cacheKey(id), JSON.stringify(row));"),
  });
  expect(yours.fresh).not.toBeNull();
  expect(yours.note).toBeNull();
  expect(yours.announcement).not.toContain('No read filled');
  expect(yours.firstCellDetail()).toMatch(/database reads?,/);
  expect(yours.firstCellDetail()).not.toContain('no read filled');
  unmountExplorerPanel();
  const ours = await explored({});
  expect(ours.fresh).not.toBeNull();
  expect(ours.note).toBeNull();
  expect(ours.firstCellDetail()).not.toContain('no read filled');
});

// Until 2026-12-06 a read path that cached user 1's row under user:2 got the same note, naming
// only user:1, and the learner was left to find the key their code used.
it('a read path that SETs another key: the note names the key it used', async () => {
  const shown = await explored({
    read: getThen("  yield redis('SET', cacheKey(id + 1), JSON.stringify(row));"),
  });
  expect(shown.note).toBe(
    `${NOTE.slice(0, -1)} (the reads of user 1 used another key: SET user:2).`,
  );
});
