import { useId } from 'react';
import type { EvictionPolicy } from '../engine/cache';
import { LATENCY_MODELS, type LatencyModelName } from '../engine/latency';
import {
  CDC_POLICY_OFF,
  describePattern,
  PATTERN_INFO,
  settingPart,
  settingsInUse,
  UNBOUNDED_EVICTION_UNUSED,
  type Pattern,
} from '../engine/programs/patterns';
import type { SandboxScheduler } from '../store/sandboxConfig';
import { DEFAULT_SANDBOX_CONFIG, scriptActors } from '../store/sandboxConfig';
import {
  actorCountRange,
  controlLabelOf,
  sandboxChoices,
  sandboxRange,
} from '../store/sandboxSchema';
import { selectConfig, selectScenario, selectYourPaths } from '../store/selectors';
import { GlossaryTerm } from './GlossaryTerm';
import { useSandbox, useSandboxApi } from './storeContext';
import { NumberField } from './NumberField';
import { InvalidationControl } from './InvalidationControl';

/** What each scheduling choice means, as the select offers it. */
const SCHEDULING_OPTIONS: { value: SandboxScheduler; text: string }[] = [
  { value: 'manual', text: 'Manual: you pick who steps' },
  { value: 'timed', text: 'Timed: steps take their latency, actors overlap' },
];

/**
 * Write policy (with double-delete's delay), read mitigation, TTL, actor count, Redis' key limit with its eviction policy, and
 * the scheduling; changing one replays the run under it.
 */
