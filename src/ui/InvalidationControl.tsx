import { useId } from 'react';
import type { InvalidationSource } from '../engine/changeFeed';
import { sandboxChoices } from '../store/sandboxSchema';
import { selectConfig } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/** What each invalidation source means, as the select offers it. */
const TEXT: Record<InvalidationSource, string> = {
  app: 'app: the write path deletes the key',
  cdc: 'cdc: a consumer of the change log deletes it later',
};

/** Who deletes a written key: the application's write path, or the change-data-capture consumer. */
export function InvalidationControl() {
  const store = useSandboxApi();
  const invalidation = useSandbox((s) => selectConfig(s).invalidation);
  const isReady = useSandbox((s) => s.status === 'ready');
  const id = useId();
  return (
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
  );
}
