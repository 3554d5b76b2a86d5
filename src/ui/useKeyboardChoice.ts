import { useRef } from 'react';

/**
 * Tells a select's choice made with the keyboard (arrows, a letter) from one picked from its
 * list: a closed select changes its choice while a key is down. Spread `handlers` on the select
 * and ask `isByKey()` in its `onChange`: picked from the list, focus may go back to the page,
 * so the next shortcut works; made with the keyboard, it stays, so the next arrow browses on
 * (WCAG 3.2.2).
 */
export function useKeyboardChoice() {
  const isKeyDown = useRef(false);
  return {
    handlers: {
      onKeyDown: () => (isKeyDown.current = true),
      onKeyUp: () => (isKeyDown.current = false),
      onPointerDown: () => (isKeyDown.current = false),
      onBlur: () => (isKeyDown.current = false),
    },
    isByKey: () => isKeyDown.current,
  };
}
