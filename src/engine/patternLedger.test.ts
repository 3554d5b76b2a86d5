import { describe, expect, it } from 'vitest';
import { PatternLedger } from './patternLedger';

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
