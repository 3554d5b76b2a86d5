import { unseenEscaped } from '../engine/describe';
import { listedTexts } from '../schema/fields';
import { useLab, useLabApi } from './labContext';
import { requestsText } from './runNotice';
import { useScrollPaddingFor } from './useScrollPaddingFor';

function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating time left…';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `about ${s} s left`;
  return `about ${Math.floor(s / 60)} min ${s % 60} s left`;
}

/** The Stop button, which takes focus from a settings field Enter ran from (LabControls). */
export const STOP_SELECTOR = '[data-lab-stop]';

/** What a run says while it seeds a large database, before its first request. */
function seedingText({ seeded, total }: { seeded: number; total: number }): string {
  return `Seeding ${total.toLocaleString('en-US')} database rows before the first request: ${seeded.toLocaleString('en-US')} so far`;
}

/**
 * Run and Stop, the progress of the job in flight, and what the last action said. Run, Stop
 * and every button that starts a job are one `data-handoff` group: focus moves to Stop and
 * back (useFocusHandoff).
 */
export function RunBar() {
  const store = useLabApi();
  const progress = useLab((s) => s.progress);
  const notice = useLab((s) => s.notice);
  // Each control marks its own refusal; the notice lists the first few of its own refusals.
  const listed = listedTexts((notice?.refusals ?? []).map((r) => r.text));
  const isBusy = progress !== null;
  const bar = useScrollPaddingFor<HTMLElement>();
  return (
    <section className="lab-runbar" aria-label="Run" ref={bar}>
      <div className="lab-runbar-buttons">
        <button
          type="button"
          className="primary"
          data-handoff="run"
          disabled={isBusy}
          onClick={() => void store.getState().runRequested()}
        >
          Run
        </button>
        <button
          type="button"
          className="danger"
          data-handoff="run"
          data-lab-stop=""
          disabled={!isBusy || progress.isStopping}
          // Enter in a setting runs and hands focus here: its auto-repeat, if the key is held
          // half a second, pressed Stop at once. A repeat is no new press.
          onKeyDown={(e) => {
            if (e.repeat) e.preventDefault();
          }}
          onClick={() => store.getState().stopRequested()}
        >
          Stop
        </button>
      </div>
      <div className="lab-progress">
        {progress ? (
          <>
            <div className="lab-progress-label">
              <span>{progress.isStopping ? 'Stopping…' : progress.label}</span>
              <span>
                {progress.seeding
                  ? seedingText(progress.seeding)
                  : `${progress.done.toLocaleString('en-US')} of ${requestsText(progress.total)} · ${formatEta(progress.etaMs)}`}
              </span>
            </div>
            <progress aria-label="Run progress" max={1} value={progress.fraction} />
          </>
        ) : (
          <p className="lab-hint">
            Set the workload in the settings (faults at their end) and press Run.
          </p>
        )}
      </div>
      {/* A run of your code fails with what it sent (`unknown command 'FOO\u202E'`): escaped. */}
      <div className="lab-notice" role="status" aria-live="polite">
        {notice?.tone === 'info' && <p>{unseenEscaped(notice.text)}</p>}
      </div>
      {notice?.tone === 'error' && (
        <div className="lab-notice is-error" role="alert">
          <p>{unseenEscaped(notice.text)}</p>
          {listed.length > 0 && (
            <ul>
              {listed.map((text) => (
                <li key={text}>{unseenEscaped(text)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
