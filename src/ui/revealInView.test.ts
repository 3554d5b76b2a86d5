// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { revealInView } from './revealInView';

/** A column 100 px high that scrolls 1,000 px, at `scrollTop` 0, and an element at `y` in it. */
function column(): { scroller: HTMLDivElement; at: (y: number) => HTMLElement } {
  const scroller = document.createElement('div');
  scroller.style.overflowY = 'auto';
  Object.defineProperty(scroller, 'scrollHeight', { value: 1000 });
  Object.defineProperty(scroller, 'clientHeight', { value: 100 });
  scroller.getBoundingClientRect = () => new DOMRect(0, 0, 100, 100);
  // A glide the page cut short (a resize, a jump elsewhere): the column stays where it is and
  // no scrollend comes.
  scroller.scrollTo = vi.fn() as typeof scroller.scrollTo;
  document.body.append(scroller);
  const at = (y: number) => {
    const el = document.createElement('p');
    // Where it is on the screen: the column has not moved (scrollTop stays 0).
    el.getBoundingClientRect = () => new DOMRect(0, y, 100, 20);
    scroller.append(el);
    return el;
  };
  return { scroller, at };
}

afterEach(() => {
  document.body.replaceChildren();
  Reflect.deleteProperty(window, 'onscrollend');
});

describe('revealInView', () => {
  it('scrolls to an element below the view', () => {
    const { scroller, at } = column();
    revealInView(at(500), 'auto');
    expect(scroller.scrollTo).toHaveBeenCalledWith({ top: 420, behavior: 'auto' });
  });

  it('after a glide that never ended, still scrolls the element into view', () => {
    Object.defineProperty(window, 'onscrollend', { value: null, configurable: true });
    const { scroller, at } = column();
    revealInView(at(500), 'smooth');
    expect(scroller.scrollTo).toHaveBeenLastCalledWith({ top: 420, behavior: 'smooth' });
    // The glide was cut short: the column is still at 0. Another element, in view where the
    // glide was heading, is not in view now: it must be scrolled to (before, it was left
    // below the screen, for good, since the glide's heading was never cleared).
    revealInView(at(480), 'auto');
    expect(scroller.scrollTo).toHaveBeenLastCalledWith({ top: 420, behavior: 'auto' });
  });
});
