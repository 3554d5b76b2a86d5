import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import {
  learnerReadProgram,
  learnerWriteProgram,
  type LearnerPath,
  type LearnerSources,
  type ProgramOverrides,
} from '../engine/programs/learner';
import type { CompiledLearnerProgram } from './learnerRunner';
import { compileLearnerProgram } from './quickjsSandbox';

/** A learner's sources compiled into engine programs, or the first one that did not compile. */
export type CompiledSources =
  { ok: true; programs: ProgramOverrides; dispose(): void } | { ok: false; message: string };

/**
 * Compiles a learner's sources the way the page does (each in its own QuickJS runtime, with the
 * same step and time limits), for a worker that runs them away from the page: the explorer's
 * and the lab's.
 */
export function compileSources(
  quickjs: QuickJSWASMModule,
  sources: LearnerSources,
): CompiledSources {
  const compiled: CompiledLearnerProgram[] = [];
  const dispose = () => compiled.forEach((c) => c.dispose());
  const programs: ProgramOverrides = {};
  for (const path of ['read', 'write'] as const satisfies LearnerPath[]) {
    const source = sources[path];
    if (source === undefined) continue;
    const result = compileLearnerProgram(quickjs, path, source);
    if (!result.ok) {
      dispose();
      const at = result.line === null ? '' : `line ${result.line}: `;
      return { ok: false, message: `Your ${path} path does not compile: ${at}${result.error}` };
    }
    compiled.push(result.program);
    if (path === 'read') programs.read = learnerReadProgram(result.program.runner);
    else programs.write = learnerWriteProgram(result.program.runner);
  }
  return { ok: true, programs, dispose };
}
