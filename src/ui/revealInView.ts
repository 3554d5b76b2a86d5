/** Scroll padding in px (`auto` counts as none). */
const padding = (value: string): number => {
  const px = parseFloat(value);
  return Number.isFinite(px) ? px : 0;
};

/** Where each scroller a reveal set gliding is heading, until the glide ends. */
const heading = new WeakMap<Element, number>();

/** Whether the user asked for less motion: scrolls then jump rather than glide. */
export const scrollBehavior = (): ScrollBehavior =>
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';

/**
 * Scrolls each ancestor of `el` that scrolls (its column, then the page) just enough to show it,
 * inside the ancestor's scroll padding, as `scrollIntoView({ block: 'nearest' })` does; one
 * taller than the view shows its top. With `through`, an element after it in the same scrolling
 * ancestors, it shows the block from `el`'s top to `through`'s bottom the same way: the presenter's
 * diagram and the narration under it. It sets the scroll positions itself because Chromium's
 * `scrollIntoView` also moves the sequential focus navigation starting point to the element: with
 * a question brought into view, the page's first Tab went to its first choice, not the skip link.
 * A reveal while an earlier one glides measures from where that one is heading, not from where
 * the page is now: the quiz's verdict, in view as a step's glide to the diagram began, was left
 * as it was, and the glide then took it below the screen.
 */
export function revealInView(
  el: Element,
  behavior: ScrollBehavior = scrollBehavior(),
  through?: Element,
): void {
  let { top, bottom } = el.getBoundingClientRect();
  if (through) bottom = Math.max(bottom, through.getBoundingClientRect().bottom);
  for (let node = el.parentElement; node; node = node.parentElement) {
    const isPage = node === document.documentElement;
    const style = getComputedStyle(node);
    const scrolls = isPage || style.overflowY === 'auto' || style.overflowY === 'scroll';
    if (!scrolls || node.scrollHeight <= node.clientHeight) continue;
    // Boxes are measured on the screen; a column's scroll offsets, sizes and padding in its own
    // pixels, which a zoomed page (presenter mode on a large projector) makes larger on the
    // screen: mixed, the question was scrolled past, up to the column's end.
    const zoom = isPage ? 1 : node.currentCSSZoom || 1;
    // Measured where a glide under way will leave this ancestor.
    const now = isPage ? window.scrollY : node.scrollTop;
    const from = heading.get(node) ?? now;
    top -= (from - now) * zoom;
    bottom -= (from - now) * zoom;
    const box = isPage ? { top: 0 } : node.getBoundingClientRect();
    const viewTop = box.top + (node.clientTop + padding(style.scrollPaddingTop)) * zoom;
    const viewBottom =
      box.top + (node.clientTop + node.clientHeight - padding(style.scrollPaddingBottom)) * zoom;
    let delta = 0;
    if (top < viewTop) delta = top - viewTop;
    else if (bottom > viewBottom) delta = Math.min(bottom - viewBottom, top - viewTop);
    const to = Math.max(0, Math.min(from + delta / zoom, node.scrollHeight - node.clientHeight));
    // Where the element will be once this ancestor has scrolled, for the ones around it.
    top -= (to - from) * zoom;
    bottom -= (to - from) * zoom;
    // Already there, with no glide to stop. Heading where a glide was, it scrolls there anyway:
    // a glide cut short (a resize, a jump) sends no scrollend, and its heading, never cleared,
    // left every later reveal measuring from a place the page never reached.
    if (to === now && !heading.has(node)) continue;
    const scroller = isPage ? window : node;
    scroller.scrollTo({ top: to, behavior });
    // Without scrollend (Safari) nothing would say the glide is over: not kept, as before.
    if (behavior !== 'smooth' || to === now || !('onscrollend' in window)) {
      heading.delete(node);
      continue;
    }
    heading.set(node, to);
    // A glide that ends, or that a wheel or another scroll cuts short, heads nowhere any more.
    scroller.addEventListener('scrollend', () => heading.get(node) === to && heading.delete(node), {
      once: true,
    });
  }
}

/**
 * Scrolls `scroller` sideways just enough to show `els` from the left edge of the first to the
 * right edge of the last that fit, their starts first: the presenter's diagram, wider than a
 * phone-sized screen, brings the newest command's labels in. It scrolls nothing else.
 */
export function revealSideways(
  scroller: Element,
  els: readonly Element[],
  behavior: ScrollBehavior = scrollBehavior(),
): void {
  if (scroller.scrollWidth <= scroller.clientWidth || els.length === 0) return;
  const boxes = els.map((el) => el.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left));
  const right = Math.max(...boxes.map((b) => b.right));
  const view = scroller.getBoundingClientRect();
  const viewLeft = view.left + scroller.clientLeft;
  const viewRight = viewLeft + scroller.clientWidth;
  let delta = 0;
  if (left < viewLeft) delta = left - viewLeft;
  else if (right > viewRight) delta = Math.min(right - viewRight, left - viewLeft);
  if (delta === 0) return;
  scroller.scrollTo({ left: scroller.scrollLeft + delta, behavior });
}
