import { useEffect } from 'react';
import { presenterStore } from '../store/presenter';
import { quizStoreFor } from '../store/quizStore';
import {
  goBackToBeforeNext,
  isBackToBeforeNext,
  isGoingBackToBeforeNext,
  markOpenedByNext,
  openNextLesson,
} from './clickerBack';
import { lessonAfter, scenarioOnNext } from './clickerNext';
import { handoutTabUrl } from './HandoutLink';
import { handoutHref } from '../store/handout';
import { answerByKey, isChoiceKey } from './quizKeys';
import { resetByShortcut } from './resetOrigin';
import { useSandboxApi } from './storeContext';
import { focusPage } from './useOpenScenario';

/** Typing in a field or console must never step the simulation. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !NOT_TEXT_INPUTS.has(target.type))
  );
}

/**
 * Inputs that take no text: the clicker's keys still step from them. A slider (the step
 * scrubber) would otherwise take Page Down as "one page lower", so a clicker stepped backwards.
 */
const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'range']);

/**
 * A control Space presses, ticks or opens itself (a button, a checkbox, a radio button, the
 * summary of a disclosure): let it.
 */
function takesSpace(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    (target instanceof HTMLElement && target.tagName === 'SUMMARY') ||
    (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio'))
  );
}

/** Keys pressed on their way to another (Shift for ?): they do not bring a blanked screen back. */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/** A link drawn as a button ("Start the course", "Next scenario"): Space presses it too. */
const isButtonLink = (target: EventTarget | null): target is HTMLAnchorElement =>
  target instanceof HTMLAnchorElement && target.classList.contains('button');

/**
 * The keys a presenter's clicker sends (ArrowRight/PageDown, ArrowLeft/PageUp) step and go back
 * whatever has focus, a picker included, except a text field (in presenter mode, at a scenario's
 * end, "next" opens the course's next scenario); Space plays or pauses, R resets,
 * P switches presenter mode, N the speaker notes, Q quiz mode, B or . blanks the screen in presenter
 * mode (any key shows it again), L opens the course's next lesson in presenter mode, H the
 * scenario's handout in a new tab in presenter mode, 1 to 9 answer a quiz question open by its
 * choice's place, `?` lists them all (see `SHORTCUTS`).
 * On a focused list the letters and Space are its own; Escape leaves it for the page.
 */
