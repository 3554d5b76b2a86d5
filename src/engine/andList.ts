/**
 * Items as a sentence lists them: "", "a", "a and b", "a, b and c" (no comma before the "and",
 * as every sentence of the page writes it).
 */
export function andList(items: readonly (string | number)[]): string {
  if (items.length < 2) return items.length === 0 ? '' : String(items[0]);
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
