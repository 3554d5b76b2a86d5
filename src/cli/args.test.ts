import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { parseSimArgs } from './args';

describe('parseSimArgs', () => {
  it('reads --flag value and --flag=value into a checked config', () => {
    expect(parseSimArgs(['--keys', '50', '--zipf=0', '--json'])).toEqual({
      ok: true,
      config: { ...DEFAULT_WORKLOAD, keys: 50, zipf: 0 },
      json: true,
      help: false,
      redisUrl: undefined,
      wallSeconds: 20,
    });
  });

  it('names each flag and its range, from the schema', () => {
    expect(parseSimArgs(['--keys', '2.5', '--read-ratio', '1.5', '--wall-seconds', '0'])).toEqual({
      ok: false,
      errors: [
        '--keys must be a whole number from 1 to 1000000, got "2.5"',
        '--read-ratio must be a number from 0 to 1, got "1.5"',
        '--wall-seconds must be a number from 1 to 3600, got "0"',
        '--wall-seconds works only with --redis-url (it paces a run against a real Redis)',
      ],
    });
  });

  it('refuses --wall-seconds without --redis-url rather than ignore it', () => {
    expect(parseSimArgs(['--wall-seconds', '5'])).toEqual({
      ok: false,
      errors: ['--wall-seconds works only with --redis-url (it paces a run against a real Redis)'],
    });
    expect(
      parseSimArgs(['--wall-seconds', '5', '--redis-url', 'redis://127.0.0.1:6379']),
    ).toMatchObject({ ok: true, wallSeconds: 5 });
  });

  it('reports flags without their value, values without their flag, and values on switches', () => {
    expect(parseSimArgs(['extra', '--json=yes', '--keys'])).toEqual({
      ok: false,
      errors: ['unexpected argument "extra"', '--json takes no value', '--keys needs a value'],
    });
    const unknown = parseSimArgs(['--colour', 'blue']);
    expect(unknown).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^unknown flag "--colour" \(valid: --seed, --requests/)],
    });
  });

  it('checks --redis-url', () => {
    expect(parseSimArgs(['--redis-url', 'redis://127.0.0.1:6390/2'])).toMatchObject({
      ok: true,
      redisUrl: 'redis://127.0.0.1:6390/2',
    });
    expect(parseSimArgs(['--redis-url=http://x'])).toEqual({
      ok: false,
      errors: ['--redis-url must be redis://host:port or redis://host:port/db, got "http://x"'],
    });
  });
});
