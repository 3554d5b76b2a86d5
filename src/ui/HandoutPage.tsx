import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { loadSqlJsBrowser } from '../platform/sqlJsBrowser';
import {
  HANDOUT_HASH,
  handoutBackHref,
  parseHandoutQuery,
  playHandout,
  QUIZ_REFUSAL,
  type HandoutRequest,
  type HandoutRun,
} from '../store/handout';
import { AUTHORED_SUMMARY, selectOffScriptChanges } from '../store/scriptSelectors';
import { HandoutBeat, HandoutVerdict } from './HandoutBeat';
import { useQuiz } from './useQuiz';
import './handout.css';
import { errorMessage } from '../engine/errorMessage';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const readHash = (): string => window.location.hash;

/** The handout's query: the part of `#/handout?…` after the path. */
const queryOf = (hash: string): string => hash.slice(HANDOUT_HASH.length);

/** The page's notice, as the sandbox shows one (its classes and live region). */
function Notice({ text, tone }: { text: string; tone: 'error' | 'info' }) {
  return (
    <ul className="notices" aria-label="Notices">
      <li className={`notice notice-${tone}`}>
        <span role={tone === 'error' ? 'alert' : 'status'}>{text}</span>
      </li>
    </ul>
  );
}

/** Plays the run of a request once, and again whenever the address asks for another. */
function useHandoutRun(request: HandoutRequest): HandoutRun | null {
  const [played, setPlayed] = useState<{ for: HandoutRequest; run: HandoutRun } | null>(null);
  useEffect(() => {
    if (request.type !== 'handout') return;
    let isCurrent = true;
    loadSqlJsBrowser()
      .then((SQL) => playHandout(SQL, request.scenario, request.config))
      .catch((e: unknown) => ({
        type: 'failed' as const,
        failure: errorMessage(e),
      }))
      .then((run) => {
        if (isCurrent) setPlayed({ for: request, run });
      });
    return () => {
      isCurrent = false;
    };
  }, [request]);
  return played !== null && played.for === request ? played.run : null;
}

/**
 * A printable handout of a scenario (`#/handout?scenario=…` and the sandbox's settings): its run
 * played from the seed through the sandbox's own store, one block a beat with the narration, the
 * commands, the key and its row and the diagram as the sandbox shows them at that step, then the
 * verdict. The browser's Print (or Save as PDF) prints one beat a block.
 */
export default function HandoutPage() {
  const hash = useSyncExternalStore(subscribe, readHash);
  // Parsed once per address: the run below is played again only when the address changes.
  const [request, setRequest] = useState(() => parseHandoutQuery(queryOf(hash)));
  useEffect(() => {
    setRequest((old) => {
      const next = parseHandoutQuery(queryOf(hash));
      return JSON.stringify(next) === JSON.stringify(old) ? old : next;
    });
  }, [hash]);
  const isQuizOn = useQuiz((s) => s.isEnabled);
  const run = useHandoutRun(request);
  // Quiz mode on in the sandbox: the handout would answer its questions (quiz=1 in the address
  // is refused by parseHandoutQuery in the same words), and so would its title in the tab.
  const refusal = isQuizOn ? QUIZ_REFUSAL : request.type === 'refused' ? request.refusal : null;
  const title =
    refusal === null && request.type === 'handout'
      ? `Handout: ${request.scenario.title}`
      : 'Handout';
  useEffect(() => {
    document.title = `${title} · Cache-Aside Lab`;
  }, [title]);
  // Arriving by the sandbox's Handout link, whose control is gone: focus goes to the handout,
  // not the page's body, so the next Tab and a screen reader start there.
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body) main.current?.focus({ preventScroll: true });
  }, []);

  if (refusal !== null)
    return (
      <main className="handout" tabIndex={-1} aria-labelledby="handout-title" ref={main}>
        <h1 id="handout-title">Handout</h1>
        <Notice text={refusal} tone="error" />
        <p>
          <a href="#/">Back to the sandbox</a>
        </p>
      </main>
    );
  if (request.type !== 'handout') return null;
  const { scenario, query, problems } = request;
  const isOffScript =
    run?.type === 'played' &&
    run.beats.some((beat) => selectOffScriptChanges(beat.getState()).length > 0);
  const back = handoutBackHref(query, window.location.search);
  return (
    <main
      className="handout"
      ref={main}
      tabIndex={-1}
      aria-labelledby="handout-title"
      aria-busy={run === null}
    >
      <header className="handout-head">
        <h1 id="handout-title">{title}</h1>
        <p className="handout-summary">
          {isOffScript && AUTHORED_SUMMARY}
          {scenario.summary}
        </p>
        <p className="handout-settings" data-testid="handout.settings">
          {query === `?scenario=${scenario.id}`
            ? "Played under the scenario's own settings, from its seed."
            : `Played from its seed under the settings of the sandbox's link ${query}.`}
        </p>
        <div className="handout-actions no-print">
          <button type="button" onClick={() => window.print()} disabled={run?.type !== 'played'}>
            Print or save as PDF
          </button>
          <a href={back}>Back to the sandbox</a>
        </div>
      </header>
      {problems.length > 0 && (
        <Notice
          text={`Some handout settings were not used as given: ${problems.join('; ')}.`}
          tone="error"
        />
      )}
      {run === null ? (
        <p className="loading">Playing the scenario…</p>
      ) : run.type === 'failed' ? (
        <p role="alert" className="failure">
          The handout could not be played: {run.failure}
        </p>
      ) : (
        <>
          <ol className="handout-beats" aria-label="Beats">
            {run.beats.map((store, step) => (
              <HandoutBeat
                key={step}
                store={store}
                step={step}
                of={scenario.beats.length}
                query={query}
                cues={run.cues[step]}
              />
            ))}
          </ol>
          <HandoutVerdict store={run.beats[run.beats.length - 1]} />
        </>
      )}
    </main>
  );
}
