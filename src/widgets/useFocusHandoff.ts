import { useEffect, type RefObject } from 'react';

const FOCUSABLE =
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Anything that can take focus, a `tabindex="-1"` region included. */
const CAN_FOCUS = `${FOCUSABLE}, [tabindex], [contenteditable]`;

/** Whether `el` can hold focus now: in the page, focusable, enabled, not hidden or inert. */
function canHoldFocus(el: HTMLElement): boolean {
  return (
    el.isConnected &&
    el.matches(CAN_FOCUS) &&
    !el.matches(':disabled') &&
    !el.closest('[hidden], [inert]')
  );
}

/** Whether the whole of `el` is on the screen (the viewport, scroll bars left out). */
function isInView(el: HTMLElement): boolean {
  const box = el.getBoundingClientRect();
  const { clientWidth, clientHeight } = document.documentElement;
  return box.top >= 0 && box.left >= 0 && box.bottom <= clientHeight && box.right <= clientWidth;
}

/** The first of `candidates` that can hold focus now. */
function firstAble(candidates: readonly (HTMLElement | undefined)[]): HTMLElement | undefined {
  return candidates.find((el): el is HTMLElement => !!el && canHoldFocus(el));
}

/** What a control says (its label, else its text): its counterpart in another view says the same. */
const nameOf = (el: HTMLElement): string => el.getAttribute('aria-label') ?? el.textContent ?? '';

/** Controls that hand focus back to a chosen element (see `returnFocusTo`); null: the root. */
const returnsTo = new WeakMap<HTMLElement, HTMLElement | null>();

/**
 * Once `control` turns disabled or leaves the page with focus, focus goes back to `to` rather
 * than by the rules of `useFocusHandoff` (to its root when `to` is null or can no longer take it):
 * Undo reset back to what had focus when R reset the run.
 */
export function returnFocusTo(control: HTMLElement, to: HTMLElement | null): void {
  returnsTo.set(control, to);
}

/**
 * Members of `el`'s handoff group: those after it first, then those before it, nearest first.
 * Once `el` has left the page with its view, the one that says the same comes first (Step to
 * the Step of the view that replaced it, not to Back), then the group in the page's order.
 */
