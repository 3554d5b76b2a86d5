import { useSyncExternalStore } from 'react';
import { isLabHash } from '../schema/pageRoutes';

export type Route = 'sandbox' | 'lab';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const readRoute = (): Route => (isLabHash(window.location.hash) ? 'lab' : 'sandbox');

/** The page's route: `#/lab` (and its settings) is the Workload Lab, anything else the sandbox. */
export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, readRoute);
}
