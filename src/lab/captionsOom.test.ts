import { describe, expect, it } from 'vitest';
import { CHARTS, MODEL_CAPTION } from './chartSpecs';

const caption = (id: string): string => CHARTS.find((c) => c.id === id)?.caption ?? '';

// The captions said the model "leaves out writes and eviction", not that it fills the cache at
// every miss, which a full cache under noeviction refuses; and the Cache errors/s line was named
// only as "a GET that failed, Redis being down", though a refused fill or DEL counts in it too.
describe('the charts’ captions say what the model and the Cache errors/s line leave out', () => {
  it('the model fills the cache at every miss: a refused fill is left out, as eviction is', () => {
    expect(MODEL_CAPTION).toContain(
      'it leaves out writes, eviction and a full cache refusing the fill (OOM under noeviction): it fills the cache at every miss',
    );
    expect(caption('hit-rate')).toContain(MODEL_CAPTION);
  });

  it('the Cache errors/s line counts every command Redis refused or could not be reached for', () => {
    expect(caption('load')).toContain(
      'Cache errors/s counts every command of the application’s that Redis refused (under noeviction at Max keys, each command that would add a key, refused for memory: OOM) or could not be reached for (Redis down), not only failed GETs.',
    );
  });
});
