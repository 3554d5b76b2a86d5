// @vitest-environment jsdom
// The Redis panel's TTL beside the console's TTL for the same key at the same moment: both say
// the same seconds. Before, the panel cut a TTL of a minute or more down to the second below
// (PTTL 299600 read "TTL 4 min 59 s") where Redis' TTL rounds to the nearest ((ms + 500) / 1000,
// `ttlGenericCommand` in expire.c) and answered 300.
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisPanel } from './RedisPanel';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view.unmount());

const panelTtl = (key: string): string | null | undefined =>
  view.container.querySelector(`[aria-label="TTL of ${key}"]`)?.textContent;

const consoleReply = async (line: string): Promise<string | undefined> => {
  await perform(() => view.store.getState().runRedis(line));
  return view.store.getState().redisConsole.at(-1)?.output.text;
};

/** "(integer) 300" as whole seconds, in the panel's words: "5 min 0 s". */
const inPanelWords = (seconds: number): string =>
  seconds >= 3600
    ? `TTL ${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min ${seconds % 60} s`
    : `TTL ${Math.floor(seconds / 60)} min ${seconds % 60} s`;

it.each([
  ['EX 300', 400, 300],
  ['EX 300', 600, 299],
  ['EX 300', 500, 300],
  ['EX 3600', 1, 3600],
  ['PX 90500', 0, 91],
])(
  'SET k v %s, %i ms on: the panel says the seconds TTL k answers (%i)',
  async (expiry, afterMs, ttl) => {
    view = await mountWithSandbox(SQL, <RedisPanel />);
    await perform(() => view.store.getState().loadScenario(null));
    await consoleReply(`SET k v ${expiry}`);
    if (afterMs > 0) await perform(() => view.store.getState().advanceClock(afterMs));
    expect(await consoleReply('TTL k')).toBe(`(integer) ${ttl}`);
    expect(panelTtl('k')).toBe(inPanelWords(ttl));
  },
);
