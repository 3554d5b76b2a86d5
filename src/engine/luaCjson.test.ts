import { describe, expect, it } from 'vitest';
import type { Cache } from './cache';
import { createTestCache } from './testCache';

const newCache = () => createTestCache().cache;
const script = (cache: Cache, text: string) => cache.exec('A', ['EVAL', text, '0']);
const maxDepth = (cache: Cache) => script(cache, 'return cjson.encode_max_depth()');

describe("a script's cjson settings", () => {
  it("last for the server's scripts after, as on Redis 7.0's one Lua state, and no other server's", async () => {
    // The parity test compares the same with a live redis-server when one is installed.
    const cache = newCache();
    const other = newCache();
    expect(await script(cache, 'return cjson.encode_max_depth(2)')).toBe(2);
    expect(await maxDepth(cache)).toBe(2);
    expect(await cache.exec('B', ['EVAL', 'return cjson.encode_max_depth()', '0'])).toBe(2);
    expect(await maxDepth(other)).toBe(1000);
    // cjson.new() makes a module of its own, on the defaults, whatever the global one holds.
    expect(await script(cache, 'return cjson.new().encode_max_depth()')).toBe(1000);
    expect(await script(cache, 'return cjson.new().encode_max_depth(3)')).toBe(3);
    expect(await maxDepth(cache)).toBe(2);
  });

  it('go on from a checkpoint as they were (Back replays the same encodings)', async () => {
    const cache = newCache();
    await script(cache, 'cjson.encode_number_precision(3) cjson.encode_invalid_numbers(true)');
    const saved = cache.saveState();
    if (saved === null) throw new Error('no state');
    await script(cache, 'cjson.encode_number_precision(14)');
    const restored = newCache();
    restored.loadState(saved);
    expect(await script(restored, 'return cjson.encode({math.pi, 1/0})')).toBe('[3.14,inf]');
  });

  it('are set back to the defaults by a restart, as a new server process is', async () => {
    const cache = newCache();
    await script(cache, 'cjson.encode_max_depth(2)');
    await cache.restart();
    expect(await maxDepth(cache)).toBe(1000);
  });
});
