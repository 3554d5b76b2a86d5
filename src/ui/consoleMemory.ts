/**
 * What a console keeps while the page shows the lab: the sandbox's panels are unmounted there,
 * and a learner coming back finds each prompt as it was left (the line being typed, the lines
 * ArrowUp recalls, a `clear`), as a terminal left open in another tab would be.
 */
export interface ConsoleMemory {
  line: string;
  /** Sent lines, oldest first: the history ArrowUp walks (see `useCommandHistory`). */
  history: string[];
  /** The last entry a `clear` hid, and what was typed there. */
  cleared: { id: number; input: string } | null;
}

// Per store, so each page (and each test's store) has consoles of its own.
const memories = new WeakMap<object, Map<string, ConsoleMemory>>();

/** The memory of the console called `name` on the page of `owner` (its sandbox store). */
export function consoleMemory(owner: object, name: string): ConsoleMemory {
  let byName = memories.get(owner);
  if (!byName) memories.set(owner, (byName = new Map()));
  let memory = byName.get(name);
  if (!memory) byName.set(name, (memory = { line: '', history: [], cleared: null }));
  return memory;
}
