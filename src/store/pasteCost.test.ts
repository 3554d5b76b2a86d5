// What a paste costs as the run grows: measured with PASTE_PERF=1 (the README's figures), its
// work asserted. Left out of the usual run: 20,000 lines take seconds.

import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

it.skipIf(process.env.PASTE_PERF !== '1')(
  'four pastes of 5,000 lines: a subscriber that reads the timeline reads the run once a paste',
  async () => {
    const store = await freePlaySandbox();
    // As the page's subscribers do (the link's text, the narration's selectors): the whole run.
    let read = 0;
    store.subscribe((s) => (read += s.timeline.length));
    const figures: string[] = [];
    for (let k = 0; k < 4; k++) {
      read = 0;
      const startedAt = performance.now();
      await Promise.all(
        Array.from({ length: 5000 }, (_, i) => store.getState().runRedis(`SET k${k * 5000 + i} v`)),
      );
      figures.push(`${Math.round(performance.now() - startedAt)} ms, ${read} entries read`);
      // Once a line, it read 12.5 million entries for the first paste, 87.5 million for the fourth.
      expect(read).toBe((k + 1) * 5000);
    }
    console.log('pastes of 5,000 lines:', figures.join('; '));
    expect(store.getState().redisConsole).toHaveLength(20_000);
  },
  300_000,
);
