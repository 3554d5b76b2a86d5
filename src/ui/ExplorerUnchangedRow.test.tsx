// @vitest-environment jsdom
// A write path of the learner's that never changes the row (it only DELs the key) leaves every
// cell fresh: the summary says no write changed the row, so the green grid is not read as proof.
import { afterEach, expect, it } from 'vitest';
import type { LearnerSources } from '../engine/programs/learner';
import { explorerPanelWith, unmountExplorerPanel } from './explorerPanelTestKit';

afterEach(unmountExplorerPanel);

async function explored(sources: LearnerSources) {
  const shown = await explorerPanelWith(sources);
  return { ...shown, note: shown.text('explorer.unchangedRows') };
}

const NOTE =
  "No write changed user 1's row in any interleaving, so no read could see it change: your write path must UPDATE the row it was given (updateUser(id, changes)).";

it('a write path that only DELs the key: all fresh, and the summary and announcement say why', async () => {
  const shown = await explored({
    write:
      "function* write(id, changes, ctx) {\n  yield redis('DEL', cacheKey(id));\n  return yield selectUser(id);\n}",
  });
  // Every cell green: nothing else on screen says why.
  expect(shown.fresh).toMatch(/fresh: [1-9]\d*$/);
  for (const other of shown.others) expect(other).toMatch(/: 0$/);
  expect(shown.note).toBe(NOTE);
  expect(shown.announcement).toContain(NOTE);
  // One interleaving opened on its own says it too: its "fresh" is no success of the code.
  expect(shown.firstCellDetail()).toContain(
    "fresh, but no write changed user 1's row in this interleaving, so no read could see it change: your write path must UPDATE the row it was given",
  );
});

it('a write path that UPDATEs the row, and ours: no such note', async () => {
  const yours = await explored({
    write:
      "function* write(id, changes, ctx) {\n  const row = yield updateUser(id, changes);\n  yield redis('DEL', cacheKey(id));\n  return row;\n}",
  });
  expect(yours.fresh).not.toBeNull();
  expect(yours.note).toBeNull();
  expect(yours.announcement).not.toContain('No write changed');
  // The stale set, its first cell: the write changed the row, and the detail says nothing else.
  expect(yours.firstCellDetail()).toMatch(/database reads?,/);
  expect(yours.firstCellDetail()).not.toContain('no write changed');
  unmountExplorerPanel();
  const ours = await explored({});
  expect(ours.fresh).not.toBeNull();
  expect(ours.note).toBeNull();
});
