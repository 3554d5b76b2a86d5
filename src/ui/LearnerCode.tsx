import { lazy, Suspense, useRef, useState } from 'react';
import { CHALLENGES } from '../engine/challengeCatalog';
import type { LearnerPath } from '../engine/programs/learner';
import { codeLinkHash } from '../store/learnerLink';
import { starterOf, type StarterSettings } from '../engine/programs/learnerSources';
import { CANCELLED_VERDICT } from '../store/learnerChecks';
import { REPLACED_RUN, type LearnerStore } from '../store/learnerStore';
import { selectConfig } from '../store/selectors';
import { EDITOR_KEYS, type EditorHandoff } from './editorHandoff';
import { useLearner, useLearnerApi } from './learnerContext';
import { PlainCodeEditor } from './PlainCodeEditor';
import { addressWith } from '../platform/address';
import { useSandbox, useSandboxApi } from './storeContext';
import type { SandboxStore } from '../store/sandboxStore';

const CodeEditor = lazy(() => import('./CodeEditor'));

const PATH_TITLES: Record<LearnerPath, string> = {
  read: 'Your read path',
  write: 'Your write path',
};

const selectDrafts = (s: LearnerStore) => s.drafts;
const selectErrors = (s: LearnerStore) => s.errors;
const selectRunning = (s: LearnerStore) => s.running;
const selectIsFromLink = (s: LearnerStore) => s.isFromLink;
const selectIsBusy = (s: LearnerStore) => s.isBusy;
const selectVerdicts = (s: LearnerStore) => s.verdicts;
const selectCheckedSources = (s: LearnerStore) => s.checkedSources;
const selectSetAside = (s: LearnerStore) => s.setAside;
const selectSetAsideBy = (s: LearnerStore) => s.setAsideBy;
const selectHasSteps = (s: SandboxStore) => s.cursor > 0;

const mitigationWords = (m: StarterSettings['readMitigation']): string =>
  m === 'none' ? 'with no read mitigation' : `under the ${m} read mitigation`;

/**
 * Whose program an editor holds while it holds the starter: ours as the settings choose it, or,
 * where ours cannot be written as code here, cache-aside's and why (see `starterOf`).
 */
export function starterNote(path: LearnerPath, settings: StarterSettings, isOurs: boolean): string {
  const { pattern, writePolicy, readMitigation } = settings;
  const follows = 'it follows those settings until you edit it.';
  if (path === 'read') {
    if (pattern !== 'cache-aside')
      return `Cache-aside's read path, not ours: under ${pattern} the cache layer loads on a miss, which code here cannot be (your code runs as the application); ${follows}`;
    if (!isOurs)
      return `Plain cache-aside's read path, not ours: under early-refresh ours draws from the run's seeded coin on each hit (XFetch), which code here cannot do; ${follows}`;
    return `Our read path ${mitigationWords(readMitigation)}, as the read mitigation setting chooses: ${follows}`;
  }
  if (!isOurs)
    return `Cache-aside's ${writePolicy} write path, not ours: under ${pattern} the cache layer writes, which code here cannot be (your code runs as the application); ${follows}`;
  if (settings.invalidation === 'cdc' && pattern !== 'write-through' && pattern !== 'write-behind')
    return `Our write path when the change log invalidates: it only UPDATEs, as the invalidation source setting chooses; ${follows}`;
  const mitigation = pattern === 'cache-aside' ? ` ${mitigationWords(readMitigation)}` : '';
  return `Our ${writePolicy} write path${mitigation}, as the write policy${mitigation === '' ? '' : ' and read mitigation'} settings choose: ${follows}`;
}

