import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { MAX_DRAWS_WITHOUT_NEW, type ExploredInterleaving } from '../engine/interleavingGrid';
import { basisLeftBy, hasLeftBasis, isYours } from '../store/exploreBasis';
import { explorerFor } from '../store/explorerStore';
import type { ExplorerStore, ExplorerStoreApi } from '../store/explorerState';
import './explorer.css';
import {
  doneSinceWords,
  exploredUnder,
  exploredWithYours,
  leftBasisWords,
} from './explorerSettings';
import {
  cellOutcomeWords,
  fmt,
  ORDER,
  OUTCOMES,
  ranWords,
  resultWords,
  unchangedRowsWords,
  unfilledRowsWords,
} from './explorerResultWords';
import { CountWords } from './CountWords';
import { ExplorerCosts } from './ExplorerCosts';
import { GridCells } from './ExplorerGridCells';
import { useSandbox, useSandboxApi } from './storeContext';
import { useKeptState } from '../widgets/useKeptState';
import { useDrawnInSteps } from './useDrawnInSteps';
import { shown as shownText } from '../store/shown';
import { exploreLimitSchema, MAX_EXPLORE_LIMIT } from '../store/apiArguments';
import { numberFromText } from '../schema/fields';

/** No result yet: one empty array, so the grid's drawing does not start again each render. */
const NO_CELLS: readonly ExploredInterleaving[] = [];

/** "Most to run" holding text a number field cannot read ("1e"): no value, yet not empty. */
const NOT_A_NUMBER = '\u0000not a number';
/** Most to run read from text as every whole-number field is (`numberFromText`): "1,000" is 1000. */
const LIMIT_FROM_TEXT = numberFromText(exploreLimitSchema);
/**
 * Why typed text is no limit when the schema says more than its range ("1.000" is 1 here, and a
 * thousand in some languages: refused, saying so), else null.
 */
function limitSaid(text: string): string | null {
  const issue = LIMIT_FROM_TEXT.safeParse(text).error?.issues[0];
  return issue?.code === 'custom' && issue.params?.isValueSaid === true ? issue.message : null;
}

function ScheduleLetters({ schedule }: { schedule: readonly string[] }) {
  return (
    <span className="explorer-schedule" role="img" aria-label={`schedule ${schedule.join(' ')}`}>
      {schedule.map((a, i) => (
        <span key={i} className={`explorer-letter actor-${a}`} aria-hidden="true">
          {a}
        </span>
      ))}
    </span>
  );
}

/** The interleaving explorer: what the queued requests could do, in every order. */
export function ExplorerPanel() {
  const sandbox = useSandboxApi();
  const explorer = explorerFor(sandbox);
  if (!explorer) return null;
  return <Explorer explorer={explorer} />;
}

