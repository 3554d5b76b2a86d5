import { useEffect } from 'react';
import { useSandboxApi } from './storeContext';

/** Typing in a field or console must never step the simulation. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'button')
  );
}

/** ArrowRight steps, ArrowLeft goes back, Space plays or pauses, R resets. */
export function useKeyboardShortcuts(): void {
  const store = useSandboxApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const s = store.getState();
      if (s.status !== 'ready') return;
      // A focused button answers Space itself; let it.
      const onButton = e.target instanceof HTMLButtonElement;
      switch (e.key) {
        case 'ArrowRight':
          e.preventDefault();
          void s.step();
          break;
        case 'ArrowLeft':
          e.preventDefault();
          void s.back();
          break;
        case ' ':
          if (onButton) return;
          e.preventDefault();
          if (s.isPlaying) s.pause();
          else s.play();
          break;
        case 'r':
        case 'R':
          e.preventDefault();
          void s.reset();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
