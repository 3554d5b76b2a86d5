import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { selectToldInput } from './narrationSelectors';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

/** The actor of the newest command sent: who the last Step press moved. */
const lastMover = (store: SandboxStoreApi): string | undefined =>
  store.getState().snapshot?.events.at(-1)?.actor;

/** A sandbox with scenario `id` loaded, at its intro. */
async function scenarioSandbox(id: string): Promise<SandboxStoreApi> {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario(id);
  return store;
}

describe('a request just started says whom the next plain Step moves, as Step then does', () => {
  it('in free play, the engine picks: the first actor with a request', async () => {
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 1);
    await store.getState().startWrite('B', 1, { plan: 'team' });
    expect(selectToldInput(store.getState())).toMatch(
      /^B starts a write of user:1 \(plan: team\)\. B's own Step sends its first command, UPDATE users .* \(a plain Step moves A first\)\.$/,
    );
    await store.getState().step();
    expect(lastMover(store)).toBe('A');
  });

  it("after Back over B's own Step, Step redoes it: the sentence says Step sends B's command", async () => {
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 1);
    await store.getState().startWrite('B', 1, { plan: 'team' });
    await store.getState().stepActor('B');
    await store.getState().back();
    // Before, it said "(a plain Step moves A first)", and the next Step sent B's UPDATE.
    expect(selectToldInput(store.getState())).toMatch(
      /^B starts a write of user:1 \(plan: team\)\. Step \(→\) sends its first command, UPDATE users /,
    );
    await store.getState().step();
    expect(lastMover(store)).toBe('B');
    expect(store.getState().snapshot?.events.at(-1)?.command).toMatch(/^UPDATE users /);
  });

  it("in a scenario, a plain Step plays the next beat: stale-set's third moves B, not A", async () => {
    const store = await scenarioSandbox('stale-set');
    await store.getState().step();
    await store.getState().step();
    expect(await store.getState().configure({ actorCount: 3 })).toBeNull();
    await store.getState().startRead('C', 5);
    expect(selectToldInput(store.getState())).toBe(
      "C starts a read of user:5. C's own Step sends its first command, GET user:5 (a plain Step plays the scenario's next beat, which moves B).",
    );
    await store.getState().step();
    expect(lastMover(store)).toBe('B');
  });

  it('a beat that moves no actor (the clock jump of refresh-ahead-expensive) says so', async () => {
    const store = await scenarioSandbox('refresh-ahead-expensive');
    await store.getState().step();
    await store.getState().startRead('B', 7);
    expect(selectToldInput(store.getState())).toBe(
      "B starts a read of user:7. B's own Step sends its first command, GET user:7 (a plain Step plays the scenario's next beat, which moves no actor).",
    );
    const commands = store.getState().snapshot?.commands;
    await store.getState().step();
    expect(store.getState().snapshot?.commands).toBe(commands);
  });

  // Before, it named only the beat's first actor: "(..., which moves B)", and the press then sent
  // C's GET user:2 too, beside B's and D's.
  it("a beat that moves several actors names them all: stampede's third moves B, C and D", async () => {
    const store = await scenarioSandbox('stampede');
    await store.getState().step();
    await store.getState().step();
    await store.getState().startRead('C', 2);
    expect(selectToldInput(store.getState())).toBe(
      "C starts a read of user:2. Step (→) sends its first command, GET user:2 (the scenario's next beat moves B, C and D).",
    );
    const before = store.getState().snapshot?.commands ?? 0;
    await store.getState().step();
    const sent = store.getState().snapshot?.events.slice(before) ?? [];
    expect(sent.map((e) => `${e.actor} ${e.command}`)).toEqual([
      'B GET user:1',
      'C GET user:2',
      'D GET user:1',
    ]);
  });

  it("names every actor the beat moves when the new request's actor is not among them", async () => {
    const store = await scenarioSandbox('cdc-late-invalidation');
    for (let i = 0; i < 8; i++) await store.getState().step();
    expect(await store.getState().configure({ actorCount: 4 })).toBeNull();
    await store.getState().startRead('D', 2);
    expect(selectToldInput(store.getState())).toBe(
      "D starts a read of user:2. D's own Step sends its first command, GET user:2 (a plain Step plays the scenario's next beat, which moves cdc and C).",
    );
    const before = store.getState().snapshot?.commands ?? 0;
    await store.getState().step();
    const movers = store
      .getState()
      .snapshot?.events.slice(before)
      .map((e) => e.actor);
    expect([...new Set(movers)]).toEqual(['cdc', 'C']);
  });
});
