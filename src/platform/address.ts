/**
 * This page's address with another query (and hash), absolute: a path of `//` would otherwise
 * read as a protocol-relative URL naming another host, which the History API refuses.
 */
export function addressWith(search: string, hash = window.location.hash): string {
  return `${window.location.origin}${window.location.pathname}${search}${hash}`;
}
