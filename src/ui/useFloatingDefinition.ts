import {
  createContext,
  useCallback,
  useContext,
  useId,
  useState,
  useSyncExternalStore,
} from 'react';

/**
 * Whether a glossary term sits where its definition opens over the drawing (the diagram's
 * "Engine scripts drawn" line, the presenter's "next:" line) rather than in the text's flow.
 */
export const FloatingDefinitions = createContext(false);

/**
 * The one floating definition open on the page. Floating definitions all open in the same place
 * over the drawing, so a second one open would lie on top of the first: opening one closes the
 * one before, wherever it was.
 */
let openTerm: string | null = null;
const listeners = new Set<() => void>();
function setOpenTerm(term: string | null): void {
  openTerm = term;
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const getOpenTerm = (): string | null => openTerm;

/** A glossary term's open state: its own in the text, shared among the floating ones. */
export function useDefinitionOpen(): [boolean, (isOpen: boolean) => void] {
  const isFloating = useContext(FloatingDefinitions);
  const term = useId();
  const [isOwnOpen, setOwnOpen] = useState(false);
  const isSharedOpen = useSyncExternalStore(subscribe, getOpenTerm) === term;
  const setShared = useCallback(
    (isOpen: boolean) => {
      if (isOpen) setOpenTerm(term);
      else if (openTerm === term) setOpenTerm(null);
    },
    [term],
  );
  return isFloating ? [isSharedOpen, setShared] : [isOwnOpen, setOwnOpen];
}
