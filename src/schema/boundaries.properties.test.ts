import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSimArgs } from '../cli/args';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { checkConfig, parseConfigFile, queryToInput } from '../lab/labConfig';
import { createLabStore } from '../lab/labStore';
import type { LabRunner } from '../lab/labProtocol';
import { decodeRun, encodeRun } from '../store/linkRun';
import { DEFAULT_SANDBOX_CONFIG } from '../store/sandboxConfig';
import {
  checkChanges,
  configurePatch,
  mergeConfig,
  sandboxConfigSchema,
} from '../store/sandboxSchema';
import { parseViewParams } from '../store/urlState';
import { validateWorkload, workloadSchema } from './workload';

// Property tests for every boundary: whatever arrives (any JSON, any text, any flags), the
// answer is a value that passes the schema again or refusals; no exception escapes, and the
// state before a refusal stays as it was.

const runs = { numRuns: 300 };
/** Settings-shaped input: known keys with any values, and a few unknown keys. */
const settingsLike = (keys: readonly string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })),
    fc.oneof(fc.anything(), fc.double(), fc.integer().map(String), fc.string({ maxLength: 12 })),
    { maxKeys: 6 },
  );
const workloadKeys = Object.keys(DEFAULT_WORKLOAD);
const sandboxKeys = [...Object.keys(DEFAULT_SANDBOX_CONFIG), 'actors'];

describe('workload settings (the CLI, the lab, imports, links)', () => {
  it('validateWorkload answers anything with a config the schema accepts, or refusals', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), settingsLike(workloadKeys)), (input) => {
        const checked = validateWorkload(input);
        if (checked.ok) expect(workloadSchema.safeParse(checked.config).success).toBe(true);
        else for (const e of checked.errors) expect(e.text.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('the lab checks anything from a link, a file or the API without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), settingsLike(workloadKeys)),
        fc.string({ maxLength: 200 }),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        (input, hash, file) => {
          const checked = checkConfig(input);
          if (checked.ok) expect(workloadSchema.safeParse(checked.config).success).toBe(true);
          const fromLink = queryToInput(`#/lab?${hash}`);
          if (fromLink) checkConfig(fromLink);
          parseConfigFile(file);
          parseConfigFile(hash);
        },
      ),
      runs,
    );
  });

  it('a refused setting leaves the lab as it was', () => {
    const runner: LabRunner = {
      start: () => {
        throw new Error('no run in this test');
      },
    } as unknown as LabRunner;
    const store = createLabStore({ runner, now: () => 0 });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), settingsLike(workloadKeys)), (input) => {
        const before = store.getState().draft;
        const applied = store.getState().settingsLoaded(input, 'a test');
        if (applied === null) expect(store.getState().draft).toBe(before);
      }),
      runs,
    );
  });

  it('parseSimArgs answers any flags with a config or messages', () => {
    const flag = fc.oneof(
      fc.constantFrom('--seed', '--keys', '--ttl', '--json', '--help', '-h', '--redis-url', '--x'),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 8 }), (argv) => {
        const parsed = parseSimArgs(argv);
        if (!parsed.ok) expect(parsed.errors.length).toBeGreaterThan(0);
        else if (!parsed.help) expect(workloadSchema.safeParse(parsed.config).success).toBe(true);
      }),
      runs,
    );
  });
});

describe('sandbox settings (controls, the URL, saved settings, configure())', () => {
  it('mergeConfig answers anything with a valid config or a refusal, never changing the base', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), settingsLike(sandboxKeys)), (patch) => {
        const base = { ...DEFAULT_SANDBOX_CONFIG };
        const merged = mergeConfig(base, patch);
        expect(base).toEqual(DEFAULT_SANDBOX_CONFIG);
        if ('config' in merged)
          expect(sandboxConfigSchema.safeParse(merged.config).success).toBe(true);
        const api = configurePatch(patch);
        if (!api.ok) expect(api.refusals[0].text.length).toBeGreaterThan(0);
        checkChanges(patch);
      }),
      runs,
    );
  });

  it('parseViewParams reads any query into a valid config, naming what it ignored', () => {
    const query = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .dictionary(
          fc.constantFrom('seed', 'ttl', 'actors', 'policy', 'maxkeys', 'step', 'scenario', 'x'),
          fc.string({ maxLength: 12 }),
        )
        .map((d) => `?${new URLSearchParams(d).toString()}`),
    );
    fc.assert(
      fc.property(query, (search) => {
        const { view, problems } = parseViewParams(search);
        expect(sandboxConfigSchema.safeParse(view.config).success).toBe(true);
        expect(problems.length).toBeLessThanOrEqual(9);
      }),
      runs,
    );
  });

  it('decodeRun refuses what is no run, ends one at a malformed action, and reads back what encodeRun wrote', () => {
    const encoded = fc.jsonValue().map(
      (v) =>
        `1.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(v))))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '')}`,
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), encoded), (text) => {
        const decoded = decodeRun(text);
        if ('inputs' in decoded) {
          expect(decodeRun(encodeRun(decoded.inputs))).toEqual({ inputs: decoded.inputs });
          if (decoded.malformed) expect(decoded.malformed.why.length).toBeGreaterThan(0);
        } else expect(decoded.error.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });
});
