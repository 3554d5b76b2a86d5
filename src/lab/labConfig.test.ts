import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import {
  checkConfig,
  configToQuery,
  draftFromConfig,
  checkDraft,
  parseConfigFile,
  queryToInput,
} from './labConfig';

describe('checkConfig', () => {
  it('fills defaults like the CLI', () => {
    expect(checkConfig({})).toEqual({ ok: true, config: DEFAULT_WORKLOAD });
  });

  it('names each bad field with its range', () => {
    const r = checkConfig({ keys: 0, zipf: 'x', durationSeconds: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatch(/^keys must be an integer from 1 to 1000000/);
      expect(r.errors[1]).toMatch(/^zipf must be a number from 0 to 5/);
      expect(r.errors[2]).toMatch(/^durationSeconds \(run length\) must be 0 or from 10 to 86400/);
    }
  });

  it('refuses a run longer than 24 h of virtual time', () => {
    const r = checkConfig({ requests: 1_000_000, rate: 1 });
    expect(r.ok).toBe(false);
  });
});

describe('the lab URL', () => {
  it('carries only what differs from the defaults, faults included, and reads back', () => {
    const config = {
      ...DEFAULT_WORKLOAD,
      ttl: 5,
      writePolicy: 'update-cache' as const,
      faults: [{ kind: 'cache-down' as const, startSeconds: 3, durationSeconds: 2 }],
    };
    const query = configToQuery(config);
    expect(query).toMatch(/^ttl=5&writePolicy=update-cache&faults=/);
    const input = queryToInput(`#/lab?${query}`);
    expect(input && checkConfig(input)).toEqual({ ok: true, config });
  });

  it('has no settings without a query', () => {
    expect(queryToInput('#/lab')).toBeNull();
  });
});

describe('parseConfigFile', () => {
  it('accepts settings and a CLI summary with its config', () => {
    expect(parseConfigFile('{"ttl": 9}')).toMatchObject({ ok: true, config: { ttl: 9 } });
    expect(parseConfigFile('{"hitRate": 0.5, "config": {"keys": 7}}')).toMatchObject({
      ok: true,
      config: { keys: 7 },
    });
  });

  it('explains what is wrong', () => {
    expect(parseConfigFile('[1]')).toEqual({
      ok: false,
      errors: ['expected a JSON object of settings, like {"ttl": 60}'],
    });
    const broken = parseConfigFile('{');
    expect(!broken.ok && broken.errors[0]).toMatch(/^not valid JSON/);
    const unknown = parseConfigFile('{"tll": 5}');
    expect(!unknown.ok && unknown.errors[0]).toMatch(/^unknown setting "tll"/);
  });
});

it('a draft of a config checks back to the same config', () => {
  const config = { ...DEFAULT_WORKLOAD, zipf: 1.2, readRatio: 0.5 };
  expect(checkDraft(draftFromConfig(config))).toEqual({ ok: true, config });
});
