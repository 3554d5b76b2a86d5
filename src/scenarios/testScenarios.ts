// What the unit tests of scenarios read them with: a scenario by id, and a played one's story.
import type { StepEvent } from '../engine/stepEvent';
import { findScenario } from '.';
import type { PlayedScenario } from './play';
import type { Scenario } from './types';

/** The scenario with `id`; throws when there is none (a test names one that exists). */
export function scenarioById(id: string): Scenario {
  const sc = findScenario(id);
  if (!sc) throw new Error(`no scenario ${id}`);
  return sc;
}

/**
 * "A GET -> (nil)": who sent what, and the reply (a row as "row"), for every step of every beat;
 * with `showsVia`, "A via cache GET -> ..." for the cache layer's commands.
 */
export function beatStory(played: PlayedScenario, { showsVia = false } = {}): string[][] {
  return played.beatSteps.map((steps) =>
    steps.map((e: StepEvent | null) =>
      e === null
        ? 'idle'
        : `${e.actor}${showsVia && e.via === 'cache' ? ' via cache' : ''} ${e.command.split(' ')[0]} -> ${e.reply.startsWith('"{') ? 'row' : e.reply}`,
    ),
  );
}
