import { isTombstone } from '../engine/programs/readVersionedFill';
import { cacheKey } from '../engine/programs/steps';
import { corruptEntryText, isUnusableValue } from './readNarration';
import { cacheErrorCause } from './errorNarration';
import { sentence } from './narrationTerms';
import { storedBy, storerText } from '../engine/commandLog';
import { copyDiff } from '../engine/copyDiff';
import type { UserRow } from '../engine/database';
import type { ReadVerdict } from '../engine/readChecker';
import type { CacheEntry, SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';

/**
 * A question asked before a beat runs (quiz mode). The scenario names only what to ask about;
 * the right answer is read from what the engine then does (`judgeQuiz`), never written here, so
 * a learner who changed a setting is judged against the run they actually see.
 */
export type BeatQuiz =
  /** Will this actor's next GET be answered with a value (hit) or with nil (miss)? */
  | { kind: 'hit-or-miss'; actor: string }
  /** Which row version will this actor's read return? `versions` are the choices offered. */
  | { kind: 'returned-version'; actor: string; versions: number[] }
  /** After the beat, is the cached copy of user `id` stale, fresh, or not cached at all? */
  | { kind: 'cache-stale'; id: number }
  /** How many SELECTs will this beat send to the database? `counts` are the choices offered. */
  | { kind: 'db-reads'; counts: number[] };

/**
 * Whether a scenario asks questions in quiz mode. Its summary tells what they ask ("each runs its
 * own SELECT", "the second read is served by Redis alone"), so quiz mode keeps it back.
 */
export const asksQuestions = (scenario: { beats: readonly { quiz?: BeatQuiz }[] }): boolean =>
  scenario.beats.some((b) => b.quiz !== undefined);

interface Titled {
  id: string;
  title: string;
  quizTitle?: string;
  quizId?: string;
  beats: readonly { quiz?: BeatQuiz }[];
}

/**
 * Whether quiz mode keeps a scenario's title and summary back: it asks questions, or its own
 * words answer another's ("Stale set, fixed by a lease" answers `stale-set`'s questions in the
 * same Scenario list).
 */
export const isKeptBackInQuiz = (scenario: Titled): boolean =>
  asksQuestions(scenario) || scenario.quizTitle !== undefined;

/** The title quiz mode shows while a scenario is kept back: one that answers no question. */
export const quizTitleOf = (scenario: Titled): string => scenario.quizTitle ?? scenario.title;

/**
 * The id quiz mode's address and links name a scenario by: one that says no more than its quiz
 * title (`stale-set` is `race-reader-and-writer`). `window.cacheAside` keeps the real ids.
 */
export const quizIdOf = (scenario: Pick<Titled, 'id' | 'quizId'>): string =>
  scenario.quizId ?? scenario.id;

export interface QuizChoice {
  id: string;
  label: string;
}

/** A question as the page and `window.cacheAside.quiz` show it. */
export interface QuizQuestion {
  kind: BeatQuiz['kind'];
  text: string;
  choices: QuizChoice[];
}

/**
 * What the engine did, as an answer to the question: the choice it matches (null when it matches
 * none of them, for example a read that did not finish in this step) and one line saying why.
 */
export interface QuizTruth {
  answer: string | null;
  why: string;
}

/**
 * Whether the run answered `question`: the engine's answer is one of its choices. Where it is
 * not (a fix changed what the beat sends), the question is not asked and `truth.why` says why.
 */
export const isAnswerable = (question: QuizQuestion, truth: QuizTruth): boolean =>
  truth.answer !== null && question.choices.some((c) => c.id === truth.answer);

/** The question a beat asks, with its choices, in the learner's words. */
export function quizQuestion(quiz: BeatQuiz): QuizQuestion {
  switch (quiz.kind) {
    case 'hit-or-miss':
      return {
        kind: quiz.kind,
        text: `Will ${quiz.actor}'s next GET be a hit or a miss?`,
        choices: [
          { id: 'hit', label: 'Hit' },
          { id: 'miss', label: 'Miss' },
        ],
      };
    case 'returned-version':
      return {
        kind: quiz.kind,
        text: `Which version of the row will ${quiz.actor}'s read return?`,
        choices: quiz.versions.map((v) => ({ id: `v${v}`, label: `Version ${v}` })),
      };
    case 'cache-stale':
      return {
        kind: quiz.kind,
        text: `After this step, is the cached ${cacheKey(quiz.id)} stale?`,
        choices: [
          { id: 'stale', label: 'Stale: older than the row' },
          { id: 'fresh', label: 'Fresh: same version as the row' },
          { id: 'ahead', label: 'Ahead: newer than the row (a write not yet in the database)' },
          // A tombstone is judged here too: the key is in Redis (the panels show it), the row is not.
          { id: 'absent', label: 'No cached row: not in Redis, or only a tombstone' },
        ],
      };
    case 'db-reads':
      return {
        kind: quiz.kind,
        text: 'How many SELECTs will this step send to the database?',
        choices: quiz.counts.map((n) => ({ id: String(n), label: String(n) })),
      };
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Whether the read that `done` ended returned the cached row: its GET hit and no SELECT came
 * after it. The event that ends a read is not always the GET (early refresh and refresh-ahead
 * check the TTL after a hit; a single-flight reader waited before it hit), so the read's own
 * events are read back from its end to its start in `trace`, the run's events.
 */
function isServedFromCache(done: StepEvent, trace: readonly StepEvent[]): boolean {
  for (let i = done.index - 1; i >= 0; i--) {
    const e = trace[i];
    if (e.actor !== done.actor) continue;
    if (e.index !== done.index && e.finishes) break;
    if (e.target === 'db') return false;
    if (e.isHit) return true;
  }
  return false;
}

/**
 * The fields in which a cached copy of `row` differs from it ([field, cached, row]); empty when
 * they agree or the value is not a copy of that row: by the Redis panel's judgement
 * (`copyDiff`), which its STALE badge and its table of differing fields share.
 */
function entryFieldsUnlike(
  entry: CacheEntry,
  row: UserRow,
  pattern: SimSnapshot['config']['pattern'],
): [string, string, string][] {
  const diff = copyDiff(
    entry.value,
    row.id,
    row,
    pattern,
    entry.type === 'hash' ? 'hash' : 'string',
  );
  if (diff === null || diff.otherUserId !== undefined) return [];
  return diff.fields.map((f) => [f.field, f.cached, f.row]);
}

/**
 * What the database had when the read returned, as the checker judged the read ("holds" for a
 * hit, "held" for a returned read): a deleted row and a copy at the row's version with other
 * fields are said as such, not as the version alone (which would call them fresh).
 */
function databaseText(verdict: ReadVerdict, verb: 'holds' | 'held'): string {
  if (verdict.isRowDeleted) return 'the database had deleted the row';
  const text = `the database ${verb} version ${verdict.committedVersion}`;
  return verdict.isUnlikeRow && verdict.version === verdict.committedVersion
    ? `${text} with other fields than the copy`
    : text;
}

/**
 * Reads the answer off the engine: `events` are the commands the beat sent (in order) and
 * `after` the snapshot taken once it ran.
 */
export function judgeQuiz(
  quiz: BeatQuiz,
  events: StepEvent[],
  after: SimSnapshot,
  isQueued: (actor: string) => boolean = () => false,
): QuizTruth {
  switch (quiz.kind) {
    case 'hit-or-miss': {
      const get = events.find(
        (e) => e.actor === quiz.actor && e.target === 'redis' && e.command.startsWith('GET '),
      );
      if (!get) return { answer: null, why: `${quiz.actor} sent no GET in this step.` };
      // WRONGTYPE: the read cannot use the key, deletes it and goes on as a miss (counted one).
      if (get.isError)
        return {
          answer: get.isMiss ? 'miss' : null,
          why: `${sentence(`${get.command} failed: ${get.reply}`)} ${cacheErrorCause(get)} ${
            get.isMiss
              ? 'The read cannot use the key, so it counts as a miss.'
              : 'So it is neither a hit nor a miss.'
          }`,
        };
      if (get.isHit) {
        const stale = get.isStaleRead && get.verdict;
        return {
          answer: 'hit',
          why: `${get.command} answered with the cached row (version ${get.rowVersion ?? '?'})${
            stale ? `, while ${databaseText(stale, 'holds')}: a stale hit` : ''
          }.`,
        };
      }
      return {
        answer: 'miss',
        why: get.isTombstone
          ? `${get.command} found a tombstone: the row changed, so it counts as a miss.`
          : isUnusableValue(get)
            ? `${get.command} answered ${corruptEntryText(get)}, so it counts as a miss.`
            : `${get.command} answered ${get.reply}: the key is not in Redis, a miss.`,
      };
    }
    case 'returned-version': {
      const finished = events.filter(
        (e) => e.actor === quiz.actor && e.program === 'read' && e.finishes,
      );
      // Off the script an actor may still be busy when the beat gives it a read (the engine says
      // so, see RequestQueued): the earlier request finishes first, so the read asked about is
      // the second to finish in this step, if any.
      if (isQueued(quiz.actor) && finished.length < 2)
        return {
          answer: null,
          why: `${quiz.actor}'s new read waits behind its unfinished request, so it returned nothing yet${
            finished[0]?.verdict
              ? ` (the read that returned version ${finished[0].verdict.version} in this step started earlier)`
              : ''
          }.`,
        };
      const done = isQueued(quiz.actor) ? finished[1] : finished[0];
      const verdict = done?.verdict;
      if (!done || !verdict)
        return {
          answer: null,
          why: `${quiz.actor}'s read did not return in this step, so no version was returned yet.`,
        };
      const from = isServedFromCache(done, after.events) ? 'Redis, a hit' : 'SQLite, after a miss';
      // Ahead of the row, yet not stale: write-behind's copy of a write on its way (the checker's rule).
      const isAhead =
        !verdict.isStale && !verdict.isRowDeleted && verdict.version > verdict.committedVersion;
      return {
        answer: `v${verdict.version}`,
        why: `${quiz.actor} returned version ${verdict.version} (from ${from}); ${databaseText(verdict, 'held')}${
          verdict.isStale
            ? ': a stale read'
            : verdict.isSetBackInFlight === true
              ? ': the row was set back to that version after the read began, so not a stale read'
              : isAhead
                ? ": the cache's copy of an acknowledged write not yet in the database (write-behind writes the cache first), so not a stale read"
                : ''
        }.`,
      };
    }
    case 'cache-stale': {
      const key = cacheKey(quiz.id);
      const entry = after.cache.find((e) => e.key === key);
      const row = after.db.find((r) => r.id === quiz.id);
      const rowText = entry?.isRowDeleted
        ? 'the database no longer holds the row (it was deleted)'
        : row
          ? `the row is version ${row.version}`
          : 'the row is not in play';
      if (!entry) return { answer: 'absent', why: `Redis holds no ${key} now.` };
      // A tombstone marks the row as changed: no cached copy, and the next GET counts a miss.
      if (entry.value !== null && isTombstone(entry.value))
        return {
          answer: 'absent',
          why: `${key} holds a tombstone of version ${entry.version}, not a cached row: the next read counts it as a miss and reads the database.`,
        };
      if (entry.version === null)
        return {
          answer: entry.isStale ? 'stale' : null,
          why: `${key} holds something other than a cached row (${entry.type}).`,
        };
      // Who stored the copy, by the command log: the console, an actor's request (the
      // application's code), a script one of them sent, or not known (MSET, a log that does not
      // reach back).
      const storer = storedBy(
        after.redisLog,
        key,
        entry.value,
        entry.type === 'hash' ? 'hash' : 'string',
      );
      const byScript = storer?.isScript === true ? storer : undefined;
      const byHand = byScript === undefined && storer?.actor === 'console';
      const byCode = byScript === undefined && storer !== undefined && !byHand;
      const scriptText = byScript && `A${storerText(byScript).slice(1)}`;
      if (entry.otherUserId !== undefined)
        return {
          answer: 'stale',
          why: `${key} holds user ${entry.otherUserId}'s row (version ${entry.version}), not a copy of user ${quiz.id}'s: STALE.${byHand ? ' The console set that copy by hand.' : scriptText ? ` ${scriptText} stored that copy.` : ''}`,
        };
      if (entry.isSetBack)
        return {
          answer: 'stale',
          why: `${key} holds version ${entry.version} and ${rowText}: the row was set back below the copy's version in the SQL console, so the copy is a state the row no longer has: STALE, and a read that hits it is counted stale.`,
        };
      if (entry.isNeverCommitted)
        return {
          answer: 'stale',
          why: `${key} holds version ${entry.version} and ${rowText}: no write committed version ${entry.version}${
            after.config.pattern === 'write-behind'
              ? ', and no write of the row is on its way to the database (none is under way, queued or taken by the flusher: the copy was set by hand, or its write was lost with the queue)'
              : byHand
                ? ' (the copy was set by hand; under this pattern no write puts a version in the cache before the database)'
                : ` (${byCode ? "the application's code cached it so" : byScript ? `${storerText(byScript)} stored it` : "the copy was set by hand or by the application's code"}, and no write of the row is running that could commit it)`
          }, so the copy is not the row: STALE, and a read that hits it is counted stale.`,
        };
      if (entry.isAhead)
        return {
          answer: 'ahead',
          why: `${key} holds version ${entry.version} and ${rowText}: the cache is ahead, with a write the database does not have yet.`,
        };
      // At the row's version with other fields: STALE (set by hand, cached so by the code, or
      // the row set back to that version: an older state of it), else no choice fits.
      const unlike =
        (!entry.isStale || entry.isUnlikeRow) && row
          ? entryFieldsUnlike(entry, row, after.config.pattern)
          : [];
      if (unlike.length > 0)
        return {
          answer: entry.isUnlikeRow ? 'stale' : null,
          why: `${key} holds version ${entry.version}, as the row does, but not the row: ${unlike
            .map(([field, cached, now]) => `${field} ${cached} cached, ${now} in the database`)
            .join('; ')}. ${
            entry.isUnlikeRow && byHand
              ? 'The console set that copy by hand: STALE.'
              : entry.isUnlikeRow && entry.isVersionReused
                ? 'The row was set back to that version in the SQL console, so the copy is an older state of it: STALE, and a read that hits it is counted stale.'
                : entry.isUnlikeRow && (byCode || scriptText)
                  ? `${scriptText ? `${scriptText} stored that copy` : "The application's code cached it so"}: the database never had this row at that version (nothing set the row back to it): STALE, and a read that hits it is counted stale.`
                  : entry.isUnlikeRow
                    ? "The command log does not show what stored it (the console, or the application's code), and nothing set the row back to that version, so the database never had this row at that version: STALE, and a read that hits it is counted stale."
                    : 'A read that hits it is counted stale, though its version is not older.'
          }`,
        };
      return {
        answer: entry.isStale ? 'stale' : 'fresh',
        why: `${key} holds version ${entry.version} and ${rowText}${entry.isStale ? '' : ': they match'}.`,
      };
    }
    case 'db-reads': {
      const selects = events.filter((e) => e.target === 'db' && e.command.startsWith('SELECT'));
      const who = [...new Set(selects.map((e) => e.actor))];
      return {
        answer: String(selects.length),
        why:
          selects.length === 0
            ? 'No process ran a SELECT in this step.'
            : `${plural(selects.length, 'SELECT')} reached SQLite (from ${who.join(', ')}).`,
      };
    }
  }
}
