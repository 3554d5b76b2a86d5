/** Resolves after the browser has painted what the store holds now (two animation frames). */
export const afterRender = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
