import type { YourPaths } from '../engine/programs/patterns';
import type { TimelineEntry } from './timeline';

/**
 * Redis commands that read and change nothing a scenario's story depends on: typing them
 * between beats keeps the run on its script. (They still touch a key's LRU clock; the stories
 * with a key limit have none of them in their beats.)
 */
const READ_ONLY_REDIS = new Set([
  'GET',
  'MGET',
  'EXISTS',
  'TYPE',
  'TTL',
  'PTTL',
  'EXPIRETIME',
  'PEXPIRETIME',
  'KEYS',
  'SCAN',
  'DBSIZE',
  'STRLEN',
  'GETRANGE',
  'HGET',
  'HMGET',
  'HGETALL',
  'HKEYS',
  'HVALS',
  'HLEN',
  'HEXISTS',
  'HSTRLEN',
  'LRANGE',
  'LLEN',
  'LINDEX',
  'SMEMBERS',
  'SISMEMBER',
  'SCARD',
  'PING',
  'ECHO',
  'INFO',
  'TIME',
  'COMMAND',
  'HELP',
]);

/** One SELECT (or EXPLAIN) and nothing after it: a SQL console line that changes nothing. */
const READ_ONLY_SQL = /^\s*(select|explain)\b[^;]*;?\s*$/i;

const cut = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
};

/**
 * What a timeline entry did to the run when it may have changed it, as a short phrase ("DEL
 * user:123 in the Redis console", "B's own Step"); null for a scenario's beat, a line that only
 * reads, or a line that was refused.
 */
export function interventionOf(entry: TimelineEntry): string | null {
  if (entry.kind === 'beat') return null;
  const input = entry.input;
  switch (input.type) {
    case 'press':
      return entry.kind === 'step' ? 'a Step of your own' : null;
    case 'stepActor':
      return `${input.actor}'s own Step`;
    case 'read':
      return `a read of user:${input.id} started for ${input.actor}`;
    case 'write':
      return `a write of user:${input.id} started for ${input.actor}`;
    case 'clock':
      return `the clock moved on ${input.ms >= 1000 ? `${input.ms / 1000} s` : `${input.ms} ms`}`;
    case 'cache':
      return input.isUp ? 'Redis brought back' : 'Redis taken down';
    case 'restart':
      return 'Redis restarted';
    case 'resetDatabase':
      return 'the database reset';
    case 'redis': {
      const action = entry.actions[0];
      if (action?.type !== 'redis') return null;
      if (READ_ONLY_REDIS.has(action.argv[0].toUpperCase())) return null;
      return `${cut(input.line)} in the Redis console`;
    }
    case 'sql':
      if (entry.actions.length === 0 || READ_ONLY_SQL.test(input.statement)) return null;
      return `${cut(input.statement)} in the SQL console`;
  }
}

/**
 * What the learner did to a scenario's run among the timeline's first `end` entries, before its
 * last beat (after it the scenario is over, and what follows is judged as it stands): each
 * thing once, in order. Any of it takes the run off the script its narration and promise tell.
 */
export function interventions(
  timeline: readonly TimelineEntry[],
  end: number,
  beatCount: number,
): string[] {
  const out: string[] = [];
  let beats = 0;
  for (let i = 0; i < end && i < timeline.length && beats < beatCount; i++) {
    if (timeline[i].kind === 'beat') {
      beats++;
      continue;
    }
    const said = interventionOf(timeline[i]);
    if (said !== null && !out.includes(said)) out.push(said);
  }
  return out;
}

/**
 * The learner's own programs running in place of ours, as a phrase for the same lists ("your read
 * path in place of ours"): a scenario's narration and promise are written for our programs.
 */
export function codeInUse(yours: YourPaths): string[] {
  const paths = (['read', 'write'] as const).filter((p) => yours[p]);
  if (paths.length === 0) return [];
  return [`your ${paths.join(' and ')} path${paths.length > 1 ? 's' : ''} in place of ours`];
}

/** A list of interventions for a sentence: the first three, and how many more. */
export function listInterventions(said: readonly string[]): string {
  if (said.length <= 3) return said.join(', ');
  return `${said.slice(0, 3).join(', ')} and ${said.length - 3} more`;
}
