import { useEffect, useRef } from 'react';
import { presenterStore } from '../store/presenter';
import { SHORTCUTS } from './shortcuts';
import { usePresenter } from './usePresenter';

/** The `?` dialog: every keyboard shortcut of the sandbox. Escape or Close shuts it. */
export function ShortcutsDialog() {
  const isOpen = usePresenter((s) => s.isShortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);
  return (
    <dialog
      ref={ref}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      // Escape's cancel comes at once, where the close event is queued after it: a key pressed
      // right after Escape (→ on a clicker) found the dialog still open and was swallowed.
      onCancel={() => presenterStore.getState().setShortcutsOpen(false)}
      onClose={() => presenterStore.getState().setShortcutsOpen(false)}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p>
        A presenter&apos;s clicker sends Page Down and Page Up: they step and go back like the
        arrows, whatever has focus, except a text field. While a text field or a list has focus,
        Space and the letter keys are its own (a list picks an option by its first letter).
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.does}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' or '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
