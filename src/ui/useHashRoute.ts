import { useSyncExternalStore } from 'react';
import { isHandoutHash, isLabHash } from '../schema/pageRoutes';

export type Route = 'sandbox' | 'lab' | 'handout';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const readRoute = (): Route =>
  isLabHash(window.location.hash)
    ? 'lab'
    : isHandoutHash(window.location.hash)
      ? 'handout'
      : 'sandbox';

/**
 * The page's route: `#/lab` (and its settings) is the Workload Lab, `#/handout?…` a scenario's
 * handout, anything else the sandbox.
 */
export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, readRoute);
}
