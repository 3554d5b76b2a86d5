import { describe, expect, it } from 'vitest';
import { selectLogLines } from './logLines';
import { selectSequenceRows } from './sequenceRows';
import { selectToldLatest } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

describe('a SQL line the console refuses before SQLite runs any of it', () => {
  it('is drawn neither in the log nor in the sequence diagram, as a Redis line the console refuses is not', async () => {
    // Until 2026-12-07 `COMMIT` and `.tables` were logged as `[sqlite actor:console] COMMIT →
    // Error: ...` and drawn as an arrow to SQLite with its error, while the narration said
    // SQLite ran none of it.
    const store = await freePlaySandbox();
    await store.getState().runSql("UPDATE users SET plan = 'team' WHERE id = 1");
    const before = store.getState().snapshot!;
    const [logged, drawn] = [selectLogLines(before).length, selectSequenceRows(before).length];
    for (const line of ['COMMIT', '.tables']) {
      expect(await store.getState().runSql(line)).toMatchObject({ isRefused: true });
      const after = store.getState().snapshot!;
      expect(selectLogLines(after).map((l) => l.text)).toHaveLength(logged);
      expect(selectSequenceRows(after)).toHaveLength(drawn);
      expect(selectToldLatest(store.getState())).toMatch(
        /^The SQL console refused .*SQLite ran none of it/,
      );
    }
    // A COMMIT after a statement SQLite ran is SQLite's line: logged and drawn with its error.
    await store.getState().runSql("UPDATE users SET plan = 'x' WHERE id = 2; COMMIT");
    const late = store.getState().snapshot!;
    expect(selectLogLines(late).at(-1)?.result).toMatch(/^Error: COMMIT is not available here/);
    expect(selectSequenceRows(late).at(-1)).toMatchObject({ target: 'db', isError: true });
  });
});