export function useKeyboardShortcuts(): void {
  const store = useSandboxApi();
  useEffect(() => {
    let isOpeningNext = false;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const presenter = presenterStore.getState();
      // The shortcuts dialog is modal: it answers Escape itself and nothing steps behind it.
      if (presenter.isShortcutsOpen) return;
      // A blanked screen comes back on any key, as a slide show's does, and that key does nothing
      // else: the room sees where the run stands before the next press moves it.
      if (presenter.isBlank) {
        if (MODIFIER_KEYS.has(e.key)) return;
        e.preventDefault();
        presenter.setBlank(false);
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        presenter.setShortcutsOpen(true);
        return;
      }
      // A focused picker would otherwise change its choice on an arrow key (or a letter).
      const onSelect = e.target instanceof HTMLSelectElement;
      // Its letters pick its options (type-ahead), so P, R, Q, N, L and H wait: Escape leaves it for
      // the page, where they work (the ? dialog says so). An open list closes on Escape itself.
      if (onSelect && e.key === 'Escape') {
        e.preventDefault();
        focusPage();
        return;
      }
      switch (e.key) {
        case 'p':
        case 'P':
          if (onSelect) return;
          e.preventDefault();
          presenter.setPresenting(!presenter.isPresenting);
          return;
        case 'q':
        case 'Q': {
          // Quiz mode on or off: in presenter mode its checkbox is shown only once it is on.
          if (onSelect) return;
          e.preventDefault();
          const quiz = quizStoreFor(store).getState();
          quiz.setEnabled(!quiz.isEnabled);
          return;
        }
        case 'b':
        case 'B':
        case '.':
          // A clicker's blank button: the projector shows black while the room talks, and a
          // run playing stops, so nothing moves unseen.
          if (onSelect || !presenter.isPresenting) return;
          e.preventDefault();
          if (store.getState().isPlaying) store.getState().pause();
          presenter.setBlank(true);
          return;
        case 'l':
        case 'L': {
          // The course's next lesson, at its start, without leaving presenter mode. Opened as
          // another scenario is (a history entry of its own): back at its start (←, or the
          // browser's) returns to the run left, where it was. Held down, it opens one lesson,
          // not one per repeat.
          if (onSelect || !presenter.isPresenting) return;
          e.preventDefault();
          const s = store.getState();
          const next = lessonAfter(s.scenarioId);
          if (e.repeat || isOpeningNext || s.status !== 'ready') return;
          // Every scenario is in the course: none after this one means the course's last.
          if (!next) {
            presenter.pressPastLastLesson();
            return;
          }
          isOpeningNext = true;
          void openNextLesson(store, next.id)
            .then(focusPage)
            .finally(() => (isOpeningNext = false));
          return;
        }
        case 'h':
        case 'H': {
          // The handout of the scenario shown, under its settings, in a new tab: the projector
          // keeps its place, as the bar's Handout link does.
          if (onSelect || !presenter.isPresenting) return;
          const href = handoutHref(store.getState(), quizStoreFor(store).getState().isEnabled);
          if (href === null) return;
          e.preventDefault();
          if (!e.repeat) window.open(handoutTabUrl(href), '_blank', 'noopener');
          return;
        }
        case 'n':
        case 'N':
          // Speaker notes show only in presenter mode: outside it N would change, unseen, what
          // the projector shows the next time presenter mode is on.
          if (onSelect || !presenter.isPresenting) return;
          e.preventDefault();
          presenter.toggleNotes();
          return;
      }
      const s = store.getState();
      if (s.status !== 'ready') return;
      // A focused box that scrolls sideways (the diagram on a phone) keeps its arrows to scroll.
      if (
        (e.key === 'ArrowRight' || e.key === 'ArrowLeft') &&
        e.target instanceof HTMLElement &&
        e.target.dataset.scrollsSideways !== undefined
      )
        return;
      switch (e.key) {
        case 'ArrowRight':
        case 'PageDown': {
          e.preventDefault();
          // A clicker has no other way on: with nothing left to step, "next" opens a scenario
          // (see scenarioOnNext). Held down, or pressed again while it opens, the key does not
          // open it twice (the second press would reload it and swallow the first step of the
          // new scenario).
          if (isOpeningNext) break;
          const next = scenarioOnNext(s, presenter.isPresenting);
          if (next && !e.repeat) {
            isOpeningNext = true;
            const from = s.scenarioId;
            void s
              .loadScenario(next.id)
              .then(() => {
                // Opened into a history entry of its own (urlSync.ts): "back" at its start
                // returns to the entry left (see clickerBack.ts).
                if (store.getState().scenarioId === next.id) markOpenedByNext(next.id, from);
                focusPage();
              })
              .finally(() => (isOpeningNext = false));
          } else if (!next) void s.step();
          break;
        }
        case 'ArrowLeft':
        case 'PageUp':
          e.preventDefault();
          if (isGoingBackToBeforeNext()) break;
          // At the start of a scenario "next" opened, "back" undoes that press: the scenario
          // before, at its end (or the first screen), as the browser's Back shows it.
          if (isBackToBeforeNext(s)) {
            if (!e.repeat) goBackToBeforeNext();
          } else void s.back();
          break;
        case ' ':
          if (takesSpace(e.target) || onSelect) return;
          if (isButtonLink(e.target)) {
            e.preventDefault();
            e.target.click();
            break;
          }
          e.preventDefault();
          if (s.isPlaying) s.pause();
          else s.play();
          break;
        case 'r':
        case 'R':
          if (onSelect) return;
          e.preventDefault();
          resetByShortcut(store, e.target);
          break;
        default:
          // 1 to 9 answer the quiz question open by its choice's place (see answerByKey).
          if (!onSelect && isChoiceKey(e.key) && answerByKey(store, e.key, e.repeat))
            e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
