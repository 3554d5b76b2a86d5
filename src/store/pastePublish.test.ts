// A paste's lines run one after another and the page shows the run once the last is answered:
// what the store's subscribers (the link, the narration, the consoles) see, and what Back keeps.

import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

it('shows a paste of 1,000 lines to the page once, with every line and reply, and Back and Step keep them all', async () => {
  const store = await freePlaySandbox();
  await store.getState().runRedis('SET before 1');
  // Each change of the run the subscribers were shown: once a line read the whole timeline
  // 1,000 times over (the link's text, the narration's selectors).
  let runsShown = 0;
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.timeline !== prev.timeline) runsShown++;
  });
  const replies = await Promise.all(
    Array.from({ length: 1000 }, (_, i) => store.getState().runRedis(`INCR n${i % 10}`)),
  );
  unsubscribe();
  expect(runsShown).toBe(1);
  expect(replies.at(-1)).toEqual({ text: '(integer) 100', isError: false });
  const shown = store.getState().redisConsole;
  expect(shown).toHaveLength(1001);
  expect(shown[0]).toMatchObject({ id: 0, input: 'SET before 1' });
  expect(shown[1000]).toMatchObject({
    id: 1000,
    input: 'INCR n9',
    output: { text: '(integer) 100' },
  });
  expect(store.getState().timeline).toHaveLength(1001);
  const whole = shown.map((l) => [l.id, l.input, l.output.text]);
  // Back with no Step pressed goes to the start; Step redoes every line with the same replies.
  expect(await store.getState().back()).toBe(true);
  expect(store.getState().redisConsole).toEqual([]);
  await store.getState().step();
  expect(store.getState().redisConsole.map((l) => [l.id, l.input, l.output.text])).toEqual(whole);
  // A line typed after them is one more line, read from the run as it is now.
  expect((await store.getState().runRedis('GET n9')).text).toBe('"100"');
  expect(store.getState().redisConsole.at(-1)).toMatchObject({ id: 1001, input: 'GET n9' });
  expect(store.getState().redisConsole).toHaveLength(1002);
});

it('answers a pasted line once its console shows it, when lines pasted into the other console follow', async () => {
  const store = await freePlaySandbox();
  const redis = Array.from({ length: 20 }, (_, i) => store.getState().runRedis(`SET r${i} 1`));
  const sql = Array.from({ length: 20 }, (_, i) => store.getState().runSql(`SELECT ${i}`));
  // The Redis console's "Waiting for the reply…" goes when its last line is answered: its lines
  // are on the page by then, not only once the SQL console's last line is.
  await Promise.all(redis);
  expect(store.getState().redisConsole.map((l) => l.input)).toEqual(
    Array.from({ length: 20 }, (_, i) => `SET r${i} 1`),
  );
  await Promise.all(sql);
  expect(store.getState().sqlConsole).toHaveLength(20);
  expect(store.getState().sqlConsole.at(-1)).toMatchObject({ id: 39, input: 'SELECT 19' });
});
