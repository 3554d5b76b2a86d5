import { useEffect, useId, useState } from 'react';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { MAX_ACTORS, MIN_ACTORS } from '../store/sandboxConfig';
import { selectConfig } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/** Write policy, read mitigation, TTL and actor count; changing one replays the run under it. */
export function ConfigControls() {
  const store = useSandboxApi();
  const config = useSandbox(selectConfig);
  const isReady = useSandbox((s) => s.status === 'ready');
  const id = useId();
  const [ttl, setTtl] = useState(String(config.ttlSeconds));
  useEffect(() => {
    setTtl(String(config.ttlSeconds));
  }, [config.ttlSeconds]);
  const configure = store.getState().configure;

  const applyTtl = (): void => {
    const text = ttl.trim();
    if (text === String(config.ttlSeconds)) return;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    void configure({ ttlSeconds: n }).then((error) => {
      if (error !== null) setTtl(String(store.getState().config.ttlSeconds));
    });
  };

  return (
    <div className="config-controls" role="group" aria-label="Settings">
      <label htmlFor={`${id}-policy`}>Write policy</label>
      <select
        id={`${id}-policy`}
        value={config.writePolicy}
        disabled={!isReady}
        onChange={(e) => void configure({ writePolicy: e.target.value as (typeof WRITE_POLICIES)[number] })}
      >
        {WRITE_POLICIES.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <label htmlFor={`${id}-mitigation`}>Read mitigation</label>
      <select
        id={`${id}-mitigation`}
        value={config.readMitigation}
        disabled={!isReady}
        onChange={(e) =>
          void configure({ readMitigation: e.target.value as (typeof READ_MITIGATIONS)[number] })
        }
      >
        {READ_MITIGATIONS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      <label htmlFor={`${id}-ttl`}>TTL (s)</label>
      <input
        id={`${id}-ttl`}
        type="text"
        inputMode="numeric"
        size={6}
        value={ttl}
        disabled={!isReady}
        onChange={(e) => setTtl(e.target.value)}
        onBlur={applyTtl}
        onKeyDown={(e) => {
          if (e.key === 'Enter') applyTtl();
        }}
      />
      <label htmlFor={`${id}-actors`}>Actors</label>
      <select
        id={`${id}-actors`}
        value={config.actorCount}
        disabled={!isReady}
        onChange={(e) => void configure({ actorCount: Number(e.target.value) })}
      >
        {Array.from({ length: MAX_ACTORS - MIN_ACTORS + 1 }, (_, i) => MIN_ACTORS + i).map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
    </div>
  );
}
