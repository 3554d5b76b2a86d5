// @vitest-environment jsdom
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { ENGINE_SCRIPT_NOTE, ENGINE_SCRIPTS } from '../engine/programs/scriptNames';
import { Diagram } from './Diagram';
import { mountWithSandbox, perform } from './mountWithSandbox';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';

provideResizeObserverWithoutLayout();

it('a Step that sent no command is told in sentences under the diagram and in its description', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().loadScenario('cdc-late-invalidation'));
    await perform(() => getState().step());
    await perform(() => getState().step());
    await perform(() => getState().configure({ pattern: 'write-behind' }));
    for (let i = 0; i < 3; i++) await perform(() => getState().step());
    const why = 'cdc sends nothing: the change consumer has not started;';
    const quiet = view.container.querySelector('.diagram-quiet')?.textContent ?? '';
    expect(quiet).toMatch(/^This step sent no command\. cdc sends nothing: /);
    expect(quiet).toContain(why);
    const desc = view.container.querySelector('desc')?.textContent ?? '';
    expect(desc).toMatch(/^This step sent no command\. cdc sends nothing: .* Before it: Command /);
  } finally {
    view.unmount();
  }
});

// Until 2026-12-05 a restart after stale-set's stale fill left the SET drawn as the newest
// command, "cached: plan "free", version 1" under it, beside a Redis panel with no key.
it('commands drawn before an input since (a restart) are faded and said to be from before it', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().loadScenario('stale-set'));
    for (let i = 0; i < 5; i++) await perform(() => getState().step());
    const fadedGroup = () => view.container.querySelector('g.diagram-before');
    const mark = () => view.container.querySelector('[data-testid="diagram.before-inputs"]');
    expect(fadedGroup()).toBeNull();
    expect(mark()).toBeNull();
    await perform(() => getState().restartCache());
    expect(getState().snapshot?.cache).toEqual([]);
    expect(view.container.querySelector('[data-testid="diagram.message"]')?.textContent).toContain(
      'cached: plan "free", version 1',
    );
    expect(fadedGroup()).not.toBeNull();
    expect(mark()?.textContent).toBe(
      'The commands drawn came before the input since (shown faded): what their labels say of Redis or the database may no longer hold.',
    );
    expect(view.container.querySelector('desc')?.textContent).toMatch(
      /^The commands drawn came before the input since \(shown faded\): .* Command 5: A sent SET user:123 /,
    );
    // A console line the console refused sent nothing and changed nothing: no mark for it.
    await perform(() => getState().back());
    await perform(() => getState().runRedis('GET'));
    expect(mark()).toBeNull();
    // The next Step draws its own commands, the newest again.
    await perform(() => getState().step());
    expect(mark()).toBeNull();
  } finally {
    view.unmount();
  }
});

it("names the flusher's UPDATE as the cache's own, not the cache acting for an actor called flusher", async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().configure({ pattern: 'write-behind' }));
    await perform(() => getState().startWrite('A', 1, { plan: 'team' }));
    // A's GET, SELECT, SET and RPUSH, then the flusher's wait, LPOP and UPDATE.
    for (let i = 0; i < 7; i++) await perform(() => getState().step());
    expect(getState().snapshot?.events.at(-1)).toMatchObject({
      actor: 'flusher',
      program: 'background',
      via: 'cache',
    });
    const label = view.container.querySelector('[data-testid="diagram.message"]')?.textContent;
    expect(label).toContain("the cache's flusher:");
    expect(label).not.toContain('for flusher');
    const desc = view.container.querySelector('desc')?.textContent ?? '';
    expect(desc).toMatch(/Command \d+: the cache's flusher sent UPDATE users /);
  } finally {
    view.unmount();
  }
});

// The label over the arrow names the engine's script; its description, which a screen reader
// reads in its place, named it by its text cut to fit ("EVAL 'local cur = redis.call('GET', ..."),
// where a reader's fill and a writer's invalidation read alike.
it("describes an EVAL of the engine's script by the script's name, as the label draws it", async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().configure({ readMitigation: 'versioned-fill' }));
    await perform(() => getState().startRead('A', 1));
    await perform(() => getState().startWrite('B', 1, { plan: 'team' }));
    for (const actor of ['A', 'A', 'B', 'B']) await perform(() => getState().stepActor(actor));
    const label = view.container.querySelector('[data-testid="diagram.message"]')?.textContent;
    expect(label).toContain('EVAL INVALIDATE_IF_OLDER 1 user:1 2 E');
    const desc = view.container.querySelector('desc')?.textContent ?? '';
    expect(desc).toMatch(
      /Command \d+: B sent EVAL INVALIDATE_IF_OLDER 1 user:1 2 EX 3600 to Redis and got \(integer\) 1\.$/,
    );
    expect(desc).not.toContain('local cur');
  } finally {
    view.unmount();
  }
});

