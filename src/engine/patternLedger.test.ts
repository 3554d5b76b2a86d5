import { describe, expect, it } from 'vitest';
import { lostWritesCauses, PatternLedger } from './patternLedger';

describe('PatternLedger.lostRowsOf', () => {
  it('names the row of each write a restart lost, in queue order', () => {
    const ledger = new PatternLedger();
    ledger.queued(0, '{"id":7,"changes":{"plan":"pro"}}');
    ledger.queued(1, '{"id":3,"changes":{"plan":"free"}}');
    ledger.queued(2, '{"id":7,"changes":{"plan":"team"}}');
    expect(ledger.lostRowsOf(() => ledger.restarted())).toEqual([7, 3, 7]);
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

describe('PatternLedger.flushRefused', () => {
  it('loses every write the stopped flusher took and had not written, and lets a flusher start again', () => {
    const ledger = new PatternLedger();
    expect(ledger.spawn({ job: 'flush' })).toBe(true);
    ledger.queued(0, '{"id":7,"changes":{"plan":"pro"}}');
    ledger.queued(1, '{"id":3,"changes":{"plan":"free"}}');
    ledger.queued(2, '{"id":5,"changes":{"plan":"team"}}');
    ledger.taken(['{"id":7,"changes":{"plan":"pro"}}', '{"id":3,"changes":{"plan":"free"}}'], 2);
    expect(ledger.lostRowsOf(() => ledger.flushRefused())).toEqual([7, 3]);
    expect(ledger).toMatchObject({ lostWrites: 2, pendingWrites: 1, flushedWrites: 0 });
    expect(lostWritesCauses(ledger.lostBy)).toBe(
      'the flusher had taken them and stopped at an UPDATE the database refused',
    );
    expect(ledger.spawn({ job: 'flush' })).toBe(true);
  });
});
