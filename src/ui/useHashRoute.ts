import { useSyncExternalStore } from 'react';

export type Route = 'sandbox' | 'lab';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const readRoute = (): Route => (window.location.hash.startsWith('#/lab') ? 'lab' : 'sandbox');

/** The page's route: `#/lab` is the Workload Lab, anything else the sandbox. */
export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, readRoute);
}
