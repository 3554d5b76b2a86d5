import { useMemo, useState } from 'react';
import { formatBytes, utf8Length } from './format';
import { shownValueText, shownValue } from '../store/shown';
import { useOverflows } from './useOverflows';

/** Values longer than this show their start, their size, and a button to show all of it. */
export const VALUE_PREVIEW_CHARS = 2000;

/**
 * A cached value: pretty JSON when short; when long, its first characters with its size and a
 * way to see the rest, so a 1 MB value costs the page no more than a short one until asked.
 */
export function ValueView({ value, name }: { value: string; name: string }) {
  const [isExpanded, setExpanded] = useState(false);
  const isLong = value.length > VALUE_PREVIEW_CHARS;
  const bytes = useMemo(() => (isLong ? utf8Length(value) : 0), [isLong, value]);
  // Every key re-renders when the clock moves its TTL; its value is parsed again only if it changed.
  // A NUL, a direction override or a soft hyphen of the value is written as an escape (`shownValue`).
  const shown = useMemo(
    () =>
      isLong
        ? shownValueText(isExpanded ? value : `${value.slice(0, VALUE_PREVIEW_CHARS)}…`)
        : shownValue(value),
    [isLong, isExpanded, value],
  );
  // The box stops at 140 px (a row's value passes it on a phone, where its email wraps): while it
  // scrolls, it is a named Tab stop, so the keyboard reaches the fields below its edge.
  const [box, scrolls] = useOverflows<HTMLPreElement>('y', shown);
  const text = (
    <pre
      className="key-value"
      ref={box}
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? `Value of ${name}` : undefined}
    >
      {shown}
    </pre>
  );
  if (!isLong) return text;
  return (
    <>
      {text}
      <p className="value-size">
        <span data-testid={`redis.size.${name}`}>
          {formatBytes(bytes)} ({bytes.toLocaleString('en-US')} bytes)
          {!isExpanded && `, first ${VALUE_PREVIEW_CHARS.toLocaleString('en-US')} characters shown`}
        </span>{' '}
        <button type="button" className="link-button" onClick={() => setExpanded(!isExpanded)}>
          {isExpanded ? `Show less of ${name}` : `Show all of ${name}`}
        </button>
      </p>
    </>
  );
}
