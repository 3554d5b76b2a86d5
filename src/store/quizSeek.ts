import { openQuestion } from './openQuestion';
import type { SandboxState } from './sandboxState';
import { beatsAt, cursorForStep, stepsAt } from './timeline';

type SeekFrom = Pick<
  SandboxState,
  'status' | 'scenarioId' | 'beat' | 'timeline' | 'cursor' | 'revision'
>;

/**
 * Where a move of the scrubber to `step` stops in quiz mode: before the first question it would
 * play past, as pressing Step one at a time would show it; else `step`. The first press is
 * free, as Step's is: a question open now is skipped, and the move goes on to the next one.
 * Whether the run can answer a question ahead is not known yet (its premise is played on a copy
 * once there): the caller checks it, and moves on past one it cannot.
 */
export function scrubStop(sandbox: SeekFrom, isEnabled: boolean, step: number): number {
  const { timeline, cursor } = sandbox;
  const from = stepsAt(timeline, cursor);
  if (!isEnabled) return step;
  const recorded = stepsAt(timeline, timeline.length);
  const beatsRecorded = beatsAt(timeline, timeline.length);
  for (let at = from + 1; at < step; at++) {
    // On record: the run as Back left it. Past it: each press plays the scenario's next beat.
    const position =
      at <= recorded
        ? {
            cursor: cursorForStep(timeline, at),
            beat: beatsAt(timeline, cursorForStep(timeline, at)),
          }
        : { cursor: timeline.length, beat: beatsRecorded + (at - recorded) };
    if (openQuestion({ ...sandbox, ...position }, true) !== null) return at;
  }
  return step;
}
