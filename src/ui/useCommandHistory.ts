import { useRef, type KeyboardEvent } from 'react';

/** Most lines a console remembers (redis-cli keeps more, but a lesson never needs them). */
const HISTORY_LIMIT = 200;

export interface CommandHistory {
  /**
   * Records a sent line (a repeat of the newest is kept once, as a shell does). Whatever was
   * sent is kept, a line of no-break spaces too: the console decides what is blank.
   */
  remember(line: string): void;
  /** ArrowUp / ArrowDown on the console input: recalls older / newer lines. */
  onKeyDown(e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void;
}

/**
 * Shell-like history for a console input: ArrowUp recalls older lines, ArrowDown newer ones and
 * finally the line being typed before the recall began. History is the learner's typing, not the
 * run: Back and Reset do not forget it, as a shell's history outlives what its commands did.
 */
export function useCommandHistory(
  line: string,
  setLine: (line: string) => void,
  kept: string[] = [],
): CommandHistory {
  // `kept`: the lines to walk and add to, which outlive the console's panel (kept by `keptValue`).
  const lines = useRef<string[]>(kept);
  // Where the recall is: lines.length means "the draft", not a history line.
  const position = useRef(kept.length);
  const draft = useRef('');

  return {
    remember(sent) {
      const list = lines.current;
      if (sent !== '' && list.at(-1) !== sent) list.push(sent);
      if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT);
      position.current = list.length;
      draft.current = '';
    },
    onKeyDown(e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      const list = lines.current;
      // The arrows belong to the console here: no caret jump, no page shortcut.
      e.preventDefault();
      e.stopPropagation();
      if (position.current > list.length) position.current = list.length;
      if (position.current === list.length) draft.current = line;
      const next =
        e.key === 'ArrowUp'
          ? Math.max(0, position.current - 1)
          : Math.min(list.length, position.current + 1);
      if (next === position.current) return;
      position.current = next;
      setLine(next === list.length ? draft.current : list[next]);
    },
  };
}
