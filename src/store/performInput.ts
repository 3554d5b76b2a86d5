// One input the learner or a script asked for (a Step press, a read, a console line ...),
// checked first and turned into the engine's actions: the one path for clicks, keys, the API
// and a link's replay.
import { elementCount, execWorkRefusal, lineLengthRefusal } from '../engine/consoleLimits';
import type { SqlGuard } from '../engine/consoleSql';
import { asciiUpper } from '../engine/redisCommandKit';
import type { SimAction } from '../engine/simAction';
import type { Simulation } from '../engine/simulation';
import { numberRange, quoted } from '../schema/fields';
import { isRedisCliBlank, prepareRedisLine } from './consoleFormat';
import { idleCause } from '../scenarios/actionNarration';
import { actorNames } from './sandboxConfig';
import { checkChanges, clockMoveSchema, userIdSchema } from './sandboxSchema';
import type { Notice, PressOutcome, SandboxState } from './sandboxState';
import type { DropTopic, NotifyAboutRun, Refuse } from './storeParts';
import type { ConsoleOutput, TimelineEntry, TimelineInput } from './timeline';

/** Client name the consoles use in the logs. */
export const CONSOLE_ACTOR = 'console';

/** What an action did: its console output, or its refusal (the text of the notice saying why). */
export type Applied =
  { refusal: null; output?: ConsoleOutput } | { refusal: string; output?: undefined };

/**
 * Why a Step press with no step to take is refused, where a link's replay says why it stopped
 * (the page's Step is disabled there; `press` resolves to `nothingToStep`, not to this text).
 */
const NOTHING_TO_STEP = 'There is nothing to step: no actor has work.';

/**
 * The most time a link's SQL lines may take on the guard's copy, in all, before its replay stops:
 * each line that passes the guard then runs again on the page's own thread, where nothing can stop
 * it, so forty lines of almost a second each held a link's page 35 s before it could be used.
 */
export const LINK_SQL_BUDGET_MS = 2000;

/** Why a link's replay stopped at an SQL line: the lines before it spent its budget. */
export const linkSqlBudgetRefusal = (spentMs: number): string =>
  `the link's SQL lines before it had taken ${(spentMs / 1000).toFixed(1)} s, and a link may spend at most ${LINK_SQL_BUDGET_MS / 1000} s on its SQL, since each line runs again on the page's own thread, where nothing can stop it; type it in the SQL console to run it`;

/** What an input is checked against and applied through: the store's run and its refusals. */
export interface PerformContext {
  get: () => SandboxState;
  requireSim: () => Simulation;
  /** Applies actions as one timeline entry (see the store's `apply`). */
  apply: (
    kind: TimelineEntry['kind'],
    input: TimelineInput,
    actions: SimAction[],
    output?: ConsoleOutput,
  ) => Promise<Applied>;
  stepOnce: () => Promise<PressOutcome>;
  refuse: Refuse;
  dropTopic: DropTopic;
  refuseForRunState: (text: string, tone?: Notice['tone']) => string;
  notifyAboutRun: NotifyAboutRun;
  /** True while a link is replayed: its SQL lines are held to the link's budget. */
  isRestoring: () => boolean;
  sqlGuard?: SqlGuard;
}

/**
 * The input path of one sandbox store: `perform` checks and applies an input;
 * `startLinkReplay` starts a link's SQL budget afresh.
 */
