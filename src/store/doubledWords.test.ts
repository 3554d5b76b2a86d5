import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS } from '../scenarios';
import { describeNextStep } from './nextStep';
import { createSandboxStore } from './sandboxStore';
import { selectNarration, selectToldStep } from './narrationSelectors';
import { selectQuietStep } from './diagramSelectors';

/**
 * A word said twice in a row, or once and again as its plural ("waits (wait 50 ms)"), with
 * nothing but spaces or an opening bracket between: what joining two templates produces when
 * each says the same thing. A command's name written after the word (`the TTL (TTL user:42 ...`)
 * is the command, not a repetition: both in capitals is left alone.
 */
function doubledWords(text: string): string[] {
  return [...text.matchAll(/\b([a-z]{2,})(?:s|es)?[\s(]+\1(?:s|es)?\b/gi)]
    .map((m) => m[0])
    .filter((m) => m !== m.toUpperCase());
}

describe('doubledWords', () => {
  it('finds a word said twice, and leaves a command named after its word', () => {
    expect(doubledWords('next: B waits (wait 50 ms)')).toEqual(['waits (wait']);
    expect(doubledWords('B, C and D each wait (wait 50 ms)')).toEqual(['wait (wait']);
    expect(doubledWords('the the row')).toEqual(['the the']);
    expect(doubledWords('reset the TTL (TTL user:42 would answer about 40)')).toEqual([]);
    expect(doubledWords('B waits 50 ms, then sends DEL user:1')).toEqual([]);
  });
});

/**
 * Every scenario, under its own settings and each fix it invites, played beat by beat: the
 * narration, the step told from the engine's events, a quiet step's words and the presenter's
 * "next:" line never say a word twice in a row.
 */
describe("the narration and the presenter's next line say each word once", () => {
  it('in every scenario and every variant it invites', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    const found: string[] = [];
    let lines = 0;
    for (const sc of SCENARIOS)
      for (const settings of [{}, ...(sc.variants ?? []).map((v) => v.settings)]) {
        await store.getState().loadScenario(sc.id);
        expect(await store.getState().configure(settings)).toBeNull();
        for (let beat = 0; beat <= sc.beats.length; beat++) {
          if (beat > 0) await store.getState().step();
          const s = store.getState();
          const said = [
            selectNarration(s),
            selectToldStep(s),
            selectQuietStep(s),
            describeNextStep(await s.previewNextStep()),
          ];
          for (const text of said) {
            if (text === null) continue;
            lines++;
            for (const d of doubledWords(text))
              found.push(`${sc.id} ${JSON.stringify(settings)} beat ${beat}: "${d}" in ${text}`);
          }
        }
      }
    // The walk reached the lines that said it twice: the presenter's waits.
    expect(lines).toBeGreaterThan(500);
    expect(found).toEqual([]);
  }, 120_000);
});
