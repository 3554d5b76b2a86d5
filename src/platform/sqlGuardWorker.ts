// The SQL guard's worker: runs a console line on a copy of the sandbox's database, so the page
// learns whether it finishes without ever running it on its own thread. The page terminates
// this worker when a trial runs too long, and starts a new one.
import {
  limitTrialMemory,
  runSqlTrial,
  type SqlTrial,
  type SqlTrialOutcome,
} from '../engine/consoleSql';
import { loadSqlJsBrowser } from './sqlJsBrowser';
import { errorMessage } from '../engine/errorMessage';

/** The page asks: try this line. */
export interface TrialRequest {
  id: number;
  trial: SqlTrial;
}

/** The worker answers: loaded (or not), and each trial's outcome. */
export type TrialReply =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  /** The line itself has run; what the page would run after it is being tried now. */
  | { type: 'ran'; id: number }
  | ({ type: 'done'; id: number } & SqlTrialOutcome);

const post = (reply: TrialReply): void => postMessage(reply);
const sqlJs = loadSqlJsBrowser();
sqlJs.then(
  (SQL) => {
    // This sql.js runs nothing but trials: a line that needs more memory fails here, not on the page.
    limitTrialMemory(SQL);
    post({ type: 'ready' });
  },
  (e: unknown) => post({ type: 'failed', error: errorMessage(e) }),
);

addEventListener('message', (e: MessageEvent<TrialRequest>) => {
  const { id, trial } = e.data;
  void sqlJs.then((SQL) =>
    post({ type: 'done', id, ...runSqlTrial(SQL, trial, () => post({ type: 'ran', id })) }),
  );
});
