import { sliceWhole, unseenEscaped } from '../engine/describe';
import type { YourPaths } from '../engine/programs/patterns';
import { durationText } from '../scenarios/narrationTerms';
import type { TimelineEntry } from './timeline';

/**
 * `text` on one line: each run of white space between words becomes one space, and what is
 * inside quotes (`"..."`, `'...'`, a backslash escaping the next character inside double
 * quotes, as redis-cli reads them) stays as typed: `DEL "a  b"` read `DEL "a b"`, another key.
 */
function foldedBetweenWords(text: string): string {
  let out = '';
  let quote: string | null = null;
  // Whether `out` ends in a folded blank: asking `out.endsWith(' ')` at each blank copied the
  // whole text gathered so far each time (quadratic: minutes for a long MSET line).
  let endsInBlank = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      out += c;
      if (c === '\\' && quote === '"' && i + 1 < text.length) out += text[++i];
      else if (c === quote) quote = null;
    } else if (/\s/.test(c)) {
      if (!endsInBlank) out += ' ';
      endsInBlank = true;
      continue;
    } else {
      out += c;
      if (c === '"' || c === "'") quote = c;
    }
    endsInBlank = false;
  }
  return out.trim();
}

/**
 * A console line, short enough for a sentence: cut at a word's end, so what is shown never reads
 * as another line would (`WHERE id=123` cut to `WHERE id=1`), with a NUL or a direction mark
 * written as an escape, as the diagram writes it: a line's U+202E turned the rest of the
 * sentence around.
 */
export const cut = (text: string): string => {
  const line = foldedBetweenWords(text);
  if (line.length <= 60) return unseenEscaped(line);
  const space = line.lastIndexOf(' ', 59);
  return `${unseenEscaped(space > 20 ? line.slice(0, space) : sliceWhole(line, 59))} …`;
};

/**
 * What a timeline entry did to the run when it may have changed it, as a short phrase ("DEL
 * user:123 in the Redis console", "B's own Step"); null for a scenario's beat, a console line
 * that changed nothing (one that only read, matched nothing, or was refused), a clock move of no
 * time, or Redis taken up or down as it already was.
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
    // A move of no time, or Redis set as it already was (`hasChanged` unset), changed nothing.
    case 'clock':
      return entry.hasChanged ? `the clock moved on ${durationText(input.ms)}` : null;
    case 'cache':
      if (!entry.hasChanged) return null;
      return input.isUp ? 'Redis brought back' : 'Redis taken down';
    case 'restart':
      return 'Redis restarted';
    case 'resetDatabase':
      return 'the database reset';
    // Judged by what the line did, not by its words: `EXPIRE nosuch 10`, an UPDATE that matched
    // no row or a refused line changed nothing; an EXPIRE that set a TTL did. (A read still
    // moves a key's LRU clock, which only eviction under a key limit looks at.)
    case 'redis':
      return entry.hasChanged ? `${cut(input.line)} in the Redis console` : null;
    case 'sql':
      return entry.hasChanged ? `${cut(input.statement)} in the SQL console` : null;
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
  // The beats stay in the list so that an outage a beat ran through is not taken for a bounce:
  // the beat's commands met it.
  const before: TimelineEntry[] = [];
  let beats = 0;
  for (let i = 0; i < end && i < timeline.length && beats < beatCount; i++) {
    if (timeline[i].kind === 'beat') beats++;
    before.push(timeline[i]);
  }
  return saidOnce(withoutBounces(before));
}

/** Whether an entry may have sent a command, or started what will: a Step, a request. */
const mayRunCommands = (entry: TimelineEntry): boolean =>
  entry.kind !== 'input' || ['read', 'write', 'stepActor', 'press'].includes(entry.input.type);

/**
 * `entries` without each outage that no command met: Redis taken down and brought back with no
 * Step or request between, while no connection held a MULTI or a WATCH for the outage to drop.
 * Redis keeps its memory through it, so every later beat sees what the script wrote for it; a
 * teacher who pulls the plug and plugs it back before stepping keeps the story and the verdict.
 */
function withoutBounces(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const dropped = new Set<number>();
  for (let i = 0; i < entries.length; i++) {
    const down = entries[i];
    if (down.input.type !== 'cache' || down.input.isUp || down.hasChanged !== true) continue;
    if (down.droppedTransactions === true) continue;
    for (let j = i + 1; j < entries.length && !mayRunCommands(entries[j]); j++) {
      const up = entries[j];
      if (up.input.type === 'cache' && up.input.isUp && up.hasChanged === true) {
        dropped.add(i).add(j);
        break;
      }
    }
  }
  return entries.filter((_, i) => !dropped.has(i));
}

/** What each entry did, as a phrase, each phrase once, in order (entries that did nothing left out). */
function saidOnce(entries: readonly TimelineEntry[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const said = interventionOf(entry);
    if (said !== null && !out.includes(said)) out.push(said);
  }
  return out;
}

/**
 * What the learner did since the newest beat among the timeline's first `end` entries (a Step of
 * their own, a console line, the clock ...), each thing once, in order: the run has left that
 * beat, so what was written for it (its speaker notes) may no longer describe the run. Empty
 * before the first beat, and while the newest entry that did anything is the beat itself.
 */
export function changesSinceBeat(timeline: readonly TimelineEntry[], end: number): string[] {
  let i = Math.min(end, timeline.length) - 1;
  while (i >= 0 && timeline[i].kind !== 'beat') i--;
  return i < 0 ? [] : saidOnce(withoutBounces(timeline.slice(i + 1, end)));
}

/**
 * Whether an input that did something left what the stores hold as it was: Redis taken down or
 * brought back keeps its memory, and a clock move that no key's TTL ran out in removes nothing.
 */
function leavesStoresAsTheyWere(entry: TimelineEntry): boolean {
  if (entry.input.type === 'cache') return true;
  if (entry.input.type === 'clock')
    return !(entry.expiredByClock ?? []).some((expired) => expired.count > 0);
  return false;
}

/**
 * What changed what Redis or the database holds among the first `end` entries after the last
 * beat (a console line, a restart, a clock move that expired keys), each once, in order. Steps
 * and requests started are not among them: they are the run's own.
 */
export function changesPastBeats(
  timeline: readonly TimelineEntry[],
  end: number,
  beatCount: number,
): string[] {
  const after: TimelineEntry[] = [];
  let beats = 0;
  for (let i = 0; i < end && i < timeline.length; i++) {
    const entry = timeline[i];
    if (entry.kind === 'beat') beats++;
    if (beats < beatCount || entry.kind !== 'input') continue;
    if (entry.input.type === 'read' || entry.input.type === 'write') continue;
    if (leavesStoresAsTheyWere(entry)) continue;
    after.push(entry);
  }
  return saidOnce(after);
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
