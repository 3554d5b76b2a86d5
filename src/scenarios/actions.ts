import type { SimAction } from '../engine/simulation';

/** Small builders so scenario scripts read like the story they tell. */
export const read = (actor: string, id: number): SimAction => ({ type: 'read', actor, id });
export const stepActor = (actor: string): SimAction => ({ type: 'stepActor', actor });
export const sql = (actor: string, statement: string): SimAction => ({
  type: 'sql',
  actor,
  sql: statement,
});
export const advanceClock = (ms: number): SimAction => ({ type: 'advanceClock', ms });

/** A complete read by one actor, used to prepare a warm cache before a story starts. */
export const warmRead = (actor: string, id: number): SimAction[] => [
  read(actor, id),
  stepActor(actor),
  stepActor(actor),
  stepActor(actor),
];
