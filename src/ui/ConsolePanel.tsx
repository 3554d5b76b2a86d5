import {
  memo,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { pasteRefusal } from '../engine/consoleLimits';
import { keptValue, useKeptState } from '../widgets/useKeptState';
import { useSandbox, useSandboxApi } from './storeContext';
import { useCommandHistory } from './useCommandHistory';
import { MAX_SHOWN_LINES, hiddenLinesText, windowTranscript } from './consoleWindow';
import { shown as shownText } from '../store/shown';

/** Most lines a statement box shows before it scrolls. */
const MAX_PROMPT_ROWS = 8;

/** How long a console waits for a reply before a screen reader is told it is waiting. */
const SAY_WAIT_AFTER_MS = 1000;

interface ConsolePanelProps<E extends { id: number; input: string }> {
  title: string;
  className: string;
  /** Shown before each line, as the real client's prompt. */
  prompt: string;
  inputLabel: string;
  placeholder: string;
  buttonLabel: string;
  entries: readonly E[];
  renderOutput: (entry: E) => ReactNode;
  /** Characters an entry's reply draws, about (what the transcript's window counts). */
  outputChars: (entry: E) => number;
  /** Most lines drawn (see `consoleWindow.ts`). */
  maxShownLines?: number;
  /** Sends a line; settles once its reply is in the transcript. */
  onRun: (line: string) => Promise<unknown>;
  /** Said while a line sent here waits for its reply ("Running…"). */
  pendingText: string;
  /**
   * A line the console itself answers by clearing the transcript from view (redis-cli's
   * `clear`): nothing is sent and the run is unchanged.
   */
  isClearLine?: (line: string) => boolean;
  /**
   * A line the console sends nothing for, as its real client finds no word in it; by default
   * one that JavaScript's `trim` empties. redis-cli counts C's blanks only (a no-break space is
   * a word it sends).
   */
  isBlankLine?: (line: string) => boolean;
  /**
   * The transcript once every line sent before now is answered: a clear typed or pasted behind
   * lines still waiting for their replies clears those too, as at a terminal.
   */
  entriesOnceAnswered?: () => Promise<readonly E[]>;
  /**
   * What a line break pasted or typed does, since a one-line input joins pasted lines with
   * spaces. `lines`: each line a break ends is sent, in order, as typed at a terminal's prompt,
   * and what follows the last break stays at the prompt (redis-cli). `statement`: the prompt is a
   * box of several lines holding one statement with its breaks (Shift+Enter breaks a line, Enter
   * sends it all), as the sqlite3 shell reads a statement over several lines; joined, a
   * `-- comment` took the lines after it (`SET plan = 'team' -- upgrade` above `WHERE id = 5`
   * changed every row), and a line recalled with its breaks lost them at the first edit.
   */
  pastedBreaks: 'lines' | 'statement';
}

/**
 * A console: the transcript of what was typed with each reply, and a prompt with history
 * (ArrowUp/ArrowDown). The Redis and SQL consoles differ only in what they run and show.
 */
export function ConsolePanel<E extends { id: number; input: string }>({
  title,
  className,
  prompt,
  inputLabel,
  placeholder,
  buttonLabel,
  entries,
  renderOutput,
  outputChars,
  maxShownLines = MAX_SHOWN_LINES,
  onRun,
  pendingText,
  isClearLine,
  isBlankLine = (line) => line.trim() === '',
  entriesOnceAnswered,
  pastedBreaks,
}: ConsolePanelProps<E>) {
  const isReady = useSandbox((s) => s.status === 'ready');
  // What the console keeps while the page shows the lab (its panels are unmounted there): the
  // line being typed, the lines ArrowUp recalls, and the last `clear`.
  const store = useSandboxApi();
  const [line, setLine] = useKeptState(store, `console ${title}: line`, '');
  // Lines sent and not yet answered: the reply can take a moment (a line waits for the one
  // before it, and SQL is first tried on a copy), and the console says so meanwhile.
  const [pending, setPending] = useState(0);
  // The same count, read where a state would be a render behind (lines pasted together).
  const unanswered = useRef(0);
  // Whether the wait has lasted long enough to be said: a reply that comes at once is heard as
  // itself (until 2026-12-06 a screen reader said "Waiting for the reply…", or SQL's "Running…
  // (first on a copy ...)", before every reply, however quick).
  const isWaiting = pending > 0;
  const [isLongWait, setLongWait] = useState(false);
  useEffect(() => {
    if (!isWaiting) {
      setLongWait(false);
      return;
    }
    const timer = window.setTimeout(() => setLongWait(true), SAY_WAIT_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [isWaiting]);
  // A paste refused whole (too many lines): said under the prompt until the next input.
  const [refusal, setRefusal] = useState<string | null>(null);
  const history = useCommandHistory(
    line,
    setLine,
    keptValue(store, `console ${title}: history`, (): string[] => []),
  );
  const id = useId();
  const output = useRef<HTMLOListElement>(null);
  // The last entry a clear hid, and what was typed there: a rewound run that no longer has
  // that entry shows its whole transcript again. A clear waiting for replies is kept even when
  // the console is left before they come.
  const [cleared, setCleared] = useKeptState<{ id: number; input: string } | null>(
    store,
    `console ${title}: cleared`,
    null,
  );
  const isClearedShown =
    cleared !== null && entries.some((e) => e.id === cleared.id && e.input === cleared.input);
  // The same array while the entries and the clear are: the transcript below is drawn again only
  // when they change, not at each reply of a paste (see `Transcript`).
  // Only the newest lines are drawn (see `consoleWindow.ts`), after a clear as before it.
  const { shown, hidden } = useMemo(
    () =>
      windowTranscript(
        isClearedShown ? entries.filter((e) => e.id > cleared.id) : entries,
        (e) => e.input.length + outputChars(e),
        maxShownLines,
      ),
    [entries, isClearedShown, cleared, outputChars, maxShownLines],
  );
  // Worked out when the count changes, not at each reply of a paste (its "Running…" count
  // draws the panel again): grouping the numbers took 0.1 ms a reply.
  const hiddenText = useMemo(() => hiddenLinesText(hidden, maxShownLines), [hidden, maxShownLines]);
  useEffect(() => {
    const el = output.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries.length]);

  const send = (sent: string) => {
    setRefusal(null);
    if (isBlankLine(sent)) return;
    history.remember(sent);
    if (isClearLine?.(sent)) {
      const clearAfter = (shown: readonly E[]) => {
        const last = shown.at(-1);
        setCleared(last ? { id: last.id, input: last.input } : null);
      };
      if (unanswered.current > 0 && entriesOnceAnswered)
        void entriesOnceAnswered().then(clearAfter);
      else clearAfter(entries);
    } else {
      setPending((n) => n + 1);
      unanswered.current++;
      void onRun(sent).finally(() => {
        unanswered.current--;
        setPending((n) => n - 1);
      });
    }
  };

  const sendLine = () => {
    if (isBlankLine(line)) return;
    setLine('');
    send(line);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    sendLine();
  };

  // The prompt's own attributes, a one-line input's and a statement box's alike.
  const promptProps = {
    id: `${id}-line`,
    className: 'mono',
    'aria-label': inputLabel,
    placeholder,
    autoComplete: 'off',
    spellCheck: false,
    value: line,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setRefusal(null);
      setLine(e.target.value);
    },
    disabled: !isReady,
  };

  const keyDownInStatement = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      // A composition (an input method's Enter) is the learner's typing, not a send.
      if (e.nativeEvent.isComposing) return;
      e.preventDefault();
      sendLine();
      return;
    }
    // Inside a statement of several lines the arrows move between its lines, as in an editor;
    // from its first (last) line they recall older (newer) lines, as from a one-line prompt.
    const { selectionStart, selectionEnd, value } = e.currentTarget;
    if (e.key === 'ArrowUp' && value.slice(0, selectionStart).includes('\n')) return;
    if (e.key === 'ArrowDown' && value.indexOf('\n', selectionEnd) >= 0) return;
    history.onKeyDown(e);
  };

  const paste = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const input = e.currentTarget;
    const typed =
      line.slice(0, input.selectionStart ?? line.length) +
      text +
      line.slice(input.selectionEnd ?? line.length);
    const lines = typed.split(/\r\n|\r|\n/);
    // Refused whole, as a line too long is: nothing is sent and the prompt keeps what it had.
    const tooMuch = pasteRefusal(lines.length - 1, text.length);
    if (tooMuch !== null) {
      setRefusal(tooMuch);
      return;
    }
    const rest = lines.pop() ?? '';
    setLine(rest);
    // The console's one queue runs them in the order sent.
    for (const sent of lines) send(sent);
  };

  return (
    <section className={`panel console ${className}`} aria-label={title}>
      <h2>{title}</h2>
      {/* Not live: the lines the console stops drawing are not news; the new line is. */}
      {hidden > 0 && (
        <p className="muted console-not-shown" data-testid="console.not-shown">
          {hiddenText}
        </p>
      )}
      <ol className="console-output" ref={output} aria-label={`${title} output`} aria-live="polite">
        <Transcript entries={shown} prompt={prompt} renderOutput={renderOutput} />
      </ol>
      <form onSubmit={submit} className="console-form">
        <label htmlFor={`${id}-line`}>{prompt}</label>
        {pastedBreaks === 'statement' ? (
          <textarea
            {...promptProps}
            rows={Math.min(MAX_PROMPT_ROWS, line.split('\n').length)}
            onKeyDown={keyDownInStatement}
            aria-keyshortcuts="Enter Shift+Enter ArrowUp ArrowDown"
          />
        ) : (
          <input
            {...promptProps}
            type="text"
            onKeyDown={history.onKeyDown}
            onPaste={paste}
            aria-keyshortcuts="ArrowUp ArrowDown"
          />
        )}
        <button type="submit" disabled={!isReady}>
          {buttonLabel}
        </button>
      </form>
      {refusal !== null && (
        <p className="console-refusal" role="alert">
          {refusal}
        </p>
      )}
      {/* Shown at once, said only once the wait has lasted (below). */}
      <p className="console-pending">{isWaiting ? pendingText : ''}</p>
      {/* Polite, but not role="status": that role is the page's verdict, which scripts find by it. */}
      <p className="visually-hidden" aria-live="polite">
        {isWaiting && isLongWait ? pendingText : ''}
      </p>
    </section>
  );
}

interface TranscriptProps<E extends { id: number; input: string }> {
  entries: readonly E[];
  prompt: string;
  renderOutput: (entry: E) => ReactNode;
}

/**
 * The transcript's lines. Kept apart (memo) because the panel draws itself again at each reply
 * of a paste (its "Running…" count), and redrawing every line then made a paste's cost grow with
 * the transcript: four pastes of 1,000 lines took 1.1, 2.6, 5.0 and 8.1 s.
 */
const Transcript = memo(function Transcript<E extends { id: number; input: string }>({
  entries,
  prompt,
  renderOutput,
}: TranscriptProps<E>) {
  return entries.map((e) => (
    <li key={e.id}>
      <div className="console-input">
        <span aria-hidden="true">{prompt} </span>
        {shownText(e.input)}
      </div>
      {renderOutput(e)}
    </li>
  ));
}) as <E extends { id: number; input: string }>(props: TranscriptProps<E>) => ReactNode;
