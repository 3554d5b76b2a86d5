import { isResetUndoable } from '../store/sandboxStore';
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
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        // The live region is the message, inside the list item: a list item keeps its role.
        <li key={n.id} className={`notice notice-${n.tone}`}>
          <span role={n.tone === 'error' ? 'alert' : 'status'}>{n.text}</span>
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
  );
}
