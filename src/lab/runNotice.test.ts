import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD, type WorkloadSummary } from '../engine/workload';
import { runEndedText } from './runNotice';

const summary = (over: Partial<WorkloadSummary>): WorkloadSummary =>
  ({
    requests: 10_000,
    reads: 9_481,
    hits: 1_089,
    misses: 8_392,
    hitRate: 1_089 / 9_481,
    cacheErrors: 0,
    stopped: false,
    config: DEFAULT_WORKLOAD,
    ...over,
  }) as WorkloadSummary;

describe('runEndedText', () => {
  it('says a run stopped before its first request (while its database was seeded) was stopped there', () => {
    const none = { requests: 0, reads: 0, hits: 0, misses: 0, hitRate: null, stopped: true };
    expect(runEndedText(summary(none))).toBe('Stopped before the first request.');
  });

  it('counts one request as one request', () => {
    const one = { requests: 1, reads: 1, hits: 0, misses: 1, hitRate: 0 };
    expect(runEndedText(summary(one))).toBe('Finished: 1 request, hit rate 0.00%.');
  });

  it('says a hit rate with misses is over 99.99%, not 100.00%, as the summary does', () => {
    const near = { reads: 100_000, hits: 99_999, misses: 1, hitRate: 0.99999 };
    expect(runEndedText(summary(near))).toBe('Finished: 10,000 requests, hit rate over 99.99%.');
  });

  it('says a run with no GETs has no hit rate, not 0%', () => {
    const none = { reads: 0, hits: 0, misses: 0, hitRate: null };
    expect(runEndedText(summary({ requests: 2_000, ...none }))).toBe(
      'Finished: 2,000 requests, no GETs, so no hit rate.',
    );
    // Reads whose every GET failed (Redis down): none answered, so no share of them either.
    expect(
      runEndedText(summary({ reads: 900, hits: 0, misses: 0, hitRate: null, cacheErrors: 900 })),
    ).toBe(
      'Finished: 10,000 requests, no GET Redis answered, so no hit rate; 900 cache errors (commands Redis refused or could not be reached for); 900 reads got no answer to a GET and went to the database.',
    );
  });

  it('says nothing of errors when there were none', () => {
    expect(runEndedText(summary({}))).toBe('Finished: 10,000 requests, hit rate 11.49%.');
  });

  it('does not say errors sent reads to the database when Redis answered every GET (a full cache)', () => {
    // noeviction: every GET answered, the errors are OOM refusals of the fills after them.
    const text = runEndedText(summary({ cacheErrors: 8_276 }));
    expect(text).toBe(
      'Finished: 10,000 requests, hit rate 11.49% of the GETs Redis answered; 8,276 cache errors (commands Redis refused or could not be reached for).',
    );
    expect(text).not.toMatch(/database/);
  });

  it('counts the reads whose GET got no answer when there were some (cache down)', () => {
    const text = runEndedText(summary({ hits: 1_000, misses: 8_000, cacheErrors: 700 }));
    expect(text).toBe(
      'Finished: 10,000 requests, hit rate 11.49% of the GETs Redis answered; 700 cache errors (commands Redis refused or could not be reached for); 481 reads got no answer to a GET and went to the database.',
    );
  });

  it('gives that count as a lower bound where readers retry their GET', () => {
    const config = { ...DEFAULT_WORKLOAD, readMitigation: 'lease' as const };
    expect(
      runEndedText(summary({ hits: 9_480, misses: 0, cacheErrors: 1, config, stopped: true })),
    ).toMatch(/^Stopped: .*1 cache error \(.*; at least 1 read got no answer to a GET/);
  });

  it('makes no claim about reads when a learner’s read path ran', () => {
    const text = runEndedText(summary({ hits: 1_000, misses: 8_000, cacheErrors: 700 }), {
      note: ' with your version of the programs',
      isLearnerRun: true,
    });
    expect(text).toMatch(/^Finished with your version of the programs: /);
    expect(text).not.toMatch(/reads got no answer/);
  });
});
