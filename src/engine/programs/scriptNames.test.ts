// An engine script's one line is read wherever its name shows (the glossary, presenter mode, a
// storyboard): it must be true of every program that sends the script, not of one of them.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { createTestSim } from '../testSim';
import { ENGINE_SCRIPTS, scriptNameOf } from './scriptNames';

async function runAll(sim: Simulation): Promise<void> {
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
}

/** The programs (and the settings that run them) whose EVALs name `script`, as sent. */
async function senders(sim: Simulation, script: string): Promise<string[]> {
  const snap = await sim.snapshot();
  const evals = snap.redisLog.filter((e) => scriptNameOf(e.argv) === script);
  return [...new Set(evals.map((e) => e.actor))];
}

describe("FILL_IF_NEWER's one line", () => {
  const purpose = ENGINE_SCRIPTS.find((s) => s.name === 'FILL_IF_NEWER')?.purpose ?? '';

  it("a reader's versioned fill sends it, and the line says so", async () => {
    const sim = await createTestSim({ actors: ['R'], readMitigation: 'versioned-fill' });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    expect(await senders(sim, 'FILL_IF_NEWER')).toEqual(['R']);
    expect(purpose).toMatch(/reader’s versioned fill/);
  });

  it("write-through's write sends it too (no versioned fill in the run), and the line says so", async () => {
    const sim = await createTestSim({ actors: ['W'], pattern: 'write-through' });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    await runAll(sim);
    // Sent by the cache layer on W's behalf: the log names it `cache`, as it does its UPDATE.
    expect(await senders(sim, 'FILL_IF_NEWER')).toEqual(['cache']);
    expect(purpose).toMatch(/write-through’s store of the row it wrote/);
    // Not told as a fill only: a write that stores its own row is no reader's fill.
    expect(purpose).not.toMatch(/^A versioned fill/);
  });

  it("update-cache's write sends it under versioned fills, and the line says so", async () => {
    const sim = await createTestSim({
      actors: ['W'],
      writePolicy: 'update-cache',
      readMitigation: 'versioned-fill',
    });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    await runAll(sim);
    expect(await senders(sim, 'FILL_IF_NEWER')).toEqual(['W']);
    expect(purpose).toMatch(/and update-cache’s under versioned fills/);
  });
});