function groupOf(root: HTMLElement, el: HTMLElement): HTMLElement[] {
  const group = el.dataset.handoff;
  if (!group) return [];
  const members = [...root.querySelectorAll<HTMLElement>('[data-handoff]')].filter(
    (m) => m.dataset.handoff === group,
  );
  if (!el.isConnected) return [...members.filter((m) => nameOf(m) === nameOf(el)), ...members];
  const follows = (m: HTMLElement) =>
    (el.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  const after = members.filter((m) => m !== el && follows(m));
  const before = members.filter((m) => m !== el && !follows(m));
  return [...after, ...before.reverse()];
}

/**
 * Keeps keyboard focus in `root` when the control that has it turns disabled or leaves the page
 * (Run while a run is under way, a dismissed notice's ×, Presenter mode as the view changes, a
 * list that stops being a Tab stop once it is empty).
 * Left alone, focus would fall to `<body>` and a keyboard or screen-reader user would lose
 * their place. Focus goes where `returnFocusTo` says for that control, or else, in this order, to:
 * 1. the control it was handed from, when this hook moved it (Stop back to Run);
 * 2. another control of the same `data-handoff` group, the next one after it first (Step A to
 *    Step B, Run to Stop), or for a control whose view was replaced, its counterpart in the new
 *    one (Presenter mode, Step); while none of the group can take focus, `root` holds it and
 *    hands it on to the first that can;
 * 3. for a control of no group, the nearest control before it that still works;
 * 4. `root` itself (give it `tabIndex={-1}`).
 * A part marked `data-focus-own` moves focus itself and is left alone (the plain code editor
 * hands focus and caret to CodeMirror once it has loaded).
 * A control handed focus is brought into view, just enough, when it is out of view, unless it is
 * in a part marked `data-scroll-own`, which places the page itself (the presenter's bar: each
 * step brings its newest command into view).
 * A key held down on the control pressed does not press the one handed focus: Enter held on Step
 * through a scenario's end would otherwise go on repeating on Back and undo the steps it took.
 * The held key's repeats (and Space's release, which is what presses a button) are ignored there
 * until the key is pressed again.
 * It watches the DOM rather than a component's renders because the control that changes and the
 * one that should take focus are often drawn by different components.
 */
export function useFocusHandoff(rootRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    let focused: HTMLElement | null = null;
    // Whether `focused` is inside a part that moves focus itself (`data-focus-own`: the code
    // editor handing over to the one that replaces it), noted while it is still in the page.
    let isFocusedOwn = false;
    // The focusable controls in order when `focused` got focus: a removed control's neighbours.
    let order: HTMLElement[] = [];
    // A group control that lost focus while none of its group could take it; `root` holds focus.
    let waiting: HTMLElement | null = null;
    let isHandingOff = false;
    const handedFrom = new WeakMap<HTMLElement, HTMLElement>();
    // A control handed focus while a key may still be held from the press on the one before.
    let heldFrom: HTMLElement | null = null;

    const moveFocus = (to: HTMLElement, from: HTMLElement | null) => {
      isHandingOff = true;
      if (from) handedFrom.set(to, from);
      // Without the browser's scroll, which centres a control out of view. A control out of
      // view is brought in just enough, so the keyboard's place can be seen; not the root (the
      // whole region, taller than the screen, would jump to its top), nor a control in a part
      // that places the page itself (`data-scroll-own`: zoomed in, the presenter's last Step
      // drew its command below the bar, and focus handed to Back scrolled up to it).
      to.focus({ preventScroll: true });
      heldFrom = to;
      if (to !== root && !isInView(to) && !to.closest('[data-scroll-own]'))
        to.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      isHandingOff = false;
    };

    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (!isHandingOff && target instanceof HTMLElement) handedFrom.delete(target);
      if (target === root && isHandingOff) return;
      waiting = null;
      if (target instanceof HTMLElement && target !== root && root.contains(target)) {
        focused = target;
        isFocusedOwn = target.closest('[data-focus-own]') !== null;
        order = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
      } else focused = null;
    };
    // A click on the page's background moves focus to <body> on purpose: forget the control.
    const onFocusOut = (event: FocusEvent) => {
      const target = event.target;
      if (event.relatedTarget !== null || target !== focused) return;
      queueMicrotask(() => {
        if (document.activeElement === document.body && focused && canHoldFocus(focused))
          focused = null;
      });
    };

    const onChange = () => {
      const active = document.activeElement;
      if (waiting && active === root) {
        const next = firstAble([handedFrom.get(waiting), ...groupOf(root, waiting)]);
        if (next) moveFocus(next, null);
        return;
      }
      const lost = focused;
      if (!lost || canHoldFocus(lost) || isFocusedOwn) return;
      // Focus has already moved on somewhere that holds it (a dialog, a field the user picked).
      if (active !== lost && active !== document.body && active !== null) return;
      const from = order.indexOf(lost);
      const before = from < 0 ? [] : order.slice(0, from).reverse();
      const next = returnsTo.has(lost)
        ? firstAble([returnsTo.get(lost) ?? undefined])
        : firstAble([
            handedFrom.get(lost),
            ...groupOf(root, lost),
            ...(lost.dataset.handoff ? [] : before),
          ]);
      if (next) return moveFocus(next, lost);
      moveFocus(root, null);
      focused = null;
      if (lost.dataset.handoff) waiting = lost;
    };

    // Enter presses a button on keydown and again on each repeat; Space presses it on keyup.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target !== heldFrom) heldFrom = null;
      else if (event.repeat) event.preventDefault();
      else heldFrom = null;
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.target !== heldFrom || (event.key !== ' ' && event.key !== 'Enter')) return;
      if (event.key === ' ') event.preventDefault();
      heldFrom = null;
    };

    const observer = new MutationObserver(onChange);
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['disabled', 'hidden', 'inert', 'tabindex'],
    });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('keyup', onKeyUp, true);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('keyup', onKeyUp, true);
    };
  }, [rootRef]);
}