/** One path's editor: CodeMirror once it has loaded, a plain text area until then. */
function PathEditor({ path }: { path: LearnerPath }) {
  const api = useLearnerApi();
  const drafts = useLearner(selectDrafts);
  const errors = useLearner(selectErrors);
  const running = useLearner(selectRunning);
  const config = useSandbox(selectConfig);
  // The caret and focus pass from the plain text area to CodeMirror when it has loaded.
  const handoff = useRef<EditorHandoff | null>(null);
  const setAside = useLearner(selectSetAside);
  const setAsideBy = useLearner(selectSetAsideBy);
  const error = errors[path];
  const label = `${PATH_TITLES[path]} (JavaScript)`;
  const starter = starterOf(path, config);
  const ours = starter.source;
  const setDraft = (source: string) => api?.getState().setDraft(path, source);
  const status =
    running[path] === null
      ? 'not running: the sandbox runs ours'
      : running[path] === drafts[path]
        ? 'running in the sandbox'
        : 'edited since it ran: the sandbox runs the version before your edits';
  return (
    <div className="learner-path" data-testid={`learner.${path}`}>
      <h3>
        {PATH_TITLES[path]} <span className="learner-status">({status})</span>
      </h3>
      <p className="learner-path-actions">
        <button
          type="button"
          disabled={drafts[path] === ours}
          title={drafts[path] === ours ? 'The editor holds ours already' : undefined}
          onClick={() => api?.getState().startFromOurs(path)}
        >
          Start from ours<span className="visually-hidden"> ({path} path)</span>
        </button>
        {setAside[path] !== null && (
          <button type="button" onClick={() => api?.getState().bringMineBack(path)}>
            {setAsideBy[path] === 'link' ? 'Put my code back' : 'Undo Start from ours'}
            <span className="visually-hidden"> ({path} path)</span>
          </button>
        )}
        <span role="status" className="learner-set-aside">
          {setAside[path] !== null &&
            'The code this editor held is set aside until you edit this editor.'}
        </span>
      </p>
      {drafts[path] === ours && (
        <p className="learner-starter" data-testid={`learner.${path}.starter`}>
          {starterNote(path, config, starter.isOurs)}
        </p>
      )}
      {/* The plain editor hands focus and caret to CodeMirror itself (editorHandoff.ts). */}
      <div data-focus-own="">
        <Suspense
          fallback={
            <PlainCodeEditor
              value={drafts[path]}
              onChange={setDraft}
              label={label}
              handoff={handoff}
            />
          }
        >
          <CodeEditor
            value={drafts[path]}
            onChange={setDraft}
            label={label}
            focusLine={error?.line ?? null}
            handoff={handoff}
          />
        </Suspense>
      </div>
      {/* Not a live region: Run's notice announces the error, naming the path (one alert). */}
      {error && (
        <p className="learner-error" data-testid={`learner.${path}.error`}>
          {error.line === null ? '' : `Line ${error.line}: `}
          {error.error}
        </p>
      )}
    </div>
  );
}

