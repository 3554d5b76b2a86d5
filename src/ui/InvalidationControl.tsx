import { useId } from 'react';
import type { InvalidationSource } from '../engine/changeFeed';
import { appWriteEffect } from '../engine/programs/patterns';
import { controlLabelOf, sandboxChoices, sandboxRange } from '../store/sandboxSchema';
import { selectConfig, selectYourPaths } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';
import { NumberField } from './NumberField';

/** What each invalidation source means, as the select offers it: app's from the write policy. */
function optionText(source: InvalidationSource, appEffect: string): string {
  return source === 'app'
    ? `app: the write path ${appEffect}`
    : 'cdc: a consumer of the change log deletes it later';
}

/** The change log consumer's settings, shown under cdc. */
const CDC_FIELDS = ['cdcDelayMs', 'cdcReorder', 'cdcLoss'] as const;

/** Who deletes a written key: the application's write path, or the change-data-capture consumer. */
export function InvalidationControl() {
  const store = useSandboxApi();
  const config = useSandbox(selectConfig);
  const invalidation = config.invalidation;
  const yours = useSandbox(selectYourPaths);
  const appEffect = appWriteEffect(
    config.pattern,
    config.writePolicy,
    yours,
    config.doubleDeleteDelayMs,
  );
  const isReady = useSandbox((s) => s.status === 'ready');
  const id = useId();
  const configure = store.getState().configure;
  return (
    <>
      <span className="config-pair">
        <label htmlFor={`${id}-invalidation`}>Invalidation</label>
        <select
          id={`${id}-invalidation`}
          value={invalidation}
          disabled={!isReady}
          onChange={(e) =>
            void store.getState().configure({ invalidation: e.target.value as InvalidationSource })
          }
        >
          {sandboxChoices('invalidation').map((v) => (
            <option key={v} value={v}>
              {optionText(v, appEffect)}
            </option>
          ))}
        </select>
      </span>
      {invalidation === 'cdc' &&
        CDC_FIELDS.map((key) => (
          <NumberField
            key={key}
            decimal
            id={`${id}-${key}`}
            label={controlLabelOf(key)}
            value={config[key]}
            range={sandboxRange(key)}
            disabled={!isReady}
            onCommit={(value) => configure({ [key]: value })}
          />
        ))}
    </>
  );
}
