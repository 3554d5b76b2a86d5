import { useEffect, useState } from 'react';
import { isRestorable } from '../store/replaySettings';
import { isResetUndoable } from '../store/resetUndo';
import { keptValue } from '../widgets/useKeptState';
import { returnFocusTo } from '../widgets/useFocusHandoff';
import { shortcutResetOrigin } from './resetOrigin';
import { useSandbox, useSandboxApi } from './storeContext';

/** Messages about refused input or ignored link settings; nothing is lost when they appear. */
export function Notices() {
  const store = useSandboxApi();
  const notices = useSandbox((s) => s.notices);
  // A Reset's notice offers to put the run back while nothing has happened since.
  const undoFor = useSandbox((s) => (isResetUndoable(s) ? s.undoableReset!.noticeId : null));
  // A counterexample's notice offers the learner's own settings back while they differ.
  const canRestore = useSandbox(isRestorable);
  // Where that reset began, if the R key started it (see resetOrigin).
  const shortcutFrom = shortcutResetOrigin(store);
  // The notices said so far (see StatusText): a change of view (P) draws them anew, unsaid.
  const said = keptValue(store, 'notices: said', () => ({ upTo: -1 }));
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        // The live region is the message, inside the list item: a list item keeps its role.
        <li key={n.id} className={`notice notice-${n.tone}`}>
          {n.tone === 'error' ? (
            <span role="alert">{n.text}</span>
          ) : (
            <StatusText id={n.id} text={n.text} said={said} />
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
          {n.topic === 'replay' && canRestore && (
            <button
              type="button"
              // A refusal is told in a notice of its own (see restoreSettings).
              onClick={() =>
                void store
                  .getState()
                  .restoreSettings()
                  .catch(() => undefined)
              }
            >
              Restore my settings
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
  );
}

/** How long a notice's status region is in the page, empty, before its words come. */
const FILL_AFTER_MS = 100;

/**
 * A notice that is not an error: its status region comes first, empty, and its words a moment
 * later, so a screen reader says them (a status that arrives already holding its text is not read
 * by many: until 2026-12-06 "... makes no difference to this scenario's script" and the other
 * notices were shown and never heard). Said once: one said before a change of view (P) is drawn
 * with its words at once. An error is an alert, which browsers say as it arrives.
 */
function StatusText({ id, text, said }: { id: number; text: string; said: { upTo: number } }) {
  const [isFilled, setFilled] = useState(id <= said.upTo);
  useEffect(() => {
    if (isFilled) return;
    const timer = window.setTimeout(() => {
      said.upTo = Math.max(said.upTo, id);
      setFilled(true);
    }, FILL_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [isFilled, id, said]);
  // Until the words come, an unseen copy holds their place: the buttons beside them do not jump
  // 100 ms after they appear (a click aimed at Undo reset then met empty space), nor the page below.
  return (
    <span className="notice-text">
      <span role="status">{isFilled ? text : ''}</span>
      {!isFilled && (
        <span aria-hidden="true" className="notice-placeholder">
          {text}
        </span>
      )}
    </span>
  );
}