/** The challenges: check the current draft over every interleaving, load a counterexample. */
export function Challenges() {
  const api = useLearnerApi();
  const verdicts = useLearner(selectVerdicts);
  const checkedSources = useLearner(selectCheckedSources);
  const drafts = useLearner(selectDrafts);
  const checkButtons = useRef<Record<string, HTMLButtonElement | null>>({});
  return (
    <section className="learner-challenges" aria-label="Challenges">
      <h3>Challenges</h3>
      <ol>
        {CHALLENGES.map((c) => {
          const verdict = verdicts[c.id];
          return (
            <li key={c.id} data-testid={`challenge.${c.id}`}>
              <strong>{c.title}</strong>
              <p className="challenge-check">
                Edit your {c.path} path. {c.check}
              </p>
              <button
                type="button"
                ref={(button) => {
                  checkButtons.current[c.id] = button;
                }}
                disabled={verdict === 'checking'}
                onClick={() => void api?.getState().check(c.id)}
              >
                Check “{c.title}”
              </button>
              {/* Next in the tab order after Check, which is disabled while it checks. */}
              {verdict === 'checking' && (
                <button
                  type="button"
                  onClick={() => {
                    api?.getState().cancelCheck(c.id);
                    // The Cancel button goes: the keyboard is left on the Check it stopped.
                    checkButtons.current[c.id]?.focus();
                  }}
                >
                  Cancel<span className="visually-hidden"> the check of “{c.title}”</span>
                </button>
              )}
              {/* One region for the check, there before it, empty until Check is pressed:
                  "Checking every interleaving…", then the verdict, each said as it comes (until
                  2026-12-06 each arrived as a status already holding its text, and a screen
                  reader said neither). */}
              <div role="status" data-testid={`challenge.${c.id}.said`}>
                {verdict === 'checking' && <p>Checking every interleaving…</p>}
                {verdict === 'cancelled' && (
                  <p data-testid={`challenge.${c.id}.verdict`}>{CANCELLED_VERDICT.message}</p>
                )}
                {typeof verdict === 'object' && (
                  <div
                    className={verdict.passed ? 'challenge-pass' : 'challenge-fail'}
                    data-testid={`challenge.${c.id}.verdict`}
                  >
                    <p>
                      {verdict.passed ? 'Pass. ' : 'Not yet. '}
                      {verdict.message}
                    </p>
                    {/* A verdict is the code's as checked: after an edit, "Pass." stood beside
                        code nothing had checked. */}
                    {checkedSources[c.id] !== drafts[c.path] && (
                      <p data-testid={`challenge.${c.id}.edited`}>
                        Your {c.path} path has been edited since this check, which judged it as it
                        was then: press Check again to judge it as it is now.
                      </p>
                    )}
                    {verdict.counterexample && (
                      <>
                        <p>
                          Counterexample, one actor per step:{' '}
                          <code data-testid={`challenge.${c.id}.schedule`}>
                            {verdict.counterexample.schedule.join(' ')}
                          </code>
                        </p>
                        <button
                          type="button"
                          onClick={() => void api?.getState().loadCounterexample(c.id)}
                        >
                          Load this interleaving into the sandbox
                        </button>
                      </>
                    )}
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * "Your own code": the learner edits the read and write paths in the step-by-step form the engine
 * runs, and Run swaps them into the sandbox. The code runs in QuickJS (WebAssembly), never in the
 * page: each step crosses as data.
 */
export function LearnerCode() {
  const api = useLearnerApi();
  const sandbox = useSandboxApi();
  const isFromLink = useLearner(selectIsFromLink);
  const hasSteps = useSandbox(selectHasSteps);
  const isBusy = useLearner(selectIsBusy);
  const drafts = useLearner(selectDrafts);
  // The link is shown only while the editors hold the code it carries: an edit replaces `drafts`.
  const [shared, setShared] = useState<{ url: string; drafts: typeof drafts } | null>(null);
  const link = shared?.drafts === drafts ? shared.url : null;
  if (!api) return null;
  const share = async () => {
    const made = await codeLinkHash(drafts);
    if ('error' in made) {
      setShared(null);
      sandbox.getState().notify(made.error, 'error', 'code');
      return;
    }
    const url = addressWith(window.location.search, made.hash);
    window.history.replaceState(window.history.state, '', url);
    setShared({ url, drafts });
  };
  const run = async () => {
    const error = await api.getState().run();
    // The later Run (or Reset to ours) says what runs: this one has nothing true left to say.
    if (error === REPLACED_RUN) return;
    // The path whose compile failed holds this very error (the other may keep an older one).
    const failed = api.getState().errors.write === error ? 'write' : 'read';
    sandbox
      .getState()
      .notify(
        error
          ? `Your ${failed} path does not run: ${error.line === null ? '' : `line ${error.line}: `}${error.error}`
          : 'Your read and write paths now run in the sandbox.',
        error ? 'error' : 'info',
        'code',
      );
  };
  const reset = async () => {
    await api.getState().resetPrograms();
    sandbox
      .getState()
      .notify(
        'Our programs run in the sandbox again. Your code stays in the editors, not running: Run my version runs it again.',
        'info',
        'code',
      );
  };
  return (
    <section className="learner-code" aria-label="Your own code">
      <p className="learner-help">
        Each <code>yield</code> is one step: <code>redis(...argv)</code>,{' '}
        <code>selectUser(id)</code>, <code>updateUser(id, changes)</code> or <code>sleep(ms)</code>.
        Your code runs in a separate JavaScript engine (QuickJS, WebAssembly) with no access to this
        page, the network or storage.
      </p>
      <p className="learner-help" data-testid="learner.keys">
        {EDITOR_KEYS}
      </p>
      {isFromLink && (
        <p className="learner-link-note" role="note">
          {/* "In the sandbox": a Check runs it apart from the sandbox, and this stays true. */}
          This code came in a link. It has not run in the sandbox: read it, then press Run my
          version.
          {hasSteps &&
            // The link's steps were replayed at once (as a link without code has them), but code
            // from a link runs only on Run: the state shown is what ours did, not the sender's.
            ' The steps shown ran with our built-in programs, not this code, so the cache and database may not be what the sender saw. Run my version replays them with this code.'}
        </p>
      )}
      <div className="learner-editors">
        <PathEditor path="read" />
        <PathEditor path="write" />
      </div>
      <div className="learner-actions">
        <button type="button" disabled={isBusy} onClick={() => void run()}>
          Run my version
        </button>
        <button type="button" disabled={isBusy} onClick={() => void reset()}>
          Reset to ours
        </button>
        <button type="button" onClick={() => void share()}>
          Share my code as a link
        </button>
      </div>
      {link && (
        <label className="learner-share">
          Link to your code (in the address bar too)
          <input type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
        </label>
      )}
      <Challenges />
    </section>
  );
}
