import { useStore } from 'zustand';
import { presenterStore, type PresenterState } from '../store/presenter';

/** Reads a slice of the presenter state (presenter mode, notes, the shortcuts dialog). */
export function usePresenter<T>(selector: (s: PresenterState) => T): T {
  return useStore(presenterStore, selector);
}
