import { useId } from 'react';
import type { InvalidationSource } from '../engine/changeFeed';
import { sandboxChoices, sandboxRange } from '../store/sandboxSchema';
import { selectConfig } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';
import { NumberField } from './NumberField';

/** What each invalidation source means, as the select offers it. */
const TEXT: Record<InvalidationSource, string> = {
  app: 'app: the write path deletes the key',
  cdc: 'cdc: a consumer of the change log deletes it later',
};

/** Who deletes a written key: the application's write path, or the change-data-capture consumer. */
export function InvalidationControl() {
  const store = useSandboxApi();
  const config = useSandbox(selectConfig);
  const invalidation = config.invalidation;
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
              {TEXT[v]}
            </option>
          ))}
        </select>
      </span>
      {invalidation === 'cdc' && (
        <>
          <NumberField
            decimal
            id={`${id}-cdc-delay`}
            label="Consumer's lag (ms)"
            value={config.cdcDelayMs}
            range={sandboxRange('cdcDelayMs')}
            disabled={!isReady}
            onCommit={(cdcDelayMs) => configure({ cdcDelayMs })}
          />
          <NumberField
            decimal
            id={`${id}-cdc-reorder`}
            label="Held back (chance)"
            value={config.cdcReorder}
            range={sandboxRange('cdcReorder')}
            disabled={!isReady}
            onCommit={(cdcReorder) => configure({ cdcReorder })}
          />
          <NumberField
            decimal
            id={`${id}-cdc-loss`}
            label="Dropped (chance)"
            value={config.cdcLoss}
            range={sandboxRange('cdcLoss')}
            disabled={!isReady}
            onCommit={(cdcLoss) => configure({ cdcLoss })}
          />
        </>
      )}
    </>
  );
}
