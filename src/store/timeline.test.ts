import { describe, expect, it } from 'vitest';
import { keepsPrefixOf, transcriptsAt, type TimelineEntry } from './timeline';

const redisLine = (n: number): TimelineEntry => ({
  kind: 'input',
  input: { type: 'redis', line: `SET k${n} v` },
  actions: [],
  commandsAfter: n,
  output: { console: 'redis', reply: { text: 'OK', isError: false } },
});
const sqlLine = (n: number): TimelineEntry => ({
  kind: 'input',
  input: { type: 'sql', statement: `SELECT ${n}` },
  actions: [],
  commandsAfter: n,
  output: { console: 'sql', result: { columns: [String(n)], rows: [[n]], changes: 0 } },
});
const press: TimelineEntry = {
  kind: 'step',
  input: { type: 'press' },
  actions: [{ type: 'step' }],
  commandsAfter: 0,
};
const lines = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => (i % 5 === 4 ? sqlLine(from + i) : redisLine(from + i)));

/** The transcripts read from every entry: what an appended read must equal. */
const readWhole = (timeline: TimelineEntry[], cursor: number) => {
  const { redis, sql } = transcriptsAt(null, timeline, cursor);
  return { redis, sql };
};

describe('transcriptsAt', () => {
  it('reads only the lines appended after the transcripts shown, and gives every line', () => {
    const typed = lines(0, 5000);
    let read = 0;
    const shown = transcriptsAt(null, typed, typed.length);
    const pasted = [...typed, ...lines(5000, 1000)];
    keepsPrefixOf(pasted, typed, typed.length);
    const next = transcriptsAt(shown, pasted, pasted.length, (n) => (read += n));
    // The 1,000 lines pasted, not the 5,000 before them too.
    expect(read).toBe(1000);
    expect({ redis: next.redis, sql: next.sql }).toEqual(readWhole(pasted, pasted.length));
    expect(next.redis).toHaveLength(4800);
    expect(next.sql.at(-1)).toMatchObject({ id: 5999, input: 'SELECT 5999' });
  });

  it('keeps a console its array when nothing was typed there (its view is not drawn again)', () => {
    const typed = lines(0, 10);
    const shown = transcriptsAt(null, typed, typed.length);
    const stepped = [...typed, press];
    keepsPrefixOf(stepped, typed, typed.length);
    const next = transcriptsAt(shown, stepped, stepped.length);
    expect(next.redis).toBe(shown.redis);
    expect(next.sql).toBe(shown.sql);
  });

  it('reads every entry again after Back and after a replay, whose entries are made anew', () => {
    const typed = lines(0, 100);
    const shown = transcriptsAt(null, typed, typed.length);
    let read = 0;
    // Back: fewer entries applied.
    const back = transcriptsAt(shown, typed, 60, (n) => (read += n));
    expect(read).toBe(60);
    expect({ redis: back.redis, sql: back.sql }).toEqual(readWhole(typed, 60));
    // A replay: the same lines, other entries, with another reply to the last.
    const replayed = typed.map((e) => ({ ...e }));
    replayed[99] = {
      ...replayed[99],
      output: { console: 'sql', result: { error: 'no such table: t' } },
    };
    read = 0;
    const again = transcriptsAt(back, replayed, replayed.length, (n) => (read += n));
    expect(read).toBe(100);
    expect(again.sql.at(-1)?.output).toEqual({ error: 'no such table: t' });
    expect({ redis: again.redis, sql: again.sql }).toEqual(readWhole(replayed, 100));
  });

  it('reads every entry again when the timeline was made from another than the one shown', () => {
    const typed = lines(0, 20);
    const shown = transcriptsAt(null, typed, typed.length);
    const other = lines(0, 20);
    const longer = [...other, redisLine(20)];
    keepsPrefixOf(longer, other, other.length);
    let read = 0;
    transcriptsAt(shown, longer, longer.length, (n) => (read += n));
    expect(read).toBe(21);
  });
});
