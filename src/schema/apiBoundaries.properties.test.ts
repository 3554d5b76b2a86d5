// Property tests for the boundaries boundaries.properties.test.ts does not reach: the arguments
// of window.cacheAside's methods (the sandbox's, the quiz's, the explorer's and the own-code
// ones), a #code= link, and what localStorage holds. Whatever arrives, no exception but a
// refusal escapes, and a refusal leaves the state it found.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { loadVersioned, type KeyValueStorage } from '../platform/versionedStorage';
import {
  challengeIdSchema,
  exploreOptionsSchema,
  learnerPathSchema,
  programSourceSchema,
  requireArgument,
} from '../store/apiArguments';
import { createAutomationApi, type CacheAsideApi } from '../store/automationApi';
import { encodeCode, readCodeLink } from '../store/learnerLink';
import { createQuizApi } from '../store/quizApi';
import { createSandboxStore, type SandboxStoreApi } from '../store/sandboxStore';
import { SETTINGS_DOCUMENT, storedSettingsSchema } from '../store/storedSettings';

const runs = { numRuns: 60, seed: 12 };
const anyArgument = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom('A', 'B', 'user:1', 1, 'user:5000', -1, 'all', '', null, undefined),
);

let store: SandboxStoreApi;
let api: CacheAsideApi;
beforeAll(async () => {
  store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  api = createAutomationApi(store, async () => {});
});

/** What a refused call must leave as it was. */
const picture = () => {
  const s = store.getState();
  return {
    config: s.config,
    timeline: s.timeline.length,
    cursor: s.cursor,
    clockMs: s.snapshot?.clockMs,
    cache: s.snapshot?.cache,
    db: s.snapshot?.db,
    scenario: s.scenarioId,
  };
};

describe("window.cacheAside's arguments", () => {
  it('any arguments: the call resolves, or rejects with a message and leaves the sandbox as it was', async () => {
    const methods = [
      'read',
      'write',
      'step',
      'stepActor',
      'back',
      'advanceClock',
      'setCacheAvailable',
      'configure',
      'loadScenario',
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        fc.array(anyArgument, { maxLength: 3 }),
        async (method, args) => {
          const before = picture();
          try {
            await (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
            expect((e as Error).message.length).toBeGreaterThan(0);
            expect(picture()).toEqual(before);
          }
          expect(store.getState().status).toBe('ready');
        },
      ),
      runs,
    );
  });

  it('the quiz: setEnabled and answer take only what their schemas allow', async () => {
    const quiz = createQuizApi(store, async () => {});
    await fc.assert(
      fc.asyncProperty(anyArgument, anyArgument, async (flag, choice) => {
        const wasEnabled = quiz.isEnabled();
        try {
          expect(typeof (await quiz.setEnabled(flag as boolean))).toBe('boolean');
        } catch (e) {
          expect((e as Error).message).toMatch(
            // Left out, it is called missing; given, it is named with what it must be.
            /^quiz\.setEnabled: isEnabled (is missing: it )?must be true or false/,
          );
          expect(quiz.isEnabled()).toBe(wasEnabled);
        }
        const before = picture();
        await quiz.answer(choice as string).catch((e: unknown) => {
          expect(e).toBeInstanceOf(Error);
          expect(picture()).toEqual(before);
        });
      }),
      runs,
    );
  });

  it("the explorer's options and the own-code arguments: a value of the schema or a refusal", () => {
    const cases: [string, string, z.ZodType][] = [
      ['explore', 'options', exploreOptionsSchema],
      ['setProgram', 'path', learnerPathSchema],
      ['setProgram', 'source', programSourceSchema],
      ['checkChallenge', 'id', challengeIdSchema],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), anyArgument, ([method, name, schema], value) => {
        try {
          const v = requireArgument(method, name, schema, value);
          expect(schema.safeParse(v).success).toBe(true);
        } catch (e) {
          expect((e as Error).message).toContain(`${method}: ${name}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('links and storage', () => {
  it('a #code= link: drafts within their bounds, or the reason, never an exception', async () => {
    const encoded = fc.jsonValue().map(async (v) => `#code=${await encodeCode(v as never)}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }).map(async (s) => `#code=${s}`),
          encoded,
          fc
            .record({ read: fc.string(), write: fc.string() })
            .map(async (d) => `#code=${await encodeCode(d)}`),
        ),
        async (hashPromise) => {
          const read = await readCodeLink(await hashPromise);
          if (read !== null && 'drafts' in read)
            for (const source of Object.values(read.drafts))
              expect(programSourceSchema.safeParse(source).success).toBe(true);
          if (read !== null && 'error' in read) expect(read.error.length).toBeGreaterThan(0);
        },
      ),
      runs,
    );
  });

  it('whatever localStorage holds: settings the schema accepts, or set aside with a notice', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .record({ quiz: fc.anything(), presenter: fc.anything(), speed: fc.anything() })
            .map((patch) => JSON.stringify({ version: 2, ...patch })),
        ),
        (raw) => {
          const items = new Map([[SETTINGS_DOCUMENT.key, raw]]);
          const storage: KeyValueStorage = {
            getItem: (k) => items.get(k) ?? null,
            setItem: (k, v) => void items.set(k, v),
            removeItem: (k) => void items.delete(k),
          };
          const loaded = loadVersioned(storage, SETTINGS_DOCUMENT);
          if (loaded.value !== null)
            expect(storedSettingsSchema.safeParse(loaded.value).success).toBe(true);
          else {
            expect(loaded.notice).not.toBeNull();
            // Nothing is lost: what was there is kept aside.
            expect(items.get(`${SETTINGS_DOCUMENT.key}.set-aside`)).toBe(raw);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
