import type { CacheAsideLabApi } from '../lab/labApi';
import { loadedLabApi } from '../lab/loadedLabApi';

/**
 * `window.cacheAside.lab` from the first page: the lab's code (its store, its worker) loads on
 * the first `run()` (or when the lab page opens), not before, so the sandbox's first load stays
 * small. Until then there is nothing to stop and no series.
 */
export function createLazyLabApi(
  load: () => Promise<CacheAsideLabApi> = () => import('../lab/labInstance').then((m) => m.labApi),
  loaded: () => CacheAsideLabApi | undefined = loadedLabApi,
): CacheAsideLabApi {
  return {
    run: async (config) => (loaded() ?? (await load())).run(config),
    stop: () => loaded()?.stop(),
    series: () => loaded()?.series() ?? [],
  };
}
