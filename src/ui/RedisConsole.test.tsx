// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { act } from 'react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisConsole } from './RedisConsole';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});
beforeEach(async () => {
  view = await mountWithSandbox(SQL, <RedisConsole />);
});
afterEach(() => view.unmount());

const input = () =>
  view.container.querySelector<HTMLInputElement>('input[aria-label="Redis command"]')!;

/** Puts `text` at the prompt, as typed, with the caret after it. */
async function typeAtPrompt(text: string): Promise<void> {
  await act(async () => {
    const el = input();
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setValue.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.setSelectionRange(text.length, text.length);
  });
}

/** Pastes `text` at the input's caret, as a browser's paste event hands it over. */
async function paste(text: string): Promise<void> {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
  await act(async () => {
    input().dispatchEvent(event);
  });
  // The lines pasted are queued; a line sent after them is answered after them.
  await perform(() => view.store.getState().runRedis('PING'));
}

/** The transcript as the console shows it: each line typed and its reply. */
const transcript = () =>
  [...view.container.querySelectorAll('.console-output li')].map((li) => [
    li.querySelector('.console-input')?.textContent?.replace(/^redis> /, ''),
    li.querySelector('.console-reply')?.textContent,
  ]);

it('runs lines pasted together one after another, as redis-cli does, never joined into one command', async () => {
  // A one-line input joins pasted lines with spaces: "DEL a DEL b" deletes a, DEL and b, and
  // answers as if two DELs had run.
  await paste('SET a 1\r\nSET b 2\nDEL a\nDEL b\n');
  expect(transcript()).toEqual([
    ['SET a 1', 'OK'],
    ['SET b 2', 'OK'],
    ['DEL a', '(integer) 1'],
    ['DEL b', '(integer) 1'],
    ['PING', 'PONG'],
  ]);
  expect(input().value).toBe('');
});

it('shows a long paste once, when its last line is answered, with every reply and the keys as they end', async () => {
  // Each line took a snapshot and a render of the whole transcript: a 1,000-line paste took
  // seconds, redrawn 1,000 times.
  const transcripts = new Set<unknown>([view.store.getState().redisConsole]);
  const unsubscribe = view.store.subscribe((s) => transcripts.add(s.redisConsole));
  const started = performance.now();
  await paste('INCR n\n'.repeat(300));
  const tookMs = performance.now() - started;
  unsubscribe();
  // Before, after the paste, and after the PING sent after it: not one transcript a line.
  expect(transcripts.size).toBeLessThanOrEqual(3);
  const shown = transcript();
  expect(shown).toHaveLength(301);
  expect(shown[299]).toEqual(['INCR n', '(integer) 300']);
  expect(view.store.getState().snapshot?.cache.find((e) => e.key === 'n')?.value).toBe('300');
  expect(tookMs).toBeLessThan(20_000);
});

it('leaves what follows the last line break at the prompt, after what was typed before the caret', async () => {
  await typeAtPrompt('ECHO ');
  await paste('first\n\nGET a');
  expect(transcript()).toEqual([
    ['ECHO first', '"first"'],
    ['PING', 'PONG'],
  ]);
  expect(input().value).toBe('GET a');
});

it('refuses a paste of more lines than it takes, whole: nothing runs and the prompt keeps what was typed', async () => {
  await typeAtPrompt('ECHO ');
  await paste('INCR n\n'.repeat(100_000));
  expect(view.container.querySelector('[role="alert"]')?.textContent).toBe(
    'paste too long: 100,000 lines; this console takes at most 1,000 lines in one paste (paste them in parts). Nothing was run.',
  );
  expect(transcript()).toEqual([['PING', 'PONG']]);
  expect(input().value).toBe('ECHO ');
  let reply: unknown;
  await perform(async () => {
    reply = await view.store.getState().runRedis('EXISTS n');
  });
  expect(reply).toEqual({ text: '(integer) 0', isError: false });
});

it('refuses a paste of more characters than a console line holds, whole', async () => {
  await paste(`SET a ${'x'.repeat(600_000)}\nSET b ${'y'.repeat(600_000)}\n`);
  expect(view.container.querySelector('[role="alert"]')?.textContent).toBe(
    'paste too long: 1,200,014 characters; a paste holds at most 1,048,576 (1 MiB), as a console line does. Nothing was run.',
  );
  expect(transcript()).toEqual([['PING', 'PONG']]);
});

it('clears what came before a clear pasted among other lines, once their replies are in', async () => {
  // Sent before SET's reply came back, the clear used to hide nothing: SET stayed on screen.
  await paste('SET a 1\nclear\nGET a\n');
  expect(transcript()).toEqual([
    ['GET a', '"1"'],
    ['PING', 'PONG'],
  ]);
});

it('keeps a clear that was waiting for replies when the console is left before they came', async () => {
  // The learner pastes, and opens the lab before SET's reply is in: the clear, applied to a
  // console no longer shown, was lost, and coming back showed SET again.
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => 'SET a 1\nclear\n' } });
  act(() => {
    input().dispatchEvent(event);
  });
  view.remount(<RedisConsole />);
  await perform(() => view.store.getState().runRedis('GET a'));
  expect(transcript()).toEqual([['GET a', '"1"']]);
});

it("shows INFO's lines as redis-cli prints them, each CRLF a line break, not an escaped \\r", async () => {
  await perform(() => view.store.getState().runRedis('INFO server'));
  const [[typed, reply]] = transcript();
  expect(typed).toBe('INFO server');
  expect(reply?.split('\n').slice(0, 2)).toEqual([
    '# Server',
    'redis_version:7.0.15-compatible (in-browser sandbox: ioredis-mock 8.13 behind a command layer)',
  ]);
  expect(reply).not.toContain('\\r');
  expect(reply).not.toContain('\r');
});

it('sends a line of no-break spaces, which redis-cli sends as a word, and keeps it for ArrowUp', async () => {
  // macOS types a no-break space for Option+Space. redis-cli splits at C's blanks only, so it
  // sends the word and Redis answers an unknown command; the console used to drop the line as
  // blank, printing nothing.
  await typeAtPrompt('\u00a0');
  await act(async () => {
    input().form!.requestSubmit();
  });
  await perform(() => view.store.getState().runRedis('PING'));
  expect(transcript()).toEqual([
    ['\u00a0', "(error) ERR unknown command '\u00a0', with args beginning with: "],
    ['PING', 'PONG'],
  ]);
  expect(input().value).toBe('');
  await act(async () => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
  });
  expect(input().value).toBe('\u00a0');
});
