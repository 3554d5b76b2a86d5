import { cloneElement, useId, useRef, useState, type ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { chartToPng, downloadBlob, LEGEND_SAMPLE_W, type LegendEntry } from './download';

interface Props {
  title: string;
  /** One sentence under the title: what to read off the chart. */
  caption?: string;
  /** File name of the PNG export, without extension. */
  fileName: string;
  legend: LegendEntry[];
  height?: number;
  /** The chart: it is given `title`, the <title> of its drawing (see below). */
  children: ReactElement<{ title?: string }>;
}

/**
 * A titled chart with its legend and its PNG export. The legend is the page's own list, not
 * recharts' <Legend>: that one measures itself with a forced layout on every redraw and keeps
 * its size in the chart's store, which every part of the chart re-selects from.
 */
export function ChartCard({ title, caption, fileName, legend, height = 206, children }: Props) {
  const figureRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);

  const exportPng = async (): Promise<void> => {
    const svg = figureRef.current?.querySelector<SVGSVGElement>(
      '.recharts-wrapper > svg.recharts-surface',
    );
    if (!svg || !svg.querySelector('.recharts-line-curve'))
      return setError('Nothing to export yet.');
    // Each chart redraws on its own schedule after a run: export what it will show, not before.
    if (figureRef.current?.closest('[aria-busy="true"]'))
      return setError('The chart is still drawing the latest data: export it in a moment.');
    try {
      setError(null);
      downloadBlob(await chartToPng(svg, title, legend), `${fileName}.png`);
    } catch (e) {
      setError(`PNG export failed: ${(e as Error).message}`);
    }
  };

  return (
    <figure className="lab-chart" ref={figureRef} aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <button
          type="button"
          onClick={() => void exportPng()}
          aria-label={`Export "${title}" as PNG`}
        >
          PNG
        </button>
      </figcaption>
      {caption && <p className="lab-chart-caption">{caption}</p>}
      {/* A chart with no line to draw (no hit rate) has no legend: not an empty list. */}
      {legend.length > 0 && (
        <ul className="lab-chart-legend" aria-label={`Lines of "${title}"`}>
          {legend.map((entry) => (
            <li key={entry.name}>
              <svg width={LEGEND_SAMPLE_W} height="8" aria-hidden="true" focusable="false">
                <line
                  x1="0"
                  y1="4"
                  x2={LEGEND_SAMPLE_W}
                  y2="4"
                  stroke={entry.color}
                  strokeWidth="2"
                  strokeDasharray={entry.dash}
                />
              </svg>
              {entry.name}
            </li>
          ))}
        </ul>
      )}
      <div className="lab-chart-body" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%" minWidth={0}>
          {/* recharts makes the drawing a Tab stop (role application, the arrow keys move its
              tooltip) named by its <title>, which is empty unless the chart is given one. */}
          {cloneElement(children, { title })}
        </ResponsiveContainer>
      </div>
      {error && (
        <p className="lab-error" role="alert">
          {error}
        </p>
      )}
    </figure>
  );
}
