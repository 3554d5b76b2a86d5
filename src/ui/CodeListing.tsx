import { useEffect, useRef } from 'react';
import { shownCodeLine } from '../store/shown';
import type { ProgramListing } from './programSources';

interface Props {
  title: string;
  listing: ProgramListing;
  /** Each busy actor and the label of its next step. */
  marks: { actor: string; label: string }[];
  /** Label of the step that just ran in this program. */
  lastLabel: string | null;
}

/** One program's source with the current line of each actor highlighted. */
export function CodeListing({ title, listing, marks, lastLabel }: Props) {
  const byLine = new Map<number, string[]>();
  for (const m of marks) {
    const line = listing.lineOfLabel(m.label);
    if (line !== null) byLine.set(line, [...(byLine.get(line) ?? []), m.actor]);
  }
  const lastLine = lastLabel === null ? null : listing.lineOfLabel(lastLabel);
  const firstMarked = Math.min(...byLine.keys());
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Keep the marked line visible inside the listing, without scrolling the page.
    const box = scroller.current;
    const line = box?.querySelector<HTMLElement>('.current');
    if (!box || !line) return;
    const top = line.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - line.offsetHeight)
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }, [firstMarked]);
  return (
    <figure className="code-listing">
      <figcaption>{title}</figcaption>
      <div className="code-scroll" ref={scroller} tabIndex={0} aria-label={title}>
        <pre>
          {listing.lines.map(({ number, text }) => {
            const actors = byLine.get(number);
            const cls = [actors ? 'current' : '', number === lastLine ? 'last-run' : '']
              .join(' ')
              .trim();
            return (
              <div key={number} className={`code-line ${cls}`} data-line={number}>
                <span className="line-no" aria-hidden="true">
                  {number}
                </span>
                <span className="line-marks">{actors ? actors.join(',') : ''}</span>
                <code>{shownCodeLine(text) || ' '}</code>
              </div>
            );
          })}
        </pre>
      </div>
    </figure>
  );
}
