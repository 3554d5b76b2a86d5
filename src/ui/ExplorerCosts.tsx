import type { SettingCost } from '../store/explorerState';
import { exploredUnderShort } from './explorerSettings';
import { fmt, ORDER, OUTCOMES } from './explorerResultWords';

const fmtMean = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

const COSTS_CAPTION =
  'What each setting did with these requests (change the pattern, write policy, read mitigation or invalidation to add a row)';

/** What each setting the grid was explored under cost: a row per setting, by outcome. */
export function ExplorerCosts({ costs }: { costs: readonly SettingCost[] }) {
  // A row names its pattern once the table holds another than cache-aside (which it leaves out).
  const showsPattern = costs.some((c) => c.pattern !== 'cache-aside');
  return (
    <>
      {/* The caption is shown outside the sideways-scrolling box: a caption is as wide as its
        table, and at 400 px most of it was off the edge. The table keeps it as its caption
        (its name), hidden from sight; the paragraph is hidden from assistive tech instead,
        so it is read once. Labelled by the paragraph, the table answered getByLabel for
        the settings its caption names ("Pattern"). */}
      {costs.length > 0 && (
        <p className="explorer-costs-caption" aria-hidden="true">
          {COSTS_CAPTION}
        </p>
      )}
      {costs.length > 0 && (
        <div
          className="explorer-costs-scroll"
          tabIndex={0}
          role="region"
          aria-label="What each setting cost"
        >
          <table className="explorer-costs">
            <caption className="visually-hidden">{COSTS_CAPTION}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {showsPattern
                    ? 'Pattern / write policy / read mitigation'
                    : 'Write policy / read mitigation'}
                </th>
                <th scope="col">Run</th>
                {ORDER.map((o) => (
                  <th key={o} scope="col">
                    {OUTCOMES[o].label}
                  </th>
                ))}
                <th scope="col">DB reads (mean)</th>
                <th scope="col">Round trips (mean)</th>
              </tr>
            </thead>
            <tbody>
              {costs.map((c) => {
                const run = ORDER.reduce((n, o) => n + c.outcomes[o], 0);
                return (
                  <tr
                    key={`${c.pattern}/${c.settings.writePolicy}/${c.settings.readMitigation}/${c.settings.invalidation}/${c.version}`}
                  >
                    <th scope="row">
                      {showsPattern && c.pattern === 'cache-aside' ? 'cache-aside / ' : ''}
                      {exploredUnderShort(c.pattern, c.settings, c.yours)}
                      {c.isYours
                        ? costs.some((o) => o.isYours && o.version !== c.version)
                          ? ` (your version ${c.version})`
                          : ' (your version)'
                        : ''}
                    </th>
                    <td>{c.sampled ? `${fmt(run)} sampled` : fmt(run)}</td>
                    {ORDER.map((o) => (
                      <td key={o}>{fmt(c.outcomes[o])}</td>
                    ))}
                    <td>{fmtMean(c.dbReads)}</td>
                    <td>{fmtMean(c.roundTrips)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
