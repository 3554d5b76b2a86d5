import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SandboxStore, SandboxStoreApi } from '../store/sandboxStore';

export const SandboxStoreContext = createContext<SandboxStoreApi | null>(null);

/** The sandbox store from context (the page provides it). */
export function useSandboxApi(): SandboxStoreApi {
  const store = useContext(SandboxStoreContext);
  if (!store) throw new Error('SandboxStoreContext is missing');
  return store;
}

/** Reads a slice of the sandbox state; the selector must return a stable reference. */
export function useSandbox<T>(selector: (s: SandboxStore) => T): T {
  return useStore(useSandboxApi(), selector);
}
