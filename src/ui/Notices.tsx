import { useEffect } from 'react';
import { isResetUndoable } from '../store/sandboxStore';
import { useKeptState } from '../widgets/useKeptState';
import { returnFocusTo } from '../widgets/useFocusHandoff';
import { shortcutResetOrigin } from './resetOrigin';
import { useSandbox, useSandboxApi } from './storeContext';

/** Messages about refused input or ignored link settings; nothing is lost when they appear. */
export function Notices() {
  const store = useSandboxApi();
  const notices = useSandbox((s) => s.notices);
  // A Reset's notice offers to put the run back while nothing has happened since.
  const undoFor = useSandbox((s) => (isResetUndoable(s) ? s.undoableReset!.noticeId : null));
  // Where that reset began, if the R key started it (see resetOrigin).
  const shortcutFrom = shortcutResetOrigin(store);
  // The newest notice that is not an error is said by a polite region there before it (a status
  // that arrives holding its text, as each notice's does, is not read by many screen readers:
  // until 2026-12-06 "... makes no difference to this scenario's script" and the other notices
  // were shown and never heard). Said once: the id said last outlives a change of view (P), and
  // a notice dismissed leaves the region empty, never saying an older one again. An error is an
  // alert, said as it arrives.
  const [saidId, setSaidId] = useKeptState(store, 'notices: said', -1);
  const newest = notices.findLast((n) => n.tone !== 'error');
  useEffect(() => {
    if (newest && newest.id > saidId) setSaidId(newest.id);
  }, [newest, saidId, setSaidId]);
  const said = notices.find((n) => n.id === saidId);
  const region = (
    // Not role="status": each notice keeps that role, by which scripts find it.
    <p className="visually-hidden" aria-live="polite" data-testid="notices.said">
      {/* Keyed: the same words in a newer notice (a refusal repeated) are said again. */}
      {said && <span key={said.id}>{said.text}</span>}
    </p>
  );
  if (notices.length === 0) return region;
  return (
    <>
      {region}
      <ul className="notices" aria-label="Notices">
        {notices.map((n) => (
          // The live region is the message, inside the list item: a list item keeps its role.
          // A status here is quiet (aria-live="off"): the region above says it.
          <li key={n.id} className={`notice notice-${n.tone}`}>
            {n.tone === 'error' ? (
              <span role="alert">{n.text}</span>
            ) : (
              <span role="status" aria-live="off">
                {n.text}
              </span>
            )}
            {n.id === undoFor && (
              <button
                type="button"
                // Once the notice goes, focus returns where the reset began: to Reset when it was
                // pressed, else to what had focus when R was pressed, or the page (useFocusHandoff).
                data-handoff={shortcutFrom === undefined ? 'reset' : undefined}
                ref={(el) => {
                  if (el && shortcutFrom !== undefined) returnFocusTo(el, shortcutFrom);
                }}
                // A failure is told in a notice of its own (see undoReset).
                onClick={() =>
                  void store
                    .getState()
                    .undoReset()
                    .catch(() => undefined)
                }
              >
                Undo reset
              </button>
            )}
            <button
              type="button"
              aria-label="Dismiss notice"
              onClick={() => store.getState().dismissNotice(n.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
