// @vitest-environment jsdom
import { act } from 'react';
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { ConfigControls } from './ConfigControls';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  view = await mountWithSandbox(SQL, <ConfigControls />);
});

afterEach(() => view.unmount());

const field = (label: string): HTMLInputElement =>
  [...view.container.querySelectorAll('label')].find((l) => l.textContent === label)
    ?.control as HTMLInputElement;

/** Types `text` into a field as a learner does. */
function type(input: HTMLInputElement, text: string): void {
  act(() => {
    // React tracks the value it last set; the native setter makes the change an edit.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function pressEnter(input: HTMLInputElement): Promise<void> {
  await act(async () => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** The text of the elements a field's aria-describedby names. */
const description = (input: HTMLInputElement): string =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => view.container.ownerDocument.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('a sandbox number field that refuses what was typed', () => {
  it('keeps the text, is marked invalid and described by the refusal, as the lab marks its fields', async () => {
    const ttl = field('TTL (s)');
    const before = view.store.getState().config.ttlSeconds;
    type(ttl, 'abc');
    await pressEnter(ttl);
    expect(view.store.getState().config.ttlSeconds).toBe(before);
    expect(ttl.value).toBe('abc');
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    expect(description(ttl)).toMatch(/^TTL .*must be .*got "abc"/);
    // Leaving the field after Enter does not refuse it a second time.
    const refused = view.store.getState().notices.at(-1)?.id;
    await act(async () => {
      ttl.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(view.store.getState().notices.at(-1)?.id).toBe(refused);
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    // Typing again clears the mark; a value taken leaves none.
    type(ttl, '45');
    expect(ttl.hasAttribute('aria-invalid')).toBe(false);
    await pressEnter(ttl);
    expect(view.store.getState().config.ttlSeconds).toBe(45);
    expect(ttl.value).toBe('45');
    expect(ttl.hasAttribute('aria-invalid')).toBe(false);
    // "1.000" is a thousand where a point groups digits: refused saying how it reads, as a link's
    // ?ttl=1.000 and the lab's fields refuse it, not run as a TTL of 1 s in silence.
    type(ttl, '1.000');
    await pressEnter(ttl);
    expect(view.store.getState().config.ttlSeconds).toBe(45);
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    expect(description(ttl)).toBe(
      'TTL must be a whole number from 0 to 2,592,000, written without a point and three digits after it: "1.000" reads as 1; for 1,000, write 1000 or 1,000',
    );
  });
});

describe('a sandbox number field given "-0"', () => {
  it('takes it as 0 and shows 0, also when the field holds 0 already, never leaving "-0" unsaid', async () => {
    const ttl = field('TTL (s)');
    type(ttl, '-0');
    await pressEnter(ttl);
    expect(Object.is(view.store.getState().config.ttlSeconds, 0)).toBe(true);
    expect(ttl.value).toBe('0');
    // Again, into a field that holds 0: before, "-0" stayed in the field with no message.
    type(ttl, '-0');
    await pressEnter(ttl);
    expect(ttl.value).toBe('0');
    expect(ttl.hasAttribute('aria-invalid')).toBe(false);
    // A field whose range starts above 0 refuses it as it refuses 0, with its usual message.
    await perform(() => view.store.getState().configure({ latencyModel: 'lognormal' }));
    const tail = field('Tail (p99 / median)');
    type(tail, '-0');
    await pressEnter(tail);
    expect(tail.getAttribute('aria-invalid')).toBe('true');
    expect(description(tail)).toMatch(/must be a number from 1 to 100, got 0$/);
  });
});

describe('the read mitigation under another pattern with cdc', () => {
  it('says single-flight takes no part there, and nothing of the kind for lease', async () => {
    const mitigation = field('Read mitigation') as unknown as HTMLSelectElement;
    await perform(() =>
      view.store.getState().configure({
        pattern: 'read-through',
        invalidation: 'cdc',
        readMitigation: 'single-flight',
      }),
    );
    // Before, nothing said so: the CLI names it "no read mitigation", the lab "not used".
    expect(mitigation.disabled).toBe(false);
    expect(description(mitigation as unknown as HTMLInputElement)).toContain(
      "Under cdc read-through's reads take no read mitigation, and the change log's consumer sends a plain DEL for single-flight as for none: single-flight takes no part",
    );
    await perform(() => view.store.getState().configure({ readMitigation: 'lease' }));
    expect(mitigation.hasAttribute('aria-describedby')).toBe(false);
  });
});

describe('the eviction policy while Max keys is 0', () => {
  it('says an evicting policy is not used, as the lab says it, until Max keys sets a limit', async () => {
    const eviction = field('Eviction') as unknown as HTMLSelectElement;
    // The default, noeviction, is what an unbounded cache does anyway: nothing to say.
    expect(eviction.hasAttribute('aria-describedby')).toBe(false);
    await perform(() => view.store.getState().configure({ eviction: 'allkeys-lru' }));
    // Before, nothing said so: allkeys-lru with Max keys 0 showed 0 evictions without a word why.
    expect(description(eviction as unknown as HTMLInputElement)).toBe(
      'Not used while Max keys is 0: an unbounded cache evicts nothing',
    );
    await perform(() => view.store.getState().configure({ maxKeys: 3 }));
    expect(eviction.hasAttribute('aria-describedby')).toBe(false);
  });
});

describe("a replay's database latency and token numbering", () => {
  it('are shown while they differ from the defaults, and set back from there', async () => {
    expect(field('Database read (ms)')).toBeUndefined();
    expect(field('Tokens numbered after')).toBeUndefined();
    await perform(() => view.store.getState().configure({ dbLatency: 100, tokensAfter: 10 }));
    expect(field('Database read (ms)').value).toBe('100');
    expect(field('Tokens numbered after').value).toBe('10');
    type(field('Tokens numbered after'), '0');
    await pressEnter(field('Tokens numbered after'));
    expect(view.store.getState().config.tokensAfter).toBe(0);
    expect(field('Tokens numbered after')).toBeUndefined();
  });
});

describe("a scenario's own slow database", () => {
  it('keeps its field while set to the default, so the learner can put the story back', async () => {
    await perform(() => view.store.getState().loadScenario('expensive-miss'));
    expect(field('Database read (ms)').value).toBe('30');
    type(field('Database read (ms)'), '2');
    await pressEnter(field('Database read (ms)'));
    expect(view.store.getState().config.dbLatency).toBe(2);
    type(field('Database read (ms)'), '30');
    await pressEnter(field('Database read (ms)'));
    expect(view.store.getState().config.dbLatency).toBe(30);
  });
});

describe("a refusal names its field by the field's label", () => {
  it('under lognormal latency and cdc, each field out of range is refused in its own words', async () => {
    await perform(() =>
      view.store.getState().configure({ latencyModel: 'lognormal', invalidation: 'cdc' }),
    );
    // Before, the refusals named "latency tail (p99 over median)", "stall length", "change log
    // consumer's lag", "chance an invalidation is held back" and "... is dropped": no field's label.
    for (const [label, named] of [
      ['Tail (p99 / median)', 'tail (p99 / median)'],
      ['Stall (ms)', 'stall'],
      ["Consumer's lag (ms)", "consumer's lag"],
      ['Held back (chance)', 'held back (chance)'],
      ['Dropped (chance)', 'dropped (chance)'],
    ]) {
      const input = field(label);
      type(input, '-5');
      await pressEnter(input);
      expect(description(input), label).toMatch(new RegExp(`^${escape(named)} must be a number`));
    }
  });
});

const escape = (s: string): string => s.replace(/[()]/g, '\\$&');
