import type { Counterexample } from '../engine/challengeCatalog';
import { andList } from '../engine/andList';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import type { SandboxStoreApi } from './sandboxStore';

/**
 * Plays a challenge's counterexample into the sandbox under the settings its check ran with,
 * and rewinds to its first step, ready to Step. `runPrograms` puts the programs the check ran
 * in the sandbox, once the replay's settings are set and before its run starts.
 */
export async function playCounterexample(
  sandbox: SandboxStoreApi,
  example: Counterexample,
  runPrograms: () => Promise<void>,
): Promise<void> {
  const s = () => sandbox.getState();
  // The settings the check ran with, every one: the learner's own (a TTL, a latency model,
  // a seed) made a replay that was not the run judged, as did the check's run's own
  // scheduling, token numbering and database latency left out. The learner's are set
  // aside, for Restore my settings (and the browser's Back) to bring back.
  await s().openReplay({
    ...DEFAULT_SANDBOX_CONFIG,
    actorCount: example.actorCount,
    writePolicy: example.writePolicy,
    readMitigation: example.readMitigation,
    scheduler: example.scheduler,
    tokensAfter: example.tokensAfter,
    dbLatency: example.dbLatency,
  });
  await runPrograms();
  await s().reset();
  for (const action of example.actions) {
    if (action.type === 'read') await s().startRead(action.actor, action.id);
    else if (action.type === 'write') await s().startWrite(action.actor, action.id, action.changes);
    else if (action.type === 'stepActor') await s().stepActor(action.actor);
    // What the check put in Redis first (another user's copy), typed as the console would.
    else if (action.type === 'redis') await s().runRedis(consoleLine(action.argv));
  }
  await s().seekStep(example.setupSteps);
  s().notifyAboutRun(replaySettingsText(example), 'info', 'replay');
}

/**
 * What the replay of a counterexample was set to, as a notice says it: the settings the page
 * shows changed with it (Scheduling, and where the check's run had them, the tokens' numbering
 * and the database's latency), and why.
 */
export function replaySettingsText(example: Counterexample): string {
  const set = [
    example.scheduler === 'timed'
      ? 'Timed scheduling (steps take their latency, actors overlap)'
      : 'Manual scheduling',
    ...(example.tokensAfter > 0
      ? [`tokens numbered from ${(example.tokensAfter + 1).toLocaleString('en-US')}`]
      : []),
    ...(example.dbLatency !== DEFAULT_SANDBOX_CONFIG.dbLatency
      ? [`database reads taking ${example.dbLatency.toLocaleString('en-US')} ms`]
      : []),
  ];
  return `The check's failed run is loaded, under the settings it ran with: ${andList(set)}, and the others at their defaults. Step through it from its first step.`;
}

/** Arguments as one console line: each double-quoted, its backslashes and quotes escaped. */
const consoleLine = (argv: readonly string[]): string =>
  argv.map((a) => `"${a.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
