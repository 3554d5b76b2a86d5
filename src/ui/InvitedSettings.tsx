import { useId } from 'react';
import { selectConfig, selectScenario } from '../store/selectors';
import { scenarioConfig, type SandboxConfig } from '../store/sandboxConfig';
import { useSandbox, useSandboxApi } from './storeContext';
import { useKeyboardChoice } from './useKeyboardChoice';
import { focusPage } from './useOpenScenario';

type InvitedField = 'writePolicy' | 'readMitigation' | 'pattern' | 'invalidation';

/** The settings a scenario may invite, with the names its narration and the settings use. */
const FIELDS: readonly (readonly [InvitedField, string])[] = [
  ['writePolicy', 'Write policy'],
  ['readMitigation', 'Read mitigation'],
  ['pattern', 'Pattern'],
  ['invalidation', 'Invalidation'],
];

/**
 * Presenter mode hides the settings, yet a scenario's narration invites a fix ("switch Read
 * mitigation to lease"): the settings it invites, each offering its own value and the invited
 * ones, so the room sees the fix tried without leaving the screen. Changing one replays the
 * presses under it, as the settings do.
 */
export function InvitedSettings() {
  const sc = useSandbox(selectScenario);
  const config = useSandbox(selectConfig);
  const isReady = useSandbox((s) => s.status === 'ready');
  const store = useSandboxApi();
  const id = useId();
  const { handlers, isByKey } = useKeyboardChoice();
  const variants = sc?.variants ?? [];
  if (!sc || variants.length === 0) return null;
  const fields = FIELDS.filter(([field]) => variants.some((v) => v.settings[field] !== undefined));
  // What the scenario's own script runs, as it opens.
  const own = scenarioConfig(sc, config);
  return (
    <div className="invited-settings" role="group" aria-label="Fixes to try here">
      {fields.map(([field, label]) => {
        const current = String(config[field]);
        const values = [
          own[field],
          ...variants.flatMap((v) => (v.settings[field] === undefined ? [] : [v.settings[field]])),
        ];
        const options = [...new Set([...values, current])];
        return (
          <span key={field} className="invited-setting">
            <label htmlFor={`${id}-${field}`}>{label}</label>
            <select
              id={`${id}-${field}`}
              value={current}
              disabled={!isReady}
              {...handlers}
              onChange={(e) => {
                const changed = store
                  .getState()
                  .configure({ [field]: e.target.value } as Partial<SandboxConfig>);
                // Picked from the list, focus goes back to the page, so Space, R or P work next
                // (a focused select keeps them; the clicker's → steps from it anyway). Chosen
                // with the arrows, focus stays, so the next arrow reaches the next fix.
                void (isByKey() ? changed : changed.then(focusPage));
              }}
            >
              {options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </span>
        );
      })}
    </div>
  );
}