// Redis' WRONGTYPE reply ends with a full stop: the description read "on @user_script:1.." aloud.
it('ends a command whose reply is a sentence with one full stop, not two', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().configure({ readMitigation: 'versioned-fill' }));
    await perform(() => getState().runRedis('HSET user:1 f v'));
    await perform(() => getState().startWrite('B', 1, { plan: 'team' }));
    for (let i = 0; i < 2; i++) await perform(() => getState().stepActor('B'));
    const desc = view.container.querySelector('desc')?.textContent ?? '';
    expect(desc).toMatch(/and got \(error\) WRONGTYPE .* on @user_script:1\.$/);
    expect(desc).not.toContain('..');
  } finally {
    view.unmount();
  }
});

// The list of a press's earlier commands starts with how many it left out: that line too stays
// between the actors' boxes and the stores' (it ran 15 units into both, over the Redis box's name).
it('counts the earlier commands it leaves out on a line that stays between the actors and the stores', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    const unlistedBox = () => {
      const rect = view.container.querySelector('[data-testid="diagram.unlisted"] rect');
      return [Number(rect?.getAttribute('x')), Number(rect?.getAttribute('width'))];
    };
    // The actors' boxes end at x 216, the stores' begin at 540 (Diagram.tsx).
    for (const [line, text] of [
      ['8 INCR few', '1: an earlier command, listed in the log'],
      ['40 INCR many', '1–33: 33 earlier commands, listed in the log'],
      ['100 INCR most', '1–93: 93 earlier commands, listed in the log'],
    ]) {
      await perform(() => getState().runRedis(line));
      expect(view.container.querySelector('[data-testid="diagram.unlisted"]')?.textContent).toBe(
        text,
      );
      const [x, width] = unlistedBox();
      expect(x, line).toBeGreaterThanOrEqual(216);
      expect(x + width, line).toBeLessThanOrEqual(540);
    }
  } finally {
    view.unmount();
  }
});

// An SVG label cannot take the keyboard's focus: the engine scripts the labels name (the commands
// drawn, the actors' next ones) are glossary buttons under the drawing, with the registry's line.
it('defines each engine script its labels name with a glossary button under the drawing', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().configure({ readMitigation: 'versioned-fill' }));
    await perform(() => getState().startRead('A', 1));
    await perform(() => getState().startWrite('B', 1, { plan: 'team' }));
    for (const actor of ['A', 'A', 'B', 'B']) await perform(() => getState().stepActor(actor));
    // Drawn: B's INVALIDATE_IF_OLDER; A's next command, its fill, names FILL_IF_NEWER.
    expect(getState().snapshot?.actors.find((a) => a.name === 'A')?.pending?.script?.name).toBe(
      'FILL_IF_NEWER',
    );
    const line = view.container.querySelector('[data-testid="diagram.scripts"]');
    const buttons = [...(line?.querySelectorAll('button') ?? [])];
    expect(buttons.map((b) => b.textContent)).toEqual(['FILL_IF_NEWER', 'INVALIDATE_IF_OLDER']);
    await perform(async () => buttons[1].click());
    const note = line?.querySelector('[role="note"]')?.textContent ?? '';
    const purpose = ENGINE_SCRIPTS.find((s) => s.name === 'INVALIDATE_IF_OLDER')?.purpose;
    expect(note).toContain(`Engine script: INVALIDATE_IF_OLDER. ${ENGINE_SCRIPT_NOTE} ${purpose}`);
  } finally {
    view.unmount();
  }
});

it('draws no scripts line where no label names an engine script', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().startRead('A', 1));
    await perform(() => getState().stepActor('A'));
    expect(view.container.querySelector('[data-testid="diagram.scripts"]')).toBeNull();
  } finally {
    view.unmount();
  }
});

// The handout draws one diagram a beat on one page: until 2026-12-05 each named `diagram-desc`
// as its description, so every diagram after the first was read out as the first one's.
it('two diagrams on one page are each described by their own commands', async () => {
  const view = await mountWithSandbox(
    await loadSqlJsNode(),
    <>
      <Diagram />
      <Diagram />
    </>,
  );
  try {
    await perform(() => view.store.getState().loadScenario('stale-set'));
    await perform(() => view.store.getState().step());
    const svgs = [...view.container.querySelectorAll('svg[role="img"]')];
    expect(svgs).toHaveLength(2);
    const described = svgs.map((svg) => {
      const id = svg.getAttribute('aria-labelledby') ?? '';
      return document.getElementById(id)?.closest('svg') === svg;
    });
    expect(described).toEqual([true, true]);
  } finally {
    view.unmount();
  }
});

it('numbers the commands it describes as the sequence diagram does, and tells a wait as no command', async () => {
  // Until 2026-12-07 the description numbered by the engine's events, waits included ("Command
  // 4: B sent DEL user:1" beside the sequence's #3), and told a wait as sent "to nobody".
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    expect(await getState().configure({ writePolicy: 'double-delete' })).toBeNull();
    await perform(() => getState().startWrite('B', 1, { plan: 'pro' }));
    for (let i = 0; i < 3; i++) await perform(() => getState().step());
    const desc = () => view.container.querySelector('desc')?.textContent ?? '';
    expect(desc()).toBe('B waits: wait 500 ms.');
    await perform(() => getState().step());
    expect(desc()).toMatch(/Command 3: B sent DEL user:1 to Redis and got \(integer\) 0\.$/);
  } finally {
    view.unmount();
  }
});
