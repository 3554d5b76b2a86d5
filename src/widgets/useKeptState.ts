import { useCallback, useSyncExternalStore } from 'react';

/** One kept value, and the components showing it. */
interface Slot {
  value: unknown;
  readonly listeners: Set<() => void>;
}

// Per owner (a page's store), so each page (and each test's store) has fields of its own.
const kept = new WeakMap<object, Map<string, Slot>>();

function slotOf(owner: object, name: string, initial: () => unknown): Slot {
  let byName = kept.get(owner);
  if (!byName) kept.set(owner, (byName = new Map()));
  let slot = byName.get(name);
  if (!slot) byName.set(name, (slot = { value: initial(), listeners: new Set() }));
  return slot;
}

/**
 * A value that outlives the component using it, made once per owner and name: for what is kept by
 * changing it in place (a console's history), where `useKeptState` would redraw on each change.
 */
export function keptValue<T>(owner: object, name: string, create: () => T): T {
  return slotOf(owner, name, create).value as T;
}

/**
 * `useState` whose value outlives the component: the sandbox's panels are unmounted while the
 * page shows the lab, and the lab's while it shows the sandbox, and a learner coming back finds
 * a field as it was left (what was typed, taken or not; a console's line and its `clear`), as a
 * terminal left open in another tab would be. `owner` is the page's store; `name` the field's,
 * unique on its page. A setter called after its component is gone (a reply that came in while
 * the lab was shown) still sets the value, and the component showing it now redraws.
 */
export function useKeptState<T>(owner: object, name: string, initial: T): [T, (value: T) => void] {
  const slot = slotOf(owner, name, () => initial);
  const subscribe = useCallback(
    (onChange: () => void) => {
      slot.listeners.add(onChange);
      return () => slot.listeners.delete(onChange);
    },
    [slot],
  );
  const value = useSyncExternalStore(subscribe, () => slot.value as T);
  const set = useCallback(
    (next: T) => {
      slot.value = next;
      for (const onChange of slot.listeners) onChange();
    },
    [slot],
  );
  return [value, set];
}
