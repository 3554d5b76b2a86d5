import { useId } from 'react';
import type { Scenario } from '../scenarios/types';
import { selectConfig, selectScenario } from '../store/selectors';
import type { SandboxConfig } from '../store/sandboxConfig';
import { useSandbox, useSandboxApi } from './storeContext';
import { focusPage } from './useOpenScenario';

type InvitedField = 'writePolicy' | 'readMitigation' | 'pattern' | 'invalidation';

/** The settings a scenario may invite, with the names its narration and the settings use. */
const FIELDS: readonly (readonly [InvitedField, string])[] = [
  ['writePolicy', 'Write policy'],
  ['readMitigation', 'Read mitigation'],
  ['pattern', 'Pattern'],
  ['invalidation', 'Invalidation'],
];

/** The scenario's own value of a field (what its script runs). */
const ownValue = (sc: Scenario, field: InvitedField): string =>
  field === 'pattern'
    ? (sc.pattern ?? 'cache-aside')
    : field === 'invalidation'
      ? (sc.invalidation ?? 'app')
      : sc[field];

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
  const variants = sc?.variants ?? [];
  if (!sc || variants.length === 0) return null;
  const fields = FIELDS.filter(([field]) => variants.some((v) => v.settings[field] !== undefined));
  return (
    <div className="invited-settings" role="group" aria-label="Fixes to try here">
      {fields.map(([field, label]) => {
        const current = String(config[field]);
        const values = [
          ownValue(sc, field),
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
              onChange={(e) =>
                // Focus goes back to the page, so a clicker's next press steps.
                void store
                  .getState()
                  .configure({ [field]: e.target.value } as Partial<SandboxConfig>)
                  .then(focusPage)
              }
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
