import { hasSources, type LearnerSources, type ProgramOverrides } from '../engine/programs/learner';

/**
 * A learner's programs compiled inside a worker, as the page compiles them: each in QuickJS,
 * with the same limits. The compiler (QuickJS and its parser) loads only when there are
 * sources, so a worker running our programs never fetches it. Throws the compile error's message.
 */
export async function compileInWorker(
  sources: LearnerSources | undefined,
): Promise<{ programs: ProgramOverrides | undefined; dispose: () => void }> {
  if (!hasSources(sources)) return { programs: undefined, dispose: () => undefined };
  const [{ loadQuickJsBrowser }, { compileSources }] = await Promise.all([
    import('./quickjsBrowser'),
    import('./learnerPrograms'),
  ]);
  const compiled = compileSources(await loadQuickJsBrowser(), sources);
  if (!compiled.ok) throw new Error(compiled.message);
  return { programs: compiled.programs, dispose: compiled.dispose };
}
