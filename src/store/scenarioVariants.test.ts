import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { shownCommand } from '../engine/stepEvent';
import { SCENARIOS } from '../scenarios';
import { whoSent } from '../scenarios/narrationTerms';
import { createSandboxStore } from './sandboxStore';
import { selectDiagramEvents, selectLastStepEvents } from './diagramSelectors';
import { selectExpectedOutcome, selectOffScriptChanges } from './scriptSelectors';
import { selectNarration } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const LABELS = {
  writePolicy: 'Write policy',
  readMitigation: 'Read mitigation',
  pattern: 'Pattern',
  invalidation: 'Invalidation',
} as const;

/**
 * Every scenario walked to its end with Step through the store, then every setting it invites
 * switched there, as `e2e/scenario-variants.spec.ts` does through the page for a few of them:
 * each Step's commands are what the diagram draws, the run leaves the script and is told from
 * the engine's events, the verdict is the one the scenario declares for that setting, and going
 * back to the scenario's own settings brings its story and verdict back.
 */
describe.each(SCENARIOS.map((s) => [s.id, s] as const))('scenario %s', (_id, sc) => {
  it('to its end with Step, then each invited setting is judged as declared', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario(sc.id);
    const beats = sc.beats.length;
    for (let beat = 1; beat <= beats; beat++) {
      const before = store.getState().snapshot?.commands ?? 0;
      expect(await store.getState().step(), `beat ${beat}`).toBe(true);
      const s = store.getState();
      expect(s.beat).toBe(beat);
      // The diagram draws each command this Step sent, in order.
      const sent = (s.snapshot?.commands ?? 0) - before;
      if (sent > 0) {
        const drawn = selectDiagramEvents(s);
        expect(drawn).toHaveLength(sent);
        expect(drawn.map((e) => e.index)).toEqual(
          Array.from({ length: sent }, (_, i) => before + i + 1),
        );
      }
    }
    const authored = sc.beats[beats - 1].narration;
    const own = store.getState();
    expect(own.outcome).toEqual({
      description: sc.outcome.description,
      isMet: true,
      isJudged: true,
    });
    expect(selectOffScriptChanges(own)).toEqual([]);
    expect(selectNarration(own)).toBe(authored);

    for (const variant of sc.variants ?? []) {
      const entries = Object.entries(variant.settings) as [keyof typeof LABELS, string][];
      expect(await store.getState().configure(variant.settings)).toBeNull();
      const s = store.getState();
      expect(s.beat, 'still at the last beat').toBe(beats);
      expect(selectOffScriptChanges(s)).toEqual(
        entries.map(([field, value]) => `${LABELS[field]}: ${value}`),
      );
      // Told from the engine's events: each command the last Step sent, by its actor.
      const narration = selectNarration(s) ?? '';
      expect(narration).not.toBe(authored);
      const events = selectLastStepEvents(s);
      if (events.length === 0) expect(narration).toBe('This step sent no command.');
      for (const e of events) {
        const who = whoSent(e);
        expect(narration).toContain(
          e.target === 'wait'
            ? `${who} waits`
            : `${who} ${e.target === 'redis' ? 'sends' : 'runs'} ${shownCommand(e)}`,
        );
      }
      const judged = { description: variant.outcome.description, isMet: true, isJudged: true };
      // A request still on its way after the last beat: the verdict waits until it finishes.
      const busy = (s.snapshot?.actors ?? []).filter((a) => a.pending !== null || a.queued > 0);
      if (busy.length === 0) expect(s.outcome, variant.outcome.description).toEqual(judged);
      else {
        expect(s.outcome).toMatchObject({ isJudged: false });
        expect(s.outcome?.description).toMatch(/in flight: Step on to see (it|them) finish/);
        expect(s.outcome?.description).toContain(variant.outcome.description);
        let extra = 0;
        while (store.getState().canStep) {
          await store.getState().step();
          extra++;
        }
        expect(store.getState().outcome, variant.outcome.description).toEqual(judged);
        for (; extra > 0; extra--) await store.getState().back();
      }
      // What the Expected line says before the end, under this setting: the variant's promise.
      expect(selectExpectedOutcome(s)).toBe(variant.outcome.description);

      // Back on the script: the authored story and its own verdict return.
      const back = Object.fromEntries(entries.map(([field]) => [field, own.config[field]]));
      expect(await store.getState().configure(back)).toBeNull();
      const again = store.getState();
      expect(selectOffScriptChanges(again)).toEqual([]);
      expect(selectNarration(again)).toBe(authored);
      expect(again.outcome).toEqual(own.outcome);
      expect(selectExpectedOutcome(again)).toBe(sc.outcome.description);
    }

    // A setting it does not invite: no promise, before the end as at it.
    expect(await store.getState().configure({ ttlSeconds: 7 })).toBeNull();
    expect(selectExpectedOutcome(store.getState())).toBe(
      'The scenario makes no promise for these settings (TTL: 7 s): judge the run from its steps.',
    );
  });
});
