/**
 * Whether an address's `#` part opens the workload lab: `#/lab`, or `#/lab?` and its settings.
 * Any other `#/lab…` (`#/labx`, `#/lab/runs`) is no page of this app: it opened the lab, and the
 * lab rewrote the address to `#/lab` without a word.
 */
export const isLabHash = (hash: string): boolean => hash === '#/lab' || hash.startsWith('#/lab?');

/**
 * Whether an address's `#` part opens a scenario's printable handout: `#/handout`, or
 * `#/handout?` and the scenario with the sandbox's settings.
 */
export const isHandoutHash = (hash: string): boolean =>
  hash === '#/handout' || hash.startsWith('#/handout?');
