// A script's source read as Lua 5.1 reads it (Redis' Lua), for fengari's Lua 5.3 to compile.
// 5.3 took what 5.1 refuses (`//`, `&`, `|`, `~`, `<<`, `>>`, `::labels::`, `goto label`) and
// read some of what 5.1 takes otherwise (`"\x41"` is `x41` in 5.1, `A` in 5.3; `goto` is a
// name in 5.1; `0xFFFFFFFF` wrapped to -1 in fengari's 32-bit integers). The source is rewritten,
// line for line, so that 5.3's compiler answers as 5.1's would: a 5.3-only operator becomes a
// byte neither Lua has a token for, so the parser fails where 5.1's fails, and its message is
// given back 5.1's words and the operator's own text.

/** The bytes standing for a 5.3-only operator's character, and that character. */
const MARKERS: Record<string, number> = {
  '/': 1,
  '<': 2,
  '>': 3,
  ':': 4,
  '&': 5,
  '|': 6,
  '~': 7,
  ';': 8,
};
const MARKED = Object.fromEntries(Object.entries(MARKERS).map(([c, byte]) => [byte, c]));

/** The byte standing for a `break` outside a loop, which 5.3's parser fails at where 5.1's does. */
const BREAK_MARKER = 14;

/**
 * Where 5.1 refuses the first `break` outside a loop of a rewritten source: the line it names
 * (the next token's) and that token as 5.1 quotes it. 5.3 refuses such a break only at the end
 * of its function, in its own words (`<break> at line 1 not inside a loop`).
 */
const breakRefusals = new WeakMap<Uint8Array, { line: number; near: string }>();

/** The operators of two or three characters, longest first, as 5.1's lexer reads them. */
const LONG_OPERATORS = ['...', '==', '~=', '<=', '>=', '..'];

/** A token at `i` as 5.1's error quotes it (`near 'end'`): a name, a numeral, a string, an operator. */
function tokenText(s: Uint8Array, i: number): string {
  if (i >= s.length) return '<eof>';
  const name = nameAt(s, i);
  if (name !== '') return name;
  let end = i + 1;
  if (isDigit(s[i]) || (s[i] === 46 && isDigit(s[i + 1]))) {
    while (end < s.length && (isNameChar(s[end]) || s[end] === 46)) end++;
  } else if (s[i] === 34 || s[i] === 39) {
    while (end < s.length && s[end] !== s[i] && s[end] !== 10) end += s[end] === 92 ? 2 : 1;
    end = Math.min(end + 1, s.length);
  } else {
    const rest = String.fromCharCode(...s.subarray(i, i + 3));
    const operator = LONG_OPERATORS.find((op) => rest.startsWith(op));
    if (operator !== undefined) end = i + operator.length;
  }
  return new TextDecoder().decode(s.subarray(i, end));
}

/** The line of the byte at `i`: 1 plus the line breaks before it (`\r\n` and `\n\r` one each). */
function lineAt(s: Uint8Array, i: number): number {
  let line = 1;
  for (let k = 0; k < i; k++) {
    if (s[k] !== 10 && s[k] !== 13) continue;
    if ((s[k + 1] === 10 || s[k + 1] === 13) && s[k + 1] !== s[k]) k++;
    line++;
  }
  return line;
}

/** What `goto`, a name in Lua 5.1 and a keyword in 5.3, is called in the rewritten source. */
const GOTO_NAME = 'goto__lua51';

/** The escapes Lua 5.1 knows in a quoted string; any other `\c` is `c` itself there. */
const ESCAPES_51 = new Set([...'abfnrtv\\"\'\n\r0123456789']);

const isNameStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The level of a long bracket `[==[` starting at `i` (its `=` count), or -1 when there is none. */
function longBracketLevel(s: Uint8Array, i: number): number {
  if (s[i] !== 91) return -1;
  let j = i + 1;
  while (s[j] === 61) j++;
  return s[j] === 91 ? j - i - 1 : -1;
}

/** Where a long bracket of `level` opened before `from` closes (just past `]==]`), or the end. */
function longBracketEnd(s: Uint8Array, from: number, level: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] !== 93) continue;
    let j = i + 1;
    while (s[j] === 61) j++;
    if (j - i - 1 === level && s[j] === 93) return j + 1;
  }
  return s.length;
}

/** Where the next token starts at or after `from`: past spaces and comments. */
function nextToken(s: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    while (i < s.length && (s[i] === 32 || (s[i] >= 9 && s[i] <= 13))) i++;
    if (!(s[i] === 45 && s[i + 1] === 45)) return i;
    const level = longBracketLevel(s, i + 2);
    if (level >= 0) i = longBracketEnd(s, i + 4 + level, level);
    else while (i < s.length && s[i] !== 10 && s[i] !== 13) i++;
  }
}

