import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';

describe('EventQueue', () => {
  it('is empty at first: size 0, peekTime Infinity, pop undefined', () => {
    const q = new EventQueue<string>();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBeUndefined();
  });

  it('pops the earliest event first and peekTime tells its time', () => {
    const q = new EventQueue<string>();
    q.push(30, 'c');
    q.push(10, 'a');
    q.push(20, 'b');
    q.push(0.5, 'first');
    expect(q.size).toBe(4);
    expect(q.peekTime()).toBe(0.5);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual(['first', 'a', 'b', 'c']);
    expect(q.size).toBe(0);
  });

  it('breaks ties in time by insertion order, even across pops', () => {
    const q = new EventQueue<string>();
    for (const name of ['t1', 't2', 't3', 't4', 't5']) q.push(5, name);
    q.push(1, 'early');
    expect(q.pop()).toBe('early');
    q.push(5, 't6');
    const out: (string | undefined)[] = [];
    while (q.size) out.push(q.pop());
    expect(out).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
  });

  it('behaves like a stable sort under any mix of pushes and pops (property)', () => {
    type Op = { kind: 'push'; time: number } | { kind: 'pop' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      // Few distinct times, so ties are common.
      fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new EventQueue<number>();
        // Reference model: a list kept sorted by (time, insertion number).
        const model: { time: number; id: number }[] = [];
        let id = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            q.push(o.time, id);
            model.push({ time: o.time, id: id++ });
            model.sort((a, b) => a.time - b.time || a.id - b.id);
          } else {
            const expected = model.shift();
            expect(q.pop()).toBe(expected?.id);
          }
          expect(q.size).toBe(model.length);
          expect(q.peekTime()).toBe(model.length ? model[0].time : Infinity);
        }
        const rest: number[] = [];
        while (q.size) rest.push(q.pop() as number);
        expect(rest).toEqual(model.map((m) => m.id));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
