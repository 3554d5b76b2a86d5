import { useMemo } from 'react';
import type { Pattern } from '../engine/programs/patterns';
import { isCopyOfRow, rowDiff, type FieldDiff } from '../store/rowDiff';
import { selectComparedRows, type CachedRowPair } from '../store/comparedRows';
import { selectIsCacheUp, selectPattern, selectRowsTouched } from '../store/selectors';
import { FreshnessBadges, KeyTtl } from './KeyBadges';
import { useSandbox } from './storeContext';
import './difference.css';
import { shown, shownName } from '../store/shown';

/** Characters of a cached value that is not a copy of the row (a tombstone) shown. */
const PREVIEW_CHARS = 32;

/** One side's values of the fields that differ (the version has its own place). */
function DifferingFields({ diffs, side }: { diffs: FieldDiff[]; side: 'cached' | 'row' }) {
  const fields = diffs.filter((d) => d.field !== 'version');
  if (fields.length === 0) return null;
  return (
    <span className="compare-fields">
      {fields.map((d) => (
        <mark key={d.field} className={side === 'cached' ? 'diff-cached' : 'diff-row'}>
          {shown(d.field)} {shown(d[side])}
        </mark>
      ))}
    </span>
  );
}

/** A version, marked when the other side holds another one. */
function Version({
  version,
  side,
  isDifferent,
}: {
  version: number | null;
  side: 'cached' | 'row';
  isDifferent: boolean;
}) {
  if (version === null) return null;
  return isDifferent ? (
    <mark className={`compare-version ${side === 'cached' ? 'diff-cached' : 'diff-row'}`}>
      v{version}
    </mark>
  ) : (
    <span className="compare-version">v{version}</span>
  );
}

function ComparedRow({
  pair: { key, row, entry },
  isCacheUp,
  pattern,
}: {
  pair: CachedRowPair;
  isCacheUp: boolean;
  pattern: Pattern;
}) {
  // Entries and rows are shared by every snapshot that shows them unchanged: parsed once each.
  const { isCopy, diffs } = useMemo(() => {
    const isCopy = entry?.type === 'string' && isCopyOfRow(entry.value, row);
    return { isCopy, diffs: isCopy ? rowDiff(entry.value, row, pattern) : [] };
  }, [entry, row, pattern]);
  const isVersionDifferent = entry !== undefined && entry.version !== row.version;
  return (
    <li data-testid={`compare.${key}`}>
      <code className="key-name">{key}</code>
      <div className="compare-side" data-testid="compare.cached">
        <span className="compare-line">
          <span className="compare-label compare-label-redis">Redis</span>
          {!isCacheUp && <span className="badge badge-down">down</span>}
          {entry === undefined ? (
            <span className="muted">not cached</span>
          ) : (
            <>
              <Version version={entry.version} side="cached" isDifferent={isVersionDifferent} />
              <FreshnessBadges entry={entry} />
              <KeyTtl entry={entry} />
            </>
          )}
        </span>
        {entry !== undefined &&
          (isCopy ? (
            <DifferingFields diffs={diffs} side="cached" />
          ) : (
            <code className="compare-fields">
              {/* One line, as the Redis panel's preview writes a value. */}
              {entry.value.length > PREVIEW_CHARS
                ? `${shownName(entry.value.slice(0, PREVIEW_CHARS))}…`
                : shownName(entry.value)}
            </code>
          ))}
      </div>
      <div className="compare-side" data-testid="compare.row">
        <span className="compare-line">
          <span className="compare-label compare-label-sqlite">SQLite row</span>
          <Version version={row.version} side="row" isDifferent={isVersionDifferent} />
        </span>
        <DifferingFields diffs={diffs} side="row" />
      </div>
    </li>
  );
}

/**
 * Presenter mode's stand-in for the Redis and database panels it hides: each row the run is
 * about beside its cached copy (version, STALE or AHEAD, TTL on the virtual clock, the fields
 * that differ), from the same snapshot the panels draw.
 */
export function CacheVsDatabase() {
  const { pairs, inPlay } = useSandbox(selectComparedRows);
  const isCacheUp = useSandbox(selectIsCacheUp);
  const pattern = useSandbox(selectPattern);
  const rowsTouched = useSandbox(selectRowsTouched);
  const deletedCopies = useSandbox(
    (s) => s.snapshot?.cache.filter((e) => e.isRowDeleted === true).length ?? 0,
  );
  const more = inPlay - pairs.length;
  return (
    <section className="cache-vs-db" aria-label="Cache vs database" data-testid="presenter.compare">
      {pairs.length === 0 ? (
        <p className="compare-empty">
          {rowsTouched === 0
            ? 'Cache vs database: no row read or written yet.'
            : `Cache vs database: the rows read or written were deleted, so no row is left to compare with${
                deletedCopies > 0
                  ? `; Redis still holds ${deletedCopies === 1 ? 'a copy' : `${deletedCopies} copies`} of ${deletedCopies === 1 ? 'one' : 'them'} (STALE · row deleted).`
                  : '.'
              }`}
        </p>
      ) : (
        <>
          <ul>
            {pairs.map((p) => (
              <ComparedRow key={p.key} pair={p} isCacheUp={isCacheUp} pattern={pattern} />
            ))}
          </ul>
          {more > 0 && (
            <p className="compare-note">
              {more} more {more === 1 ? 'row' : 'rows'} in play (the newest touched are shown)
            </p>
          )}
        </>
      )}
    </section>
  );
}
