import type { Page } from '@playwright/test';

/** One thing a screen reader says: the live region (or the element focus moved to), and what. */
export interface Heard {
  region: string;
  text: string;
}

/** What was said since the last `heard`, and live regions that arrived already holding text. */
export interface Hearing {
  heard: Heard[];
  /** Regions inserted with their text: many screen readers say nothing of these. */
  arrived: Heard[];
}

/**
 * Starts listening as a screen reader does, on the page as it is: from now on every change of a
 * live region's text (polite or assertive: a region with aria-live="off" says nothing) is one
 * announcement, and so is focus moved to an element that is not a control (tabindex="-1"), which
 * a screen reader reads, and an alert inserted with its text. A region whose text only grows (a console's output, a log) says what was
 * added; a status or an alert (atomic) says all of its text; emptied, a region says nothing.
 * A region is named by its test id, else its accessible label, else its tag, role and class.
 * Call it again after a navigation: the listener goes with the document.
 */
export const listen = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const any = '[aria-live], [role="status"], [role="alert"], [role="log"]';
    const isLive = (e: Element) => (e.getAttribute('aria-live') ?? 'polite') !== 'off';
    const isAtomic = (e: Element) =>
      e.getAttribute('aria-atomic') === 'true' ||
      (e.getAttribute('aria-atomic') === null &&
        ['status', 'alert'].includes(e.getAttribute('role') ?? ''));
    const name = (e: Element) =>
      e.getAttribute('data-testid') ??
      e.getAttribute('aria-label') ??
      `${e.tagName.toLowerCase()}[${e.getAttribute('role') ?? 'aria-live'}].${e.className}`;
    // As read: the text of each line apart ("redis> GET k" then its reply), not run together.
    const text = (e: Element) =>
      ((e instanceof HTMLElement ? e.innerText : null) ?? e.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();
    const seen = new Map<Element, string>();
    const log: Hearing = { heard: [], arrived: [] };
    const scan = (record: boolean) => {
      for (const e of document.querySelectorAll(any)) {
        // A region inside another is heard through the outer one (live-regions.spec.ts keeps
        // the page free of those).
        if (e.parentElement?.closest(any)) continue;
        const now = text(e);
        const before = seen.get(e);
        seen.set(e, now);
        if (!record || now === '' || now === before || !isLive(e)) continue;
        // An alert is the one live region said as it arrives (the browser raises an alert
        // event for it); any other that arrives holding its text is not reliably said.
        if (before === undefined && e.getAttribute('role') === 'alert')
          log.heard.push({ region: name(e), text: now });
        else if (before === undefined) log.arrived.push({ region: name(e), text: now });
        else
          log.heard.push({
            region: name(e),
            text: !isAtomic(e) && now.startsWith(before) ? now.slice(before.length).trim() : now,
          });
      }
    };
    scan(false);
    new MutationObserver(() => scan(true)).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    document.addEventListener('focusin', (event) => {
      const to = event.target;
      if (to instanceof HTMLElement && to.getAttribute('tabindex') === '-1')
        log.heard.push({ region: `focus: ${name(to)}`, text: text(to) });
    });
    (window as unknown as { heard: Hearing }).heard = log;
  });

/** What was said since `listen` or the last `heard`, and forgets it. */
export const heard = (page: Page): Promise<Hearing> =>
  page.evaluate(() => {
    const log = (window as unknown as { heard: Hearing }).heard;
    const said = { heard: [...log.heard], arrived: [...log.arrived] };
    log.heard.length = 0;
    log.arrived.length = 0;
    return said;
  });
