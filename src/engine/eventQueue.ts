/**
 * A min-heap of timed events. Ties in time go to the event scheduled first, so the order of
 * simultaneous events, and with it the whole run, is fixed by the seed.
 */
export class EventQueue<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.items.length ? this.times[0] : Infinity;
  }

  push(time: number, item: T): void {
    const { times, seqs, items } = this;
    let i = items.length;
    const seq = this.seq++;
    times.push(time);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] < time || (times[p] === time && seqs[p] < seq)) break;
      times[i] = times[p];
      seqs[i] = seqs[p];
      items[i] = items[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Removes and returns the earliest event. */
  pop(): T | undefined {
    const { times, seqs, items } = this;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    const lastT = times.pop() as number;
    const lastS = seqs.pop() as number;
    const lastI = items.pop() as T;
    const m = n - 1;
    if (m > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= m) break;
        if (
          c + 1 < m &&
          (times[c + 1] < times[c] || (times[c + 1] === times[c] && seqs[c + 1] < seqs[c]))
        )
          c++;
        if (times[c] > lastT || (times[c] === lastT && seqs[c] > lastS)) break;
        times[i] = times[c];
        seqs[i] = seqs[c];
        items[i] = items[c];
        i = c;
      }
      times[i] = lastT;
      seqs[i] = lastS;
      items[i] = lastI;
    }
    return top;
  }
}
