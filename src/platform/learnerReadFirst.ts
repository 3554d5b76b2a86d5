import type { ProgramOverrides } from '../engine/programs/learner';
import { compileSources } from './learnerPrograms';
import { loadQuickJsNode } from './quickjsNode';

/**
 * A read path of the learner's that runs `code` first and then returns the row from the
 * database, compiled under Node as the page compiles it: for the unit tests of what such code
 * does to the write-behind queue.
 */
export async function learnerReadFirst(code: string): Promise<ProgramOverrides> {
  const compiled = compileSources(await loadQuickJsNode(), {
    read: `function* read(id, ctx) {
  ${code}
  return yield selectUser(id);
}`,
  });
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.programs;
}
