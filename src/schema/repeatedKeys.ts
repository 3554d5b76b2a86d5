/**
 * `JSON.parse` keeps the last of two members with one name, in silence: a settings file that says
 * `"ttl": 1` and later `"ttl": 60` would run 60 with nothing said. This finds such members, with
 * both values as written, so a file is refused the way a flag given twice is.
 */

/** A member given twice: its path (`ttl`, `config.keys`) and both values as the file writes them. */
export interface RepeatedKey {
  path: string;
  first: string;
  then: string;
}

/** Objects this deep (the file's settings, a summary's `config`, a fault) are checked. */
const CHECKED_DEPTH = 3;

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Each member given twice in `text`, which must be valid JSON (parse it first). */
export function repeatedKeys(text: string): RepeatedKey[] {
  const found: RepeatedKey[] = [];
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && isSpace(text[at])) at++;
  };
  /** Moves past the string that starts at `at`. */
  const skipString = () => {
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
  };
  /** Moves past the value that starts at `at` without looking inside it (no recursion). */
  const skipValue = () => {
    let depth = 0;
    while (at < text.length) {
      const c = text[at];
      if (depth === 0 && (c === ',' || c === '}' || c === ']' || isSpace(c))) return;
      if (c === '"') skipString();
      else {
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') depth--;
        at++;
      }
      if (depth === 0 && (c === '"' || c === '}' || c === ']')) return;
    }
  };
  const value = (path: string, depth: number): void => {
    skipSpace();
    if (text[at] !== '{' || depth >= CHECKED_DEPTH) {
      skipValue();
      return;
    }
    at++;
    const seen = new Map<string, string>();
    skipSpace();
    while (at < text.length && text[at] !== '}') {
      const keyStart = at;
      skipString();
      const key = JSON.parse(text.slice(keyStart, at)) as string;
      skipSpace();
      at++; // ':'
      skipSpace();
      const valueStart = at;
      const memberPath = path === '' ? key : `${path}.${key}`;
      value(memberPath, depth + 1);
      const written = text.slice(valueStart, at).trim();
      const first = seen.get(key);
      if (first === undefined) seen.set(key, written);
      else found.push({ path: memberPath, first, then: written });
      skipSpace();
      if (text[at] === ',') at++;
      skipSpace();
    }
    at++;
  };
  value('', 0);
  return found;
}