export function ConfigControls() {
  const store = useSandboxApi();
  const config = useSandbox(selectConfig);
  const isReady = useSandbox((s) => s.status === 'ready');
  const id = useId();
  const configure = store.getState().configure;
  const actors = sandboxRange('actorCount');
  // A loaded scenario's script names its actors: fewer than that are shown, but not offered.
  const scenario = useSandbox(selectScenario);
  const fewestActors = actorCountRange(scenario).min;
  const actorsNeeded =
    scenario && fewestActors > actors.min
      ? `${fewestActors} or more: the script uses ${scriptActors(scenario).join(', ')}`
      : null;
  // The values and ranges the controls offer are the ones the schema accepts.
  const WRITE_POLICIES = sandboxChoices('writePolicy');
  const READ_MITIGATIONS = sandboxChoices('readMitigation');
  const EVICTION_POLICIES = sandboxChoices('eviction');
  const PATTERNS = sandboxChoices('pattern');
  const pattern = PATTERN_INFO[config.pattern];
  // Write policy and read mitigation are cache-aside's: a pattern that writes (or reads) its own
  // way disables them and says why, rather than ignoring them; so does cdc for the write policy.
  const inUse = settingsInUse(config.pattern, config.invalidation);
  // The learner's own paths, running in place of ours, leave the settings only ours act on idle.
  const yours = useSandbox(selectYourPaths);
  const policiesOff = settingPart('writePolicy', config, yours) === 'off';
  const mitigationPart = settingPart('readMitigation', config, yours);
  const mitigationOff = mitigationPart === 'off';
  const unused = [
    !pattern.usesPolicies && 'the write policy',
    !inUse.readMitigation && 'the read mitigation',
  ].filter(Boolean);
  // Under cdc the change log's consumer takes lease or versioned-fill; where the reads take none
  // (another pattern's, your own), single-flight or early-refresh change nothing (the CLI's "no
  // read mitigation").
  const isMitigationIdle = mitigationPart === 'idle';
  // An evicting policy chosen without a key limit evicts nothing: said, or 0 evictions look wrong.
  // Not for noeviction, the default, which an unbounded cache does anyway.
  const isEvictionUnused = config.maxKeys === 0 && config.eviction !== 'noeviction';
  const idleForYours = [
    inUse.writePolicy && policiesOff && 'the write policy',
    inUse.readMitigation && mitigationOff && 'the read mitigation',
  ].filter(Boolean);

  return (
    <div className="config-controls" role="group" aria-label="Settings">
      <label htmlFor={`${id}-pattern`}>Pattern</label>
      <select
        id={`${id}-pattern`}
        value={config.pattern}
        disabled={!isReady}
        aria-describedby={`${id}-pattern-info`}
        onChange={(e) => void configure({ pattern: e.target.value as Pattern })}
      >
        {PATTERNS.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <span id={`${id}-pattern-info`} className="config-note" data-testid="config.patternInfo">
        {config.pattern}:{' '}
        {describePattern(
          config.pattern,
          config.invalidation,
          config.writePolicy,
          yours,
          config.doubleDeleteDelayMs,
        )}
        .
        {unused.length > 0 &&
          ` It does not use ${unused.join(' or ')} (cache-aside's settings), so ${unused.length > 1 ? 'they are' : 'it is'} off.`}
        {pattern.usesPolicies &&
          !inUse.writePolicy &&
          ` Under cdc ${CDC_POLICY_OFF}, so the write policy is off.`}
        {isMitigationIdle &&
          ` Under cdc ${config.pattern === 'cache-aside' ? 'your read path takes' : `${config.pattern}'s reads take`} no read mitigation, and the change log's consumer sends a plain DEL for ${config.readMitigation} as for none: ${config.readMitigation} takes no part (only lease and versioned-fill change what it sends).`}
        {idleForYours.length > 0 &&
          ` Your code runs in place of ours, so ${idleForYours.join(' and ')} ${idleForYours.length > 1 ? 'are' : 'is'} off (Reset to ours turns ${idleForYours.length > 1 ? 'them' : 'it'} back on).`}
      </span>
      <label htmlFor={`${id}-policy`}>Write policy</label>
      <select
        id={`${id}-policy`}
        value={config.writePolicy}
        disabled={!isReady || policiesOff}
        aria-describedby={policiesOff ? `${id}-pattern-info` : undefined}
        onChange={(e) =>
          void configure({ writePolicy: e.target.value as (typeof WRITE_POLICIES)[number] })
        }
      >
        {WRITE_POLICIES.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      {!policiesOff && (
        <GlossaryTerm id={config.writePolicy} label={`What is ${config.writePolicy}?`}>
          ?
        </GlossaryTerm>
      )}
      {/* Only double-delete waits; your own write path gets it as ctx.doubleDeleteDelayMs. */}
      {config.writePolicy === 'double-delete' && inUse.writePolicy && (
        <NumberField
          decimal
          id={`${id}-double-delete-delay`}
          label="Double-delete delay (ms)"
          value={config.doubleDeleteDelayMs}
          range={sandboxRange('doubleDeleteDelayMs')}
          disabled={!isReady}
          onCommit={(doubleDeleteDelayMs) => configure({ doubleDeleteDelayMs })}
        />
      )}
      <label htmlFor={`${id}-mitigation`}>Read mitigation</label>
      <select
        id={`${id}-mitigation`}
        value={config.readMitigation}
        disabled={!isReady || mitigationOff}
        aria-describedby={mitigationOff || isMitigationIdle ? `${id}-pattern-info` : undefined}
        onChange={(e) =>
          void configure({ readMitigation: e.target.value as (typeof READ_MITIGATIONS)[number] })
        }
      >
        {READ_MITIGATIONS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      {config.readMitigation !== 'none' && !mitigationOff && (
        <GlossaryTerm id={config.readMitigation} label={`What is ${config.readMitigation}?`}>
          ?
        </GlossaryTerm>
      )}
      <InvalidationControl />
      <NumberField
        id={`${id}-ttl`}
        label="TTL (s)"
        value={config.ttlSeconds}
        range={sandboxRange('ttlSeconds')}
        disabled={!isReady}
        onCommit={(ttlSeconds) => configure({ ttlSeconds })}
      />
      <label htmlFor={`${id}-actors`}>Actors</label>
      <select
        id={`${id}-actors`}
        value={config.actorCount}
        disabled={!isReady}
        aria-describedby={actorsNeeded ? `${id}-actors-needed` : undefined}
        onChange={(e) => void configure({ actorCount: Number(e.target.value) })}
      >
        {Array.from({ length: actors.max - actors.min + 1 }, (_, i) => actors.min + i).map((n) => (
          <option key={n} disabled={n < fewestActors}>
            {n}
          </option>
        ))}
      </select>
      {actorsNeeded && (
        <span id={`${id}-actors-needed`} className="config-note" data-testid="config.actorsNeeded">
          ({actorsNeeded})
        </span>
      )}
      <NumberField
        id={`${id}-max-keys`}
        label="Max keys"
        value={config.maxKeys}
        range={sandboxRange('maxKeys')}
        disabled={!isReady}
        onCommit={(maxKeys) => configure({ maxKeys })}
      />
      <label htmlFor={`${id}-eviction`}>Eviction</label>
      <select
        id={`${id}-eviction`}
        value={config.eviction}
        disabled={!isReady}
        aria-describedby={isEvictionUnused ? `${id}-eviction-unused` : undefined}
        onChange={(e) => void configure({ eviction: e.target.value as EvictionPolicy })}
      >
        {EVICTION_POLICIES.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      {isEvictionUnused && (
        <span
          id={`${id}-eviction-unused`}
          className="config-note"
          data-testid="config.evictionUnused"
        >
          {UNBOUNDED_EVICTION_UNUSED}
        </span>
      )}
      {/* Kept together: its long option text would otherwise wrap away from its label. */}
      <span className="config-pair">
        <label htmlFor={`${id}-scheduler`}>Scheduling</label>
        <select
          id={`${id}-scheduler`}
          value={config.scheduler}
          disabled={!isReady}
          onChange={(e) => void configure({ scheduler: e.target.value as SandboxScheduler })}
        >
          {SCHEDULING_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      </span>
      {/* The CLI's and the lab's latency model; scenarios are written for `constant`. */}
      <label htmlFor={`${id}-latency`}>Latency model</label>
      <select
        id={`${id}-latency`}
        value={config.latencyModel}
        disabled={!isReady}
        onChange={(e) => void configure({ latencyModel: e.target.value as LatencyModelName })}
      >
        {LATENCY_MODELS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      {config.latencyModel === 'lognormal' && (
        <>
          <NumberField
            decimal
            id={`${id}-latency-tail`}
            label={controlLabelOf('latencyTail')}
            value={config.latencyTail}
            disabled={!isReady}
            onCommit={(latencyTail) => configure({ latencyTail })}
          />
          <NumberField
            decimal
            id={`${id}-stall-chance`}
            label={controlLabelOf('stallChance')}
            value={config.stallChance}
            disabled={!isReady}
            onCommit={(stallChance) => configure({ stallChance })}
          />
          <NumberField
            decimal
            id={`${id}-stall-ms`}
            label={controlLabelOf('stallMs')}
            value={config.stallMs}
            disabled={!isReady}
            onCommit={(stallMs) => configure({ stallMs })}
          />
        </>
      )}
      {/* Shown while they differ from the defaults: a scenario's slow database, or a challenge's
          counterexample replayed as its check ran it (a slow database, tokens counted on from
          10), so the page says what the run ran with, and they can be set back. In a scenario
          with a slow database of its own the field stays at 2 ms too: hidden there, the
          off-script note named a "Database read" the learner could not find to set back. */}
      {(config.dbLatency !== DEFAULT_SANDBOX_CONFIG.dbLatency ||
        scenario?.dbLatencyMs !== undefined) && (
        <NumberField
          decimal
          id={`${id}-db-latency`}
          label={controlLabelOf('dbLatency')}
          value={config.dbLatency}
          range={sandboxRange('dbLatency')}
          disabled={!isReady}
          onCommit={(dbLatency) => configure({ dbLatency })}
        />
      )}
      {config.tokensAfter !== DEFAULT_SANDBOX_CONFIG.tokensAfter && (
        <NumberField
          id={`${id}-tokens-after`}
          label={controlLabelOf('tokensAfter')}
          value={config.tokensAfter}
          range={sandboxRange('tokensAfter')}
          disabled={!isReady}
          onCommit={(tokensAfter) => configure({ tokensAfter })}
        />
      )}
    </div>
  );
}
