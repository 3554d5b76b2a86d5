// @vitest-environment jsdom
// Until 2026-12-07 a command sent while Redis was down (a reader's GET, a console line) was drawn
// in both diagrams as a round trip to Redis and back, though the log said it never reached Redis.
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';
import { Diagram } from './Diagram';
import { mountWithSandbox, perform } from './mountWithSandbox';
import { SequenceDiagram } from './SequenceDiagram';

provideResizeObserverWithoutLayout();

it('a command sent while Redis is down stops short of Redis in both diagrams and their descriptions', async () => {
  const view = await mountWithSandbox(
    await loadSqlJsNode(),
    <>
      <Diagram />
      <SequenceDiagram />
    </>,
  );
  try {
    const { getState } = view.store;
    const q = (selector: string) => [...view.container.querySelectorAll(selector)];
    const desc = () => view.container.querySelector('.diagram desc')?.textContent ?? '';
    const sequenceName = () =>
      view.container.querySelector('.sequence-body')?.getAttribute('aria-label') ?? '';
    // Redis up: a round trip, drawn to Redis, with no break anywhere.
    await perform(() => getState().startRead('A', 1));
    await perform(() => getState().step());
    expect(q('[data-testid="diagram.never-reached"]')).toHaveLength(0);
    expect(q('.store.redis.active')).toHaveLength(1);
    expect(desc()).toMatch(/^Command 1: A sent GET user:1 to Redis and got \(nil\)\.$/);

    await perform(() => getState().setCacheAvailable(false));
    await perform(() => getState().startRead('B', 2));
    await perform(() => getState().stepActor('B'));
    expect(getState().snapshot?.events.at(-1)).toMatchObject({
      actor: 'B',
      reply: '(error) Connection is closed.',
      isConnectionError: true,
    });
    expect(
      q('[data-testid="diagram.newest"] [data-testid="diagram.message"]')[0].textContent,
    ).toContain('NEVER REACHED REDIS');
    expect(q('[data-testid="diagram.never-reached"]')).toHaveLength(1);
    // Redis got nothing: its box does not light up as the command travels.
    expect(q('.store.redis.active')).toHaveLength(0);
    // The arrow ends at its break mark, short of the Redis box.
    const store = Number(view.container.querySelector('.store.redis rect')?.getAttribute('x'));
    const lines = q('.diagram .message:not(.earlier) .message-line');
    expect(Number(lines.at(-1)?.getAttribute('x2'))).toBeLessThan(store - 40);
    expect(desc()).toContain(
      'Command 2: B sent GET user:2, which never reached Redis (it was down): the client answered (error) Connection is closed.',
    );
    expect(desc()).not.toMatch(/GET user:2 to Redis/);
    const rows = q('[data-testid="sequence.row"]');
    expect(
      rows.map((r) => r.querySelector('[data-testid="sequence.never-reached"]') !== null),
    ).toEqual([false, true]);
    expect(rows[1].querySelector('.seq-arrow')?.getAttribute('marker-end')).toBeNull();
    expect(rows[1].textContent).toContain('· NEVER REACHED REDIS');
    expect(sequenceName()).toMatch(/; 1 of them never reached Redis \(it was down\)$/);

    // The Redis console's line: the same, under the console's own name.
    await perform(() => getState().runRedis('GET user:1'));
    expect(getState().snapshot?.events.at(-1)).toMatchObject({
      actor: 'console',
      isConnectionError: true,
    });
    expect(q('[data-testid="diagram.never-reached"]')).toHaveLength(1);
    expect(desc()).toContain('console sent GET user:1, which never reached Redis (it was down)');
    expect(q('[data-testid="sequence.never-reached"]')).toHaveLength(2);
    expect(sequenceName()).toMatch(/; 2 of them never reached Redis \(it was down\)$/);

    // Back up: a console line reaches Redis again, and is drawn so.
    await perform(() => getState().setCacheAvailable(true));
    await perform(() => getState().runRedis('GET user:1'));
    expect(q('[data-testid="diagram.never-reached"]')).toHaveLength(0);
    expect(desc()).toMatch(/console sent GET user:1 to Redis and got \(nil\)\.$/);
  } finally {
    view.unmount();
  }
});
