import { createStore } from 'zustand/vanilla';

/** The query parameter of a projector link (`?present=1`): it opens the tab in presenter mode. */
export const PRESENT_PARAM = 'present';

/**
 * How the page is shown to a room, beside the simulation's own state: presenter mode (large type,
 * diagram and narration only), the speaker notes, and the shortcuts dialog. None of it changes a
 * run, so it lives apart from the sandbox store; the tab keeps presenter mode (`src/app/presenterTab.ts`).
 */
export interface PresenterState {
  isPresenting: boolean;
  areNotesShown: boolean;
  isShortcutsOpen: boolean;
  /** The screen blanked (a clicker's blank button sends B or .): shown again by any key. */
  isBlank: boolean;
  /**
   * How many times L asked for the lesson after the course's last one: a press that opens
   * nothing, told each time (PresenterAnnouncer), not left to look like a key that went unheard.
   */
  pressesPastLastLesson: number;
  setPresenting(isPresenting: boolean): void;
  setBlank(isBlank: boolean): void;
  toggleNotes(): void;
  setShortcutsOpen(isOpen: boolean): void;
  /** L at the course's last lesson: there is none after it to open. */
  pressPastLastLesson(): void;
}

export type PresenterStoreApi = ReturnType<typeof createPresenterStore>;

export function createPresenterStore(initial: { isPresenting?: boolean } = {}) {
  return createStore<PresenterState>()((set, get) => ({
    isPresenting: initial.isPresenting ?? false,
    areNotesShown: false,
    isShortcutsOpen: false,
    isBlank: false,
    pressesPastLastLesson: 0,
    // Leaving presenter mode shows the page: nothing blanks it outside presenter mode.
    setPresenting: (isPresenting) =>
      set(isPresenting ? { isPresenting } : { isPresenting, isBlank: false }),
    setBlank: (isBlank) => set({ isBlank: isBlank && get().isPresenting }),
    toggleNotes: () => set({ areNotesShown: !get().areNotesShown }),
    setShortcutsOpen: (isShortcutsOpen) => set({ isShortcutsOpen }),
    pressPastLastLesson: () => set({ pressesPastLastLesson: get().pressesPastLastLesson + 1 }),
  }));
}

/** What the page says when L finds no lesson after the one shown. */
export const LAST_LESSON_TEXT = "This is the course's last lesson: L has no next one to open.";

/** The page's one presenter store (a module singleton, like the page's URL it mirrors). */
export const presenterStore = createPresenterStore();

/** A query string with presenter mode set or removed; every other parameter kept in place. */
export function withPresenting(search: string, isPresenting: boolean): string {
  const params = new URLSearchParams(search);
  if (isPresenting) params.set(PRESENT_PARAM, '1');
  else params.delete(PRESENT_PARAM);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
