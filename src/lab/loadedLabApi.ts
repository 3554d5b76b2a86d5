import type { CacheAsideLabApi } from './labApi';

// Set once the lab's code has loaded (by a script's first run, or by opening the lab page):
// `window.cacheAside.lab` answers `stop` and `series` from it whichever way it loaded.
let loaded: CacheAsideLabApi | undefined;

export const setLoadedLabApi = (api: CacheAsideLabApi): void => {
  loaded = api;
};

/** The lab's API if its code has loaded, else undefined. */
export const loadedLabApi = (): CacheAsideLabApi | undefined => loaded;