export function createPerform({
  get,
  requireSim,
  apply,
  stepOnce,
  refuse,
  dropTopic,
  refuseForRunState,
  notifyAboutRun,
  isRestoring,
  sqlGuard,
}: PerformContext) {
  /** How long the SQL lines of the link being replayed took on the guard's copy, in all. */
  let linkSqlMs = 0;

  /** The refusal of an actor the settings do not have (said on the page), or null. */
  const unknownActor = (actor: string): string | null => {
    const names = actorNames(get().config.actorCount);
    return names.includes(actor)
      ? null
      : refuse(`There is no actor "${actor}" (actors: ${names.join(', ')}).`);
  };

  /** The refusal of a user id that names no seeded row (said on the page), or null. */
  const invalidId = (id: number): string | null => {
    const checked = userIdSchema.safeParse(id);
    if (checked.success) return null;
    const { max } = numberRange(userIdSchema);
    // The database panel shows a row the console inserted past the seed, so say why it is not
    // one: the engine's record of committed versions (the staleness checker's ground truth,
    // the fill tracker's counts) is sized at the seed.
    const past =
      Number.isInteger(id) && id > max
        ? `: requests name the ${max.toLocaleString('en-US')} seeded rows, whose committed versions the page records to judge every read and cached copy fresh or stale; it records none for a row the SQL console adds, so read and change such a row in the SQL console (SELECT * FROM users WHERE id = ${id})`
        : '';
    return refuse(
      `User id ${checked.error.issues[0].message}, got ${quoted(String(id))}${past}.`,
      'error',
      'request',
    );
  };

  /** A request applied: a user id refused before is untrue beside the request it started. */
  const started = async (applying: Promise<Applied>): Promise<Applied> => {
    const applied = await applying;
    if (applied.refusal === null) dropTopic('request');
    return applied;
  };

  /**
   * Does one thing the learner or a script asked for, checking it first: the one path for
   * clicks, keys, the API and a link's replay, so a replayed link goes exactly where the
   * learner went. Resolves to its console output, or to its refusal: the text of the notice
   * that said why, so a caller reports this refusal and not whatever notice is last.
   */
  async function perform(input: TimelineInput): Promise<Applied> {
    switch (input.type) {
      case 'press': {
        const outcome = await stepOnce();
        if (outcome.type === 'stepped') return { refusal: null };
        return { refusal: outcome.type === 'refused' ? outcome.refusal : NOTHING_TO_STEP };
      }
      case 'stepActor': {
        const { actor } = input;
        // A background actor (the change log's consumer, the flusher, the refresher) steps
        // like the others while it has work; it exists only then.
        if (!requireSim().readyActors().includes(actor)) {
          // A process of the cache layer that ran and stopped says what starts it again (the
          // flusher: the next write queued), rather than that there is no such actor.
          const idle = requireSim().idleStep(actor);
          if (idle?.job !== undefined && idle.isJobInRun && idle.hasStarted)
            return {
              refusal: refuseForRunState(`Actor ${actor} has nothing to do: ${idleCause(idle)}`),
            };
          return {
            refusal:
              unknownActor(actor) ??
              refuseForRunState(`Actor ${actor} has nothing to do: start a read or a write first.`),
          };
        }
        return apply('step', input, [{ type: 'stepActor', actor }]);
      }
      case 'read': {
        const refusal = unknownActor(input.actor) ?? invalidId(input.id);
        if (refusal !== null) return { refusal };
        return started(apply('input', input, [{ type: 'read', actor: input.actor, id: input.id }]));
      }
      case 'write': {
        const { actor, id, changes } = input;
        const refusal = unknownActor(actor) ?? invalidId(id);
        if (refusal !== null) return { refusal };
        const checked = checkChanges(changes);
        if (!checked.ok) return { refusal: refuse(`Write refused: ${checked.refusals[0].text}.`) };
        return started(apply('input', input, [{ type: 'write', actor, id, changes }]));
      }
      case 'clock': {
        const checked = clockMoveSchema(requireSim().clockMs).safeParse(input.ms);
        if (!checked.success) return { refusal: refuse(checked.error.issues[0].message) };
        return apply('input', input, [{ type: 'advanceClock', ms: input.ms }]);
      }
      case 'cache':
        return apply('input', input, [{ type: 'setCacheAvailable', isUp: input.isUp }]);
      case 'restart':
        return apply('input', input, [{ type: 'restartCache' }]);
      case 'redis': {
        if (isRedisCliBlank(input.line)) return { refusal: null };
        // The keys Redis holds, and the size of what the named ones hold, bound how often a
        // command may repeat in one line.
        const { cache } = requireSim().runtime;
        const prepared = prepareRedisLine(input.line, cache.liveKeyCount(), (key) =>
          elementCount(cache.held(key)?.value),
        );
        // A refused line sends nothing, but stays in the transcript (and on the timeline) with
        // the reply it got: a refusal that depends on the keyspace is kept, not recomputed.
        // In MULTI a refused command is sent all the same: the connection refuses it in the
        // same words and its EXEC then answers EXECABORT, as Redis' refusal at queue time, or
        // queues it when Redis would find the error only at EXEC (`queueRefusal`).
        const send = ({ argv, times }: { argv: string[]; times: number }): SimAction[] =>
          Array.from({ length: times }, () => ({ type: 'redis', actor: CONSOLE_ACTOR, argv }));
        if (!('reply' in prepared)) {
          // EXEC is one line: its queue's work is bounded as a repeated line's is.
          const tooMuch =
            asciiUpper(prepared.argv[0]) === 'EXEC'
              ? execWorkRefusal(cache.queued(CONSOLE_ACTOR), cache.liveKeyCount(), (key) =>
                  elementCount(cache.held(key)?.value),
                )
              : null;
          if (tooMuch === null) return apply('input', input, send(prepared));
          const reply = { text: `(error) ${tooMuch}`, isError: true };
          return apply('input', input, [], { console: 'redis', reply });
        }
        // Redis down: the client cannot send it for Redis to refuse, and rejects it unsent
        // ("Connection is closed."), whatever its words, as it does every other command.
        if (prepared.refused !== undefined && (cache.isQueuing(CONSOLE_ACTOR) || !cache.isUp))
          return apply('input', input, send(prepared.refused));
        return apply('input', input, [], { console: 'redis', reply: prepared.reply });
      }
      case 'resetDatabase':
        return apply('input', input, [{ type: 'resetDatabase', actor: CONSOLE_ACTOR }]);
      case 'sql': {
        if (input.statement.trim() === '') return { refusal: null };
        // A link's SQL lines each run twice, on a copy and then on the page's own thread where
        // nothing stops them: past the link's budget for them, the replay stops here.
        if (isRestoring() && linkSqlMs >= LINK_SQL_BUDGET_MS)
          return { refusal: linkSqlBudgetRefusal(linkSqlMs) };
        const refusal = lineLengthRefusal(input.statement) ?? (await guardSql(input.statement));
        if (refusal !== null) {
          // Nothing runs: the line stays in the transcript with the reason, like a refused
          // Redis line, and a link replaying it is stopped the same way.
          notifyAboutRun(refusal, 'error');
          return apply('input', input, [], { console: 'sql', result: { error: refusal } });
        }
        return apply('input', input, [{ type: 'sql', actor: CONSOLE_ACTOR, sql: input.statement }]);
      }
    }
  }

  /** Tries a console line on a copy first (see SqlGuard); the reason it is refused, or null. */
  async function guardSql(statement: string): Promise<string | null> {
    if (!sqlGuard) return null;
    const verdict = await sqlGuard(requireSim().runtime.db.trialFor(statement));
    if (isRestoring() && verdict.ok) linkSqlMs += verdict.ms ?? 0;
    return verdict.ok
      ? null
      : `SQL stopped: ${verdict.reason}. The database is as it was before the statement.`;
  }

  return {
    perform,
    startLinkReplay: (): void => {
      linkSqlMs = 0;
    },
  };
}
