import { RELEASE_IF_HELD } from './readSingleFlight';
import { FILL_IF_NEWER, INVALIDATE_IF_OLDER } from './readVersionedFill';
import { FILL_IF_LEASE_HOLDS } from './readWithLease';
import { REFRESH_IF_CURRENT } from './refreshAhead';

/**
 * The engine's own Lua scripts by the names the programs (and the code panel) give them. Cut to
 * fit a diagram's line, their texts read alike ("local cur = redis.call('GET', ..."), so a beat
 * that sends a reader's fill and a writer's invalidation would show two identical EVALs.
 */
const SCRIPT_NAMES: ReadonlyMap<string, string> = new Map([
  [FILL_IF_NEWER, 'FILL_IF_NEWER'],
  [INVALIDATE_IF_OLDER, 'INVALIDATE_IF_OLDER'],
  [FILL_IF_LEASE_HOLDS, 'FILL_IF_LEASE_HOLDS'],
  [RELEASE_IF_HELD, 'RELEASE_IF_HELD'],
  [REFRESH_IF_CURRENT, 'REFRESH_IF_CURRENT'],
]);

/**
 * The name of the engine's script an EVAL sends (`argv` as sent), or undefined for any other
 * command and any other script (a learner's own, which is shown as its text).
 */
export function scriptNameOf(argv: readonly string[]): string | undefined {
  return argv[0] === 'EVAL' && argv.length > 1 ? SCRIPT_NAMES.get(argv[1]) : undefined;
}