/** The name starting at `i`, or '' when none does. */
function nameAt(s: Uint8Array, i: number): string {
  if (!isNameStart(s[i])) return '';
  let end = i;
  while (end < s.length && isNameChar(s[end])) end++;
  return String.fromCharCode(...s.subarray(i, end));
}

/** The tokens after which a block begins, where 5.1 takes no `;` (an empty statement). */
const BLOCK_STARTS = new Set(['', ';', 'do', 'then', 'else', 'repeat', 'function(...)']);

/** The tokens that end a block: the only ones 5.1 lets follow a `break` (with `''`, the end). */
const BLOCK_ENDS = new Set(['', 'end', 'else', 'elseif', 'until']);

/** Whether the `break` ending at `end` is its block's last statement (a `;` may follow it). */
function isLastStatement(s: Uint8Array, end: number): boolean {
  let i = nextToken(s, end);
  if (s[i] === 59) i = nextToken(s, i + 1);
  return i >= s.length || BLOCK_ENDS.has(nameAt(s, i));
}

/**
 * The script's source (its bytes) as fengari must compile it to answer as Lua 5.1 does: the
 * same lines, comments and long strings untouched. The source itself when nothing differs.
 */
export function asLua51Source(source: Uint8Array): Uint8Array {
  const out: number[] = [];
  let changed = false;
  const s = source;
  // The token before (a name or keyword, a character, 'value' for a string or number), to tell
  // where a `;` stands; '' at the start.
  let previous = '';
  // The open parentheses, and which of them hold a function's parameters.
  let depth = 0;
  let isFunctionNext = false;
  const parameterDepths: number[] = [];
  // The blocks open here, innermost last, to tell a `break` outside a loop: `while` and `for`
  // open a loop whose `do` is still to come (a function in their header has its own blocks).
  const blocks: ('loop' | 'loop header' | 'function' | 'block')[] = [];
  let breakRefusal: { line: number; near: string } | undefined;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === 32 || (c >= 9 && c <= 13)) {
      out.push(s[i++]);
      continue;
    }
    // Comments and long strings: as they are.
    if (c === 45 && s[i + 1] === 45) {
      const level = longBracketLevel(s, i + 2);
      let end: number;
      if (level >= 0) end = longBracketEnd(s, i + 4 + level, level);
      else {
        end = i + 2;
        while (end < s.length && s[end] !== 10 && s[end] !== 13) end++;
      }
      for (; i < end; i++) out.push(s[i]);
      continue;
    }
    const level = c === 91 ? longBracketLevel(s, i) : -1;
    if (level >= 0) {
      const end = longBracketEnd(s, i + 2 + level, level);
      for (; i < end; i++) out.push(s[i]);
      previous = 'value';
      continue;
    }
    if (c === 34 || c === 39) {
      // A quoted string: 5.1's unknown escapes are the character itself.
      out.push(s[i++]);
      while (i < s.length && s[i] !== c && s[i] !== 10 && s[i] !== 13) {
        if (s[i] === 92 && i + 1 < s.length) {
          if (ESCAPES_51.has(String.fromCharCode(s[i + 1]))) out.push(s[i++]);
          else {
            changed = true;
            i++;
          }
        }
        out.push(s[i++]);
      }
      if (i < s.length && s[i] === c) out.push(s[i++]);
      previous = 'value';
      continue;
    }
    if (isNameStart(c)) {
      let end = i;
      while (end < s.length && isNameChar(s[end])) end++;
      const name = String.fromCharCode(...s.subarray(i, end));
      if (name === 'function') blocks.push('function');
      else if (name === 'while' || name === 'for') blocks.push('loop header');
      else if (name === 'do') {
        if (blocks.at(-1) === 'loop header') blocks[blocks.length - 1] = 'loop';
        else blocks.push('block');
      } else if (name === 'repeat') blocks.push('loop');
      else if (name === 'if') blocks.push('block');
      else if (name === 'end' || name === 'until') blocks.pop();
      const isInLoop = (): boolean => {
        for (let b = blocks.length - 1; b >= 0 && blocks[b] !== 'function'; b--)
          if (blocks[b] === 'loop') return true;
        return false;
      };
      if (name === 'break' && !isInLoop()) {
        // 5.1 refuses it at once, near the token after it (the parser fails at the marker).
        changed = true;
        const next = nextToken(s, end);
        breakRefusal ??= { line: lineAt(s, next), near: tokenText(s, next) };
        out.push(BREAK_MARKER);
      } else if (name === 'goto') {
        changed = true;
        for (const ch of GOTO_NAME) out.push(ch.charCodeAt(0));
      } else if (name === 'break' && !isLastStatement(s, end)) {
        // 5.1's `break` ends its block as `return` does: 5.3's `return;` there fails as 5.1
        // fails (`'end' expected near 'print'`).
        changed = true;
        for (const ch of 'return') out.push(ch.charCodeAt(0));
        if (s[nextToken(s, end)] !== 59) out.push(59);
      } else for (let k = i; k < end; k++) out.push(s[k]);
      if (name === 'function') isFunctionNext = true;
      previous = name;
      i = end;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(s[i + 1]))) {
      // A numeral as 5.1 reads it: digits and dots, an exponent's sign, then letters and digits.
      let end = i;
      while (end < s.length && (isDigit(s[end]) || s[end] === 46)) end++;
      if ((s[end] === 69 || s[end] === 101) && (s[end + 1] === 43 || s[end + 1] === 45)) end += 2;
      while (end < s.length && isNameChar(s[end])) end++;
      const numeral = String.fromCharCode(...s.subarray(i, end));
      // A hex integer is a double in 5.1 (fengari's integers wrapped at 32 bits).
      if (/^0[xX][0-9a-fA-F]+$/.test(numeral) && numeral.length > 9) {
        changed = true;
        for (const ch of String(Number(BigInt(numeral)))) out.push(ch.charCodeAt(0));
      } else for (let k = i; k < end; k++) out.push(s[k]);
      previous = 'value';
      i = end;
      continue;
    }
    if (c === 59 && BLOCK_STARTS.has(previous)) {
      // An empty statement: 5.1 reads a `;` only after a statement.
      changed = true;
      out.push(MARKERS[';']);
      i++;
      continue;
    }
    if (c === 40) {
      // A function's name may be `a.b:c`: its parameters are the first parentheses after it.
      if (isFunctionNext) parameterDepths.push(depth);
      isFunctionNext = false;
      depth++;
    } else if (c === 41) {
      depth--;
      if (parameterDepths.at(-1) === depth) {
        parameterDepths.pop();
        previous = 'function(...)';
        out.push(c);
        i++;
        continue;
      }
    }
    previous = String.fromCharCode(c);
    const next = s[i + 1];
    const pair = String.fromCharCode(c) + (next === undefined ? '' : String.fromCharCode(next));
    if (pair === '~=') {
      out.push(c, next);
      i += 2;
      continue;
    }
    if (pair === '//' || pair === '<<' || pair === '>>' || pair === '::') {
      // 5.1 reads two tokens and fails at the second.
      changed = true;
      out.push(c, MARKERS[String.fromCharCode(next)]);
      i += 2;
      continue;
    }
    if (c === 38 || c === 124 || c === 126) {
      changed = true;
      out.push(MARKERS[String.fromCharCode(c)]);
      i++;
      continue;
    }
    out.push(c);
    i++;
  }
  if (!changed) return source;
  const rewritten = Uint8Array.from(out);
  if (breakRefusal !== undefined) breakRefusals.set(rewritten, breakRefusal);
  return rewritten;
}