function Explorer({ explorer }: { explorer: ExplorerStoreApi }) {
  const use = <T,>(selector: (s: ExplorerStore) => T): T => useStore(explorer, selector);
  const count = use((s) => s.count);
  const countStatus = use((s) => s.countStatus);
  const status = use((s) => s.status);
  const progress = use((s) => s.progress);
  const isStopped = use((s) => s.isStopped);
  const result = use((s) => s.result);
  const basis = use((s) => s.basis);
  const costs = use((s) => s.costs);
  const limit = use((s) => s.limit);
  const error = use((s) => s.error);
  const sandboxCursor = useSandbox((s) => s.cursor);
  const basisCursor = use((s) => s.basis?.cursor ?? null);
  // Strings: stable values for the selectors, recomputed when the timeline or cursor moves.
  // The sandbox has left the grid's requests: said with what it recorded took them away (a
  // Reset, a scenario opened, Back then another input), not guessed from the run now.
  const leftWords = useSandbox((s) =>
    basis !== null && hasLeftBasis(s, basis)
      ? leftBasisWords(basisLeftBy(s, basis), basis.scenarioId)
      : null,
  );
  const doneSince = useSandbox((s) =>
    basisCursor !== null && basisCursor < s.cursor
      ? doneSinceWords(s.timeline.slice(basisCursor, s.cursor))
      : '',
  );
  const [shown, setShown] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  /** "Most to run" as typed while it is not a limit the explorer takes (null: it is). */
  // Kept across a visit to the lab, as typed (a valid limit is the explorer store's own).
  const [limitText, setLimitText] = useKeptState<string | null>(
    explorer,
    'explorer.limitText',
    null,
  );
  /** Explore was clicked while Most to run held no limit: the run was refused, not run. */
  const [isRunRefused, setIsRunRefused] = useState(false);
  const gridRef = useRef<HTMLDivElement>(null);
  const detailRef = useRef<HTMLParagraphElement>(null);
  /**
   * While the pointer is over the grid, the details line under it never shrinks: at the page's
   * end a shorter line (a fresh cell's, after an altered entry's two lines) shortened the page,
   * the browser scrolled it down, and the cell moved from under the pointer between its press
   * and release, so the click loaded nothing. Read before the hovered cell's line is drawn.
   */
  const holdDetailHeight = () => {
    const line = detailRef.current;
    if (line) line.style.minHeight = `${line.getBoundingClientRect().height}px`;
  };
  const releaseDetailHeight = () => detailRef.current?.style.removeProperty('min-height');
  const limitRef = useRef<HTMLInputElement>(null);

  const explore = () => {
    // What is typed is what the person means to run: a run under the previous limit would
    // answer another question than the one asked, so it is refused in words, the field marked.
    if (limitText !== null) {
      setIsRunRefused(true);
      limitRef.current?.focus();
      return;
    }
    void explorer
      .getState()
      .explore()
      .catch(() => undefined);
  };

  const cells = result?.interleavings ?? NO_CELLS;
  // A grid of thousands is drawn a part at a time (see `useDrawnInSteps`).
  const { shown: cellsShown, isDrawing, drawUpTo } = useDrawnInSteps(cells);
  const drawn = cellsShown.length;
  // Read when a cell is clicked: a stable function, so no cell is drawn again for it.
  const cellsRef = useRef({ cells, cellsShown });
  cellsRef.current = { cells, cellsShown };
  const [load] = useState(() => (index: number) => {
    const { cells: now, cellsShown: onScreen } = cellsRef.current;
    // A cell of the grid before, not yet replaced by the new one's (a moment after it came):
    // loading the new grid's cell there would load another interleaving than the one clicked.
    if (onScreen[index] === now[index]) void explorer.getState().load(index);
  });
  /** A cell a key moved to before it was drawn: focused once it is. */
  const focusWhenDrawn = useRef<number | null>(null);
  const focusCell = (index: number) => {
    const next = Math.max(0, Math.min(cells.length - 1, index));
    setActive(next);
    const cell = gridRef.current?.querySelectorAll<HTMLButtonElement>('button')[next];
    if (cell) {
      focusWhenDrawn.current = null;
      cell.focus();
    } else {
      // Not drawn yet (End, or Down near the end of what is drawn): drawn now, with those before.
      focusWhenDrawn.current = next;
      drawUpTo(next + 1);
    }
  };
  useLayoutEffect(() => {
    const index = focusWhenDrawn.current;
    if (index === null || index >= drawn) return;
    focusWhenDrawn.current = null;
    gridRef.current?.querySelectorAll<HTMLButtonElement>('button')[index]?.focus();
  }, [drawn]);
  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const grid = gridRef.current;
    if (!grid) return;
    const columns = getComputedStyle(grid).gridTemplateColumns.split(' ').length || 1;
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + columns,
      ArrowUp: active - columns,
      Home: 0,
      End: cells.length - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    // The sandbox's own arrow keys (Step, Back) do not fire while moving in the grid.
    e.stopPropagation();
    focusCell(moves[e.key]);
  };

  const detail: ExploredInterleaving | undefined = shown === null ? undefined : cellsShown[shown];
  const yours = {
    read: basis?.sources.read !== undefined,
    write: basis?.sources.write !== undefined,
  };
  const unchangedWords = result ? unchangedRowsWords(result, yours.write) : null;
  const unfilledWords = result ? unfilledRowsWords(result, yours.read) : null;
  const isRunning = status === 'running';
  // Why it failed, its full stop left for the sentence: a grid left on screen is the one before
  // (a grid explored again for new programs failed, and the old one looked like theirs).
  const failedWords = shownText(String(error)).replace(/\.$/, '');
  return (
    <section className="panel explorer" aria-label="Interleaving explorer">
      <h2>Interleaving explorer</h2>
      {countStatus === 'none' ? (
        <p className="explorer-count">
          Nothing is queued. Start a read and a write (Start a request), then explore every order
          their steps can run in.
        </p>
      ) : countStatus === 'counting' || count === null ? (
        // The count replays the run in the worker: until the newest arrives, an older count
        // would be of other requests, and "nothing is queued" would be false. Counting runs
        // after every Step with requests queued: shown here, never announced.
        <p className="explorer-count" data-testid="explorer.count">
          {countStatus === 'failed'
            ? 'The interleavings of what is queued could not be counted; Explore runs them anyway.'
            : countStatus === 'counting'
              ? 'Counting the interleavings of what is queued…'
              : ''}
        </p>
      ) : (
        <p className="explorer-count" data-testid="explorer.count">
          <CountWords count={count} limit={limit} />
        </p>
      )}
      <div className="explorer-actions">
        <button
          type="button"
          data-handoff="explore"
          onClick={explore}
          disabled={countStatus === 'none' || isRunning}
        >
          Explore all interleavings
        </button>
        <label>
          Most to run{' '}
          <input
            ref={limitRef}
            type="number"
            min={1}
            max={MAX_EXPLORE_LIMIT}
            // The field keeps the text that is no number as typed: its value reads '' then.
            value={limitText === NOT_A_NUMBER ? '' : (limitText ?? limit)}
            aria-invalid={limitText !== null}
            aria-describedby={limitText !== null ? 'explorer-limit-error' : undefined}
            onChange={(e) => {
              // What is typed stays while it is typed (an empty field, 9999): only a whole number
              // from 1 to the maximum becomes the limit, and anything else says why.
              const text = e.target.value;
              const parsed = LIMIT_FROM_TEXT.safeParse(text);
              const isValid = text !== '' && parsed.success;
              // A number field holding text that is no number ("1e", "3-") reports '' as its
              // value: kept apart from an empty field, so the page does not call it empty.
              setLimitText(
                isValid ? null : text === '' && e.target.validity.badInput ? NOT_A_NUMBER : text,
              );
              setIsRunRefused(false);
              if (parsed.success && isValid) explorer.getState().setLimit(parsed.data);
            }}
          />
        </label>
      </div>
      {limitText !== null && (
        <p id="explorer-limit-error" className="explorer-limit-error" role="alert">
          {isRunRefused ? 'Not explored: ' : ''}Most to run{' '}
          {limitText !== '' && limitText !== NOT_A_NUMBER && limitSaid(limitText) !== null
            ? limitSaid(limitText)
            : `must be a whole number from 1 to ${fmt(MAX_EXPLORE_LIMIT)}${
                limitText === ''
                  ? ', and it is empty'
                  : limitText === NOT_A_NUMBER
                    ? ', and what it holds is not a number'
                    : `, got ${JSON.stringify(limitText)}`
              }`}
          .
        </p>
      )}
      {/* Progress changes with every interleaving run: shown, not announced. */}
      <p className="explorer-status" data-testid="explorer.progress">
        {isRunning
          ? `Exploring… ${progress ? `${fmt(progress.done)} run` : ''}`
          : status === 'failed'
            ? `The exploration failed: ${failedWords}${result ? '; the grid shown is the one explored before' : ''}.`
            : isStopped
              ? // Said on the page too: the grid left on screen is not the one asked for.
                `Stopped exploring${result ? '; the grid shown is the one explored before' : ''}.`
              : ''}
      </p>
      <p role="status" className="visually-hidden" data-testid="explorer.announcement">
        {isRunning
          ? 'Exploring the interleavings of what is queued.'
          : status === 'failed'
            ? `The exploration failed: ${failedWords}${result ? '; the grid shown before stays' : ''}.`
            : isStopped
              ? `Stopped exploring${result ? '; the grid shown before stays' : ''}.`
              : result
                ? resultWords(result, yours)
                : ''}
      </p>
      {isRunning && (
        <button type="button" data-handoff="explore" onClick={() => explorer.getState().stop()}>
          Stop exploring
        </button>
      )}
      {result && basis && (
        <>
          <p className="explorer-summary" data-testid="explorer.summary">
            {ranWords(result)}{' '}
            {isYours(basis.sources)
              ? `of ${exploredWithYours(
                  basis.pattern,
                  basis.settings,
                  {
                    read: basis.sources.read !== undefined,
                    write: basis.sources.write !== undefined,
                  },
                  basis.changeFeed,
                )}`
              : `under ${exploredUnder(basis.pattern, basis.settings, basis.changeFeed)}`}
            , programs:{' '}
            <strong data-testid="explorer.programs">
              {isYours(basis.sources) ? 'your version' : 'ours'}
            </strong>
            {leftWords !== null
              ? `, ${leftWords}`
              : basis.cursor < sandboxCursor
                ? `, ${doneSince}`
                : basis.cursor > sandboxCursor
                  ? ', explored further on than the sandbox is now (Back since)'
                  : ''}
            :
          </p>
          {result.isSampleShort && (
            <p className="explorer-summary" data-testid="explorer.sampleNote">
              Fewer than the {fmt(result.limit)} asked for: {fmt(MAX_DRAWS_WITHOUT_NEW)} draws in a
              row after the last new one found no interleaving not yet run, so there may be only
              these {fmt(cells.length)}.
            </p>
          )}
          {unchangedWords !== null && (
            <p className="explorer-summary" data-testid="explorer.unchangedRows">
              {unchangedWords}
            </p>
          )}
          {unfilledWords !== null && (
            <p className="explorer-summary" data-testid="explorer.unfilledRows">
              {unfilledWords}
            </p>
          )}
          <ul className="explorer-legend" aria-label="Outcomes">
            {ORDER.map((o) => (
              <li key={o} data-testid={`explorer.outcome.${o}`}>
                <span className={`explorer-swatch cell-${o}`} aria-hidden="true">
                  {OUTCOMES[o].glyph}
                </span>
                {OUTCOMES[o].label}: <strong>{fmt(result.outcomes[o])}</strong>
              </li>
            ))}
          </ul>
          <div
            ref={gridRef}
            className="explorer-grid"
            role="group"
            aria-label="Interleavings, shortest of each outcome first"
            onKeyDown={onGridKey}
            onMouseOver={holdDetailHeight}
            onMouseLeave={releaseDetailHeight}
            // The grid is being drawn, or a new one put in place of the one shown a part at a time.
            aria-busy={isDrawing}
          >
            <GridCells
              cells={cellsShown}
              active={active}
              load={load}
              setShown={setShown}
              setActive={setActive}
            />
          </div>
          <p
            ref={detailRef}
            className="explorer-detail"
            data-testid="explorer.detail"
            aria-live="polite"
          >
            {detail ? (
              <>
                <ScheduleLetters schedule={detail.schedule} /> {cellOutcomeWords(detail, yours)}
                {/* A learner's code fails with what it sent (`unknown command 'FOO\u202E'`). */}
                {detail.error === undefined ? '' : ` (${shownText(detail.error)})`}
                {detail.cacheProblem === undefined
                  ? ''
                  : ` (${shownText(detail.cacheProblem.replace(/\.$/, ''))})`}
                ; {detail.dbReads} database read{detail.dbReads === 1 ? '' : 's'},{' '}
                {detail.roundTrips} round trips. Click or press Enter to load it, then Step.
              </>
            ) : (
              'Hover over or focus a cell to see its schedule; click it to load it.'
            )}
          </p>
          <ExplorerCosts costs={costs} />
        </>
      )}
    </section>
  );
}
