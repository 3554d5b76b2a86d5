import { WrittenNumber } from './fields';

/**
 * JSON as its writer wrote it: `JSON.parse`, except that a number the parsed double would
 * print otherwise (`9007199254740993` prints as 9007199254740992, `1e400` as Infinity, `1e20`
 * as 100000000000000000000) comes back as a {@link WrittenNumber} holding its text. The
 * schemas read it as the number it is, and a refusal quotes it as written: a seed of
 * 9007199254740993 from a file was refused as "got 9007199254740992", a number nobody typed.
 * Throws as `JSON.parse` does on text that is not JSON.
 */
export function parseJsonAsWritten(text: string): unknown {
  const plain: unknown = JSON.parse(text);
  // The marker below is a string that starts with NUL: a file that writes one itself is read
  // as JSON.parse reads it.
  if (/\\u0000/i.test(text)) return plain;
  let rewritten = '';
  let copiedTo = 0;
  let isAnyWritten = false;
  NUMBER.lastIndex = 0;
  for (let at = 0; at < text.length;) {
    const c = text[at];
    if (c === '"') {
      at++;
      while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
      at++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) {
      at++;
      continue;
    }
    NUMBER.lastIndex = at;
    const token = NUMBER.exec(text)?.[0] ?? c;
    if (String(Number(token)) !== token) {
      rewritten += `${text.slice(copiedTo, at)}"\\u0000${token}"`;
      copiedTo = at + token.length;
      isAnyWritten = true;
    }
    at += token.length;
  }
  if (!isAnyWritten) return plain;
  rewritten += text.slice(copiedTo);
  return JSON.parse(rewritten, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('\u0000')
      ? new WrittenNumber(value.slice(1))
      : value,
  );
}

/** A JSON number token, read from where the scan stands. */
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
