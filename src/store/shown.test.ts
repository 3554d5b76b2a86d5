import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectCache, selectLastFailedRequest, selectSnapshot } from './selectors';
import { selectDiagramEvents } from './diagramSelectors';
import { selectToldLatest } from './narrationSelectors';
import { shown, shownBlock, shownName, shownSnapshot, shownValue } from './shown';
import { selectLogLines } from './logLines';

const RLO = '\u202E';
// What the page must never show: a NUL and the other controls, direction marks, characters
// that show as nothing, line breaks of a sentence.
// eslint-disable-next-line no-control-regex -- finding them is the point
const RAW = /[\u0000-\u001f\u00ad\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

describe('shown: text made for the page', () => {
  it('writes the characters that hide or turn text around as redis-cli does, and is idempotent', () => {
    const text = `a\u0000b ${RLO}c\nd\u00ade\u200bf\u2028\ufeff`;
    expect(shown(text)).toBe('a\\x00b \\u202Ec\\nd\\u00ADe\\u200Bf\\u2028\\uFEFF');
    expect(shown(shown(text))).toBe(shown(text));
    expect(shown('user:1 é 👨‍👩‍👧')).toBe('user:1 é 👨‍👩‍👧');
  });

  it("keeps a reply's line breaks, CRLF's too (INFO's), and escapes a CR inside a line", () => {
    expect(shownBlock('# Server\r\nredis_mode:standalone\r\n')).toBe(
      '# Server\nredis_mode:standalone\n',
    );
    expect(shownBlock('a\rb\nc\u0000')).toBe('a\\rb\nc\\x00');
    expect(shownBlock('1) "a"\n2) "b"')).toBe('1) "a"\n2) "b"');
  });

  it("reads a key of the four characters a\\x00b apart from a NUL's key, as redis-cli's KEYS * does", () => {
    // redis-cli 7 --no-raw: KEYS * prints "a\\x00b" for the typed backslash, "a\x00b" for the NUL.
    expect(shownName('a\u0000b')).toBe('a\\x00b');
    expect(shownName('a\\x00b')).toBe('a\\\\x00b');
    expect(shownName('user:1')).toBe('user:1');
    expect(shownName(`user:${RLO}1`)).toBe('user:\\u202E1');
    expect(shownName('ab')).not.toBe(shownName('a\u00adb'));
  });

  it("shows a value's JSON pretty with its layout, and any other value with its backslashes doubled", () => {
    expect(shownValue(`{"name":"Ada ${RLO}x"}`)).toBe('{\n  "name": "Ada \\u202Ex"\n}');
    // JSON writes a NUL and a backslash its own way: the two read apart.
    expect(shownValue('"a\\u0000b"')).toBe('"a\\u0000b"');
    expect(shownValue('"a\\\\x00b"')).toBe('"a\\\\x00b"');
    expect(shownValue('a\u0000b')).toBe('a\\x00b');
    expect(shownValue('a\\x00b')).toBe('a\\\\x00b');
    expect(shownValue(`line 1\nline ${RLO}2`)).toBe('line 1\nline \\u202E2');
  });
});

describe('the panels draw the snapshot as shown; the engine keeps its data', () => {
  it('a run of ordinary keys is drawn from the snapshot itself', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().runRedis('SET user:1 x');
    const s = store.getState();
    expect(selectSnapshot(s)).toBe(s.snapshot);
    expect(shownSnapshot(s.snapshot!)).toBe(shownSnapshot(s.snapshot!));
  });

  it('keys, replies and errors reach the panels and sentences escaped, and state stays raw', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().runRedis('SET "a\\x00b" nul');
    await store.getState().runRedis('SET a\\x00b typed');
    await store.getState().runRedis('SET "k\\xe2\\x80\\xae1" v');
    await store.getState().runRedis('APPEND "k\\xe2\\x80\\xae1" "\\xe2\\x80\\xae"');
    const s = store.getState();
    // The engine's own data keeps the characters.
    expect(s.snapshot!.cache.map((e) => e.key)).toEqual(
      expect.arrayContaining(['a\u0000b', 'a\\x00b', `k${RLO}1`]),
    );
    // The panel's keys: escaped, and the two a…b keys read apart.
    expect(selectCache(s).map((e) => e.key)).toEqual(
      expect.arrayContaining(['a\\x00b', 'a\\\\x00b', 'k\\u202E1']),
    );
    const drawn = selectDiagramEvents(s);
    expect(drawn.at(-1)!.key).toBe('k\\u202E1');
    for (const e of drawn) expect(`${e.key} ${e.command} ${e.reply}`).not.toMatch(RAW);
    for (const line of selectLogLines(selectSnapshot(s)!))
      expect(`${line.text} ${line.result}`).not.toMatch(RAW);
    expect(selectToldLatest(s) ?? '').not.toMatch(RAW);
  });

  it("a failed request's key and error are shown escaped", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().runSql(`ALTER TABLE users RENAME COLUMN email TO "e${RLO}x"`);
    await store.getState().startRead('A', 1);
    while (await store.getState().step());
    const failed = selectLastFailedRequest(store.getState());
    expect(failed?.error).toBeDefined();
    expect(`${failed!.key} ${failed!.error}`).not.toMatch(RAW);
  });
});
