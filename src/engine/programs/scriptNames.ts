import { RELEASE_IF_HELD } from './readSingleFlight';
import { DISCARD_IF_UNCHANGED, FILL_IF_NEWER, INVALIDATE_IF_OLDER } from './readVersionedFill';
import { FILL_IF_LEASE_HOLDS } from './readWithLease';
import { REFRESH_IF_CURRENT } from './refreshAhead';

/** One of the engine's own Lua scripts: its name, the text EVAL sends, and what it does. */
export interface EngineScript {
  name: string;
  text: string;
  /** One line for a learner who meets the name in the narration (the glossary shows it). */
  purpose: string;
}

/**
 * The engine's own Lua scripts by the names the programs (and the code panel) give them. Cut to
 * fit a diagram's line, their texts read alike ("local cur = redis.call('GET', ..."), so a beat
 * that sends a reader's fill and a writer's invalidation would show two identical EVALs.
 */
export const ENGINE_SCRIPTS = [
  {
    name: 'FILL_IF_NEWER',
    text: FILL_IF_NEWER,
    purpose:
      'Stores a row only over an older version: refused when the key already holds a newer version (a copy or a tombstone) or a copy of this same version. A reader’s versioned fill sends it, and so does write-through’s store of the row it wrote, and update-cache’s under versioned fills. Replies 1 (stored) or 0 (refused).',
  },
  {
    name: 'INVALIDATE_IF_OLDER',
    text: INVALIDATE_IF_OLDER,
    purpose:
      'A write’s invalidation under versioned fills (by the writer, or the change log’s consumer): puts a tombstone of the written version in the key, unless the key already holds that version or a newer one (a copy or a tombstone). Replies 1 (set) or 0 (left alone).',
  },
  {
    name: 'FILL_IF_LEASE_HOLDS',
    text: FILL_IF_LEASE_HOLDS,
    purpose:
      'A leased fill: stores the row and frees the lease only while the reader’s own lease token is still in place (a writer’s DEL removes it). Replies 1 (stored) or 0 (refused).',
  },
  {
    name: 'RELEASE_IF_HELD',
    text: RELEASE_IF_HELD,
    purpose:
      'Frees a lock or lease only while it still holds this reader’s token, so it never frees one another reader took since. Replies 1 (freed) or 0 (not ours: left alone).',
  },
  {
    name: 'REFRESH_IF_CURRENT',
    text: REFRESH_IF_CURRENT,
    purpose:
      'Refresh-ahead’s reload: stores the reloaded row only while the key still exists and holds no newer version. Replies 1 (stored) or 0 (refused).',
  },
  {
    name: 'DISCARD_IF_UNCHANGED',
    text: DISCARD_IF_UNCHANGED,
    purpose:
      'Deletes a corrupt entry a reader found (a value that is no row of this user, or a key of another type) only while the key still holds it, so it never removes a tombstone or a row stored since. A reader under versioned fills sends it, and the cache layer under read-through and refresh-ahead. Replies 1 (deleted) or 0 (left alone).',
  },
] as const satisfies readonly EngineScript[];

/** What every engine script is, said before its purpose (the glossary, a storyboard's list). */
export const ENGINE_SCRIPT_NOTE =
  'A Lua script sent with EVAL: Redis runs all of it with no other command in between.';

/** The name of one of the engine's scripts: `FILL_IF_NEWER`, `INVALIDATE_IF_OLDER` ... */
export type EngineScriptName = (typeof ENGINE_SCRIPTS)[number]['name'];

const SCRIPT_NAMES: ReadonlyMap<string, EngineScriptName> = new Map(
  ENGINE_SCRIPTS.map((s) => [s.text, s.name]),
);

/**
 * The name of the engine's script an EVAL sends (`argv` as sent), or undefined for any other
 * command and any other script (a learner's own, which is shown as its text).
 */
export function scriptNameOf(argv: readonly string[]): string | undefined {
  return argv[0] === 'EVAL' && argv.length > 1 ? SCRIPT_NAMES.get(argv[1]) : undefined;
}
