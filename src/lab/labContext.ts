import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStoreApi } from './labState';

export const LabStoreContext = createContext<LabStoreApi | null>(null);

export function useLabApi(): LabStoreApi {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLabApi needs a LabStoreContext provider');
  return store;
}

/** Reads the lab store; the selector must return a stable reference (a field, not a new object). */
export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(useLabApi(), selector);
}
