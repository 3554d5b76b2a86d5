import { ROW_MISSING_COLUMNS } from './missingColumns';
import { cacheKey } from './programs/steps';
import type { ProgramResult, Step } from './programs/types';
import type { Runtime, Task } from './runtime';
import { taskText, type BackgroundTask } from './simActor';
import { copyLeftBy } from './stepEventFields';

// A statement the database refused (the console broke the schema, or left a row the
// application cannot use): how the request ends, and what its step says.

/**
 * What the step of a statement the database refused (`dbError`) says: what the database did
 * with it, what the DB counters count of it, and that the request failed there.
 */
export async function refusedStatementNote(
  rt: Runtime,
  actor: string,
  step: Step,
  task: Task | BackgroundTask,
  dbError: string,
): Promise<string> {
  // An UPDATE answered with a row the application cannot use was committed all the same, and
  // the request ends at it: whatever it would have sent next (a DEL, a SET) never went out.
  if (dbError.startsWith(ROW_MISSING_COLUMNS) && step.target === 'db' && step.op === 'update')
    return `The database committed ${actor}'s UPDATE (user ${step.id} is now version ${rt.db.committedVersion(step.id)}) but answered it with a row the application cannot use: ${dbError}. So ${failedTaskText(actor, task)} failed and stopped there, sending nothing after the UPDATE${await copyLeftBy(rt, step.id)}. Reset database puts the seeded users table back.`;
  return `${
    dbError.startsWith(ROW_MISSING_COLUMNS)
      ? `The database ran ${actor}'s SELECT (so DB reads counts it) but answered it with a row the application cannot use (${dbError}), so`
      : step.target === 'db' && step.op === 'update'
        ? // A refused UPDATE changed nothing: the DB writes counter leaves it out.
          `The database refused ${actor}'s UPDATE (${dbError}): it wrote nothing, and DB writes counts only the writes the database committed. So`
        : step.target === 'db' && step.op === 'select'
          ? // A refused SELECT read nothing: the DB reads counter leaves it out.
            `The database refused ${actor}'s SELECT (${dbError}): it read nothing, and DB reads counts only the reads the database answered. So`
          : `The database refused ${actor}'s statement (${dbError}), so`
  } ${failedTaskText(actor, task)} failed. Reset database puts the seeded users table back.`;
}

/**
 * What failed when the database refused a statement: "the write of user:1", or a background
 * job's own words ("flusher's job (flush the write-behind queue)"): a flush has no row of its own.
 */
function failedTaskText(actor: string, task: Task | BackgroundTask): string {
  return task.kind === 'background'
    ? `${actor}'s job (${taskText(task)})`
    : `the ${task.kind} of ${cacheKey(task.id)}`;
}

/** How a request ends when the database refused its statement: failed, with the error. */
export function failedResult(task: Task, error: string): ProgramResult {
  const key = cacheKey(task.id);
  return task.kind === 'read'
    ? {
        kind: 'read',
        key,
        id: task.id,
        row: null,
        version: 0,
        isHit: false,
        hadCacheError: false,
        filledVersion: null,
        error,
      }
    : {
        kind: 'write',
        key,
        id: task.id,
        row: null,
        isInvalidationLost: false,
        hadCacheError: false,
        error,
      };
}
