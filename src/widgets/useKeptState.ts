import { useCallback, useState } from 'react';

// Per owner (a page's store), so each page (and each test's store) has fields of its own.
const kept = new WeakMap<object, Map<string, unknown>>();

/**
 * `useState` whose value outlives the component: the sandbox's panels are unmounted while the
 * page shows the lab, and the lab's while it shows the sandbox, and a learner coming back finds
 * a field as it was left (what was typed, taken or not), as the consoles keep their line
 * (consoleMemory.ts). `owner` is the page's store; `name` the field's, unique on its page.
 */
export function useKeptState<T>(owner: object, name: string, initial: T): [T, (value: T) => void] {
  let byName = kept.get(owner);
  if (!byName) kept.set(owner, (byName = new Map()));
  const memory = byName;
  const [value, setValue] = useState<T>(() =>
    memory.has(name) ? (memory.get(name) as T) : initial,
  );
  const set = useCallback(
    (next: T) => {
      memory.set(name, next);
      setValue(next);
    },
    [memory, name],
  );
  return [value, set];
}