/**
 * A message of fengari's about a rewritten source, as Lua 5.1 words it about the script: the
 * operator's own character, `goto` by its name, 5.1's "'=' expected" where 5.3 says "syntax
 * error" (a statement that is neither a call nor an assignment), a token named by its kind
 * quoted (`'<eof>' expected`, `near '<eof>'`), and no word of where a long string or comment
 * started; a `break` outside a loop refused in 5.1's words, where `rewritten`, the source
 * as rewritten, holds one.
 */
export function asLua51Message(message: string, rewritten?: Uint8Array): string {
  const refusal = rewritten === undefined ? undefined : breakRefusals.get(rewritten);
  const breakAt = /^(.*):\d+: unexpected symbol near '<\\14>'$/s.exec(message);
  if (refusal !== undefined && breakAt !== null)
    return `${breakAt[1]}:${refusal.line}: no loop to break near '${refusal.near}'`;
  return (
    message
      .replace(/near '<\\([1-8])>'/g, (_, byte: string) => `near '${MARKED[Number(byte)]}'`)
      .replaceAll(GOTO_NAME, 'goto')
      .replace(/: syntax error near /, ": '=' expected near ")
      // 5.1 quotes every token it expects; 5.3 leaves <eof>, <name> ... bare.
      .replace(/(^|: )<(eof|name|string|number|integer)> expected/, "$1'<$2>' expected")
      .replace(/near <eof>$/, "near '<eof>'")
      .replace(/(unfinished long (?:string|comment)) \(starting at line \d+\)/, '$1')
  );
}
