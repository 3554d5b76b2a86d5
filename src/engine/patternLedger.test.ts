import { describe, expect, it } from 'vitest';
import { lostWritesCauses, PatternLedger } from './patternLedger';

describe('PatternLedger.lostRowsOf', () => {
  it('names the row of each write a restart lost, in queue order', () => {
    const ledger = new PatternLedger();
    ledger.queued(0, '{"id":7,"changes":{"plan":"pro"}}');
    ledger.queued(1, '{"id":3,"changes":{"plan":"free"}}');
    ledger.queued(2, '{"id":7,"changes":{"plan":"team"}}');
    expect(ledger.lostRowsOf(() => ledger.restarted())).toEqual([
      { id: 7, rank: 0 },
      { id: 3, rank: 0 },
      { id: 7, rank: 0 },
    ]);
    expect(ledger.lostWrites).toBe(3);
    expect(ledger.lostRowsOf(() => ledger.restarted())).toEqual([]);
  });

  it('names them for a queue longer than a call takes arguments', () => {
    const ledger = new PatternLedger();
    const writes = 300_000;
    for (let i = 0; i < writes; i++) ledger.queued(i, `{"id":${(i % 1000) + 1},"changes":{}}`);
    const rows = ledger.lostRowsOf(() => ledger.restarted());
    expect(rows).toHaveLength(writes);
    expect(ledger.lostWrites).toBe(writes);
  });
});

describe('PatternLedger.queueSeen', () => {
  const first = '{"id":1,"changes":{"plan":"pro"}}';
  const second = '{"id":1,"changes":{"name":"y"}}';

  it('loses the write whose entry is gone, not the oldest: an RPOP of the newer keeps the older', () => {
    const ledger = new PatternLedger();
    ledger.queued(0, first);
    ledger.queued(5000, second);
    expect(ledger.lostRowsOf(() => ledger.queueSeen([first]))).toEqual([
      { id: 1, rank: 1, queuedAtMs: 5000 },
    ]);
    expect(ledger).toMatchObject({ lostWrites: 1, pendingWrites: 1 });
    // The flusher then takes the older one, and nothing more is lost.
    expect(ledger.lostRowsOf(() => ledger.taken([first], 50))).toEqual([]);
    expect(ledger.lostWrites).toBe(1);
  });

  it('an LPOP of the older: the newer stays queued, and its rank counts the writes taken', () => {
    const ledger = new PatternLedger();
    ledger.queued(0, first);
    ledger.taken([first], 1);
    ledger.queued(1000, first);
    ledger.queued(2000, second);
    expect(ledger.lostRowsOf(() => ledger.queueSeen([second, 'typed in the console']))).toEqual([
      { id: 1, rank: 1, queuedAtMs: 1000 },
    ]);
    expect(ledger).toMatchObject({ lostWrites: 1, pendingWrites: 2 });
  });

  it('of two equal entries, the older goes when the head was taken (LPOP): its flush is the newer', () => {
    const ledger = new PatternLedger();
    ledger.queued(0, first);
    ledger.queued(3000, first);
    expect(ledger.lostRowsOf(() => ledger.queueSeen([first]))).toEqual([
      { id: 1, rank: 0, queuedAtMs: 0 },
    ]);
    ledger.taken([first], 1);
    ledger.flushed(4000, 1);
    expect(ledger.meanLagMs).toBe(1000);
  });

  it('of two equal entries, the newer goes when the tail was taken (RPOP): its flush is the older', () => {
    const ledger = new PatternLedger();
    ledger.queued(0, first);
    ledger.queued(3000, first);
    // Which went, the entries do not tell: the end the command took from does.
    expect(ledger.lostRowsOf(() => ledger.queueSeen([first], true))).toEqual([
      { id: 1, rank: 1, queuedAtMs: 3000 },
    ]);
    ledger.taken([first], 1);
    ledger.flushed(4000, 1);
    expect(ledger.meanLagMs).toBe(4000);
  });
});

describe('PatternLedger.flushRefused', () => {
  it('loses every write the stopped flusher took and had not written, and lets a flusher start again', () => {
    const ledger = new PatternLedger();
    expect(ledger.spawn({ job: 'flush' })).toBe(true);
    ledger.queued(0, '{"id":7,"changes":{"plan":"pro"}}');
    ledger.queued(1, '{"id":3,"changes":{"plan":"free"}}');
    ledger.queued(2, '{"id":5,"changes":{"plan":"team"}}');
    ledger.taken(['{"id":7,"changes":{"plan":"pro"}}', '{"id":3,"changes":{"plan":"free"}}'], 2);
    expect(ledger.lostRowsOf(() => ledger.flushRefused())).toEqual([
      { id: 7, rank: 0 },
      { id: 3, rank: 0 },
    ]);
    expect(ledger).toMatchObject({ lostWrites: 2, pendingWrites: 1, flushedWrites: 0 });
    expect(lostWritesCauses(ledger.lostBy)).toBe(
      'the flusher had taken them and stopped at an UPDATE the database refused',
    );
    expect(ledger.spawn({ job: 'flush' })).toBe(true);
  });
});
