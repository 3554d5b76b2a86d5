// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { findScenario } from '../scenarios';
import { createSandboxStore } from '../store/sandboxStore';
import { backToBeforeNextText, openNextLesson } from './clickerBack';
import { lessonAfter } from './clickerNext';

describe('back at the start of a lesson Next lesson (L) opened', () => {
  // It said "step 3" of a run at step 2 with a request queued: it counted every timeline entry,
  // where the page's counter, the URL and the scrubber count Step presses only.
  it('names the step the run left was at, as the page counts steps', async () => {
    const sandbox = createSandboxStore();
    await sandbox.getState().start(await loadSqlJsNode());
    await sandbox.getState().loadScenario('stale-set');
    await sandbox.getState().step();
    await sandbox.getState().step();
    expect(await sandbox.getState().startRead('A', 1)).toBeNull();
    expect(sandbox.getState().cursor).toBe(3);
    const next = lessonAfter('stale-set')!;
    await openNextLesson(sandbox, next.id);
    expect(sandbox.getState().scenarioId).toBe(next.id);
    expect(backToBeforeNextText()).toBe(
      `Back to ${findScenario('stale-set')!.title}, step 2, where Next lesson (L) was pressed`,
    );
  });
});
