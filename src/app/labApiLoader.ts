import type { CacheAsideLabApi } from '../lab/labApi';

/**
 * `window.cacheAside.lab` from the first page: the lab's code (its store, its worker) loads on
 * the first `run()`, not before, so the sandbox's first load stays small. Until a run, there is
 * nothing to stop and no series.
 */
export function createLazyLabApi(
  load: () => Promise<CacheAsideLabApi> = () => import('../lab/labInstance').then((m) => m.labApi),
): CacheAsideLabApi {
  let loaded: CacheAsideLabApi | undefined;
  let loading: Promise<CacheAsideLabApi> | undefined;
  const ensure = (): Promise<CacheAsideLabApi> =>
    (loading ??= load().then((api) => (loaded = api)));
  return {
    run: async (config) => (await ensure()).run(config),
    stop: () => loaded?.stop(),
    series: () => loaded?.series() ?? [],
  };
}
