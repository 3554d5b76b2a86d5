import { describe, expect, it } from 'vitest';
import { selectToldLatest } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

describe('a console line holding a direction mark or a NUL, as the narration tells it', () => {
  it('writes the keys a DEL names and the line typed with the marks as escapes', async () => {
    // Before, "You deleted a<U+202E>b from the Redis console." held the U+202E itself, and every word
    // after it read backwards ("...elosnoc sideR eht morf b").
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET "a\\xe2\\x80\\xaeb" 1');
    await store.getState().runRedis('DEL "a\\xe2\\x80\\xaeb"');
    expect(selectToldLatest(store.getState())).toBe(
      'You deleted a\\u202Eb from the Redis console.',
    );
    await store.getState().runRedis('SET "x\\x00" 1');
    await store.getState().runRedis('DEL "x\\x00" "y\\xc2\\xadz"');
    expect(selectToldLatest(store.getState())).toMatch(
      /^You deleted x\\x00 and y\\u00ADz from the Redis console \(/,
    );
    // A line that arrives with the character itself (the API, a link) is quoted escaped too.
    await store.getState().runRedis('SET k\u202e 1');
    expect(selectToldLatest(store.getState())).toBe(
      'You changed Redis from the console (SET k\\u202E 1).',
    );
  });

  it('writes a mark in a SQL console line as an escape', async () => {
    const store = await freePlaySandbox();
    await store.getState().runSql("UPDATE users SET name = 'Ada\u202e' WHERE id = 2");
    const told = selectToldLatest(store.getState()) ?? '';
    expect(told).toContain("SET name = 'Ada\\u202E' WHERE");
    expect(told).not.toContain('\u202e');
  });

  it('quotes a key with a space or a comma, as the diagram writes the command, so it reads as one key', async () => {
    // Before, "You deleted sp ace and a, b from the Redis console" read as four keys, beside the
    // sequence view's DEL 'sp ace' 'a, b'.
    const store = await freePlaySandbox();
    await store.getState().runRedis('MSET "sp ace" 1 "a, b" 2');
    await store.getState().runRedis('DEL "sp ace" "a, b"');
    expect(selectToldLatest(store.getState())).toBe(
      "You deleted 'sp ace' and 'a, b' from the Redis console (Redis answered (integer) 2: that many of them were there).",
    );
  });

  it('leaves a name in another script or an emoji as it is', async () => {
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET 中文é👍 1');
    await store.getState().runRedis('DEL 中文é👍');
    expect(selectToldLatest(store.getState())).toBe('You deleted 中文é👍 from the Redis console.');
  });

  it('cuts a long console line, as its step records it, never inside an escape', async () => {
    // Cut at 117 characters, a line of many escaped arguments ended "k9 'v\x0…" (a NUL and a
    // stray 0 to a reader), or a SQL line "aaaa\…" one character into a newline's `\n`.
    const store = await freePlaySandbox();
    const args = Array.from({ length: 12 }, (_, i) => `k${i} "v\\x01"`).join(' ');
    const commands: string[] = [];
    for (let pad = 1; pad <= 6; pad++) {
      await store.getState().runRedis(`MSET ${'p'.repeat(pad)} 1 ${args}`);
      commands.push(store.getState().snapshot!.events.at(-1)!.command);
    }
    await store.getState().runSql(`SELECT 1, '${'a'.repeat(105)}\n\nb'`);
    commands.push(store.getState().snapshot!.events.at(-1)!.command);
    for (const command of commands) {
      expect(command).toMatch(/…$/);
      // What is left before the cut is whole: no backslash, \x or \x0 of an escape cut short.
      expect(command).not.toMatch(/(^|[^\\])(\\\\)*\\(x[0-9A-Fa-f]?)?…$/);
    }
    // One whose cut fell after `\x0` ends before the escape.
    expect(commands[1]).toMatch(/ k9 'v…$/);
  });
});
