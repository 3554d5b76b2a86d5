import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LearnerStore, LearnerStoreApi } from '../store/learnerStore';

export const LearnerStoreContext = createContext<LearnerStoreApi | null>(null);

/** The learner's-code store from context, or null where the page provides none. */
export function useLearnerApi(): LearnerStoreApi | null {
  return useContext(LearnerStoreContext);
}

/** Reads a slice of the learner state (only under a provider); the selector must be stable. */
export function useLearner<T>(selector: (s: LearnerStore) => T): T {
  const api = useLearnerApi();
  if (!api) throw new Error('LearnerStoreContext is missing');
  return useStore(api, selector);
}
