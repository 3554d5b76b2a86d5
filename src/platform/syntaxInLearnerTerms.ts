/**
 * QuickJS's words for some syntax errors read as riddles to a learner: a `#!` line is "invalid
 * first character of private name", a private field no class declares is "undefined private
 * field" with no line at all. Each such error is told here in the learner's terms, at its line,
 * with QuickJS's own words kept after it (to look up). Read from the source roughly, by the line
 * QuickJS names: a hint is added only where its pattern is found, otherwise the error is left as
 * QuickJS said it.
 */

export interface Failure {
  error: string;
  line: number | null;
}

const NAME = '[\\p{L}\\p{Nl}_$][\\p{L}\\p{N}\\p{Mn}\\p{Mc}\\p{Pc}_$\\u200c\\u200d]*';
const EACH_PARAMETER =
  'your code runs in strict mode, where each parameter needs a name of its own';
const escaped = (text: string) => text.replace(/[$]/g, '\\$');

/** Each hint: QuickJS's message, and what to say instead given the source and the line's text. */
const HINTS: {
  message: RegExp;
  say: (
    m: RegExpExecArray,
    text: string,
    source: string,
    line: number | null,
  ) => Failure | string | null;
}[] = [
  {
    message: /^invalid first character of private name$/,
    say: (_m, text) =>
      /^\s*#!/.test(text)
        ? 'a #! line (a hashbang) is allowed only as the very first line of the code, where it is ignored: delete this one, or make it a comment with //'
        : /^\s*#/.test(text)
          ? "# does not start a comment in JavaScript: write // (a # starts a class's private name, as in this.#count)"
          : "a # starts a class's private name, which must be a name, as in this.#count",
  },
  {
    // QuickJS names no line for it: the first line that uses the name is it.
    message: /^undefined private field '#(.+)'$/u,
    say: (m, _text, source) => {
      const name = m[1];
      const use = new RegExp(`#${escaped(name)}(?![\\p{L}\\p{N}_$])`, 'u');
      const index = source.split('\n').findIndex((line) => use.test(line));
      return {
        line: index < 0 ? null : index + 1,
        error: `#${name} is a private field that no class around it declares: declare it in the class's body (#${name} = 0;) to use this.#${name}, or use an ordinary property (this.${name})`,
      };
    },
  },
  {
    message: /^duplicate argument names not allowed in this context$/,
    // QuickJS names the line the function's body goes on from: the nearest line above it with
    // a parameter list that repeats a name is the one.
    say: (_m, _text, source, line) => {
      const lines = source.split('\n');
      for (let at = line ?? 0; at >= 1 && at > (line ?? 0) - 20; at--) {
        const name = repeatedParameter(lines[at - 1]);
        if (name !== null)
          return {
            line: at,
            error: `two parameters of a function here are both named ${name}: ${EACH_PARAMETER}`,
          };
      }
      return `two parameters of a function are named the same: ${EACH_PARAMETER}`;
    },
  },
  {
    message: /^invalid number of arguments for getter or setter$/,
    say: (_m, text) => {
      const name =
        new RegExp(`\\b(?:get|set)\\s+(#?${NAME})\\s*\\(`, 'u').exec(text)?.[1] ?? 'name';
      return `a getter takes no parameters, get ${name}() { ... }, and a setter exactly one, set ${name}(value) { ... }`;
    },
  },
  {
    message: /^unexpected 'yield' keyword$/,
    say: () =>
      'yield works only in a generator function, written function* (with the star), and directly in its body, not in a callback or an arrow function inside it: to yield a step for each item, loop with for...of rather than forEach or map',
  },
  {
    message: /^invalid regular expression flags$/,
    say: (_m, text) => {
      const flags = /\/(?:[^/\\\n]|\\.)+\/([\p{L}\p{N}_$]+)/u.exec(text)?.[1];
      const said = "a regular expression's flags are d, g, i, m, s, u, v and y, each at most once";
      if (flags === undefined) return said;
      const unknown = [...new Set([...flags].filter((f) => !'dgimsuvy'.includes(f)))];
      const twice = [...new Set([...flags].filter((f, i) => flags.indexOf(f) !== i))];
      const faults = [
        ...(unknown.length > 0 ? [unknown.join(', ')] : []),
        ...twice.filter((f) => !unknown.includes(f)).map((f) => `${f} twice`),
      ];
      return faults.length === 0 ? said : `${said}: /…/${flags} has ${faults.join(' and ')}`;
    },
  },
  {
    message: /^break\/continue label not found$/,
    say: (_m, text) => {
      const m = new RegExp(`\\b(break|continue)\\s+(${NAME})`, 'u').exec(text);
      if (!m) return null;
      const [, word, label] = m;
      return word === 'continue'
        ? `continue ${label}: no loop around it is labelled ${label} (a label goes just before its loop, as in ${label}: for (...) { ... }, in the same function; continue may name only a loop)`
        : `break ${label}: no statement around it is labelled ${label} (a label goes just before its statement, as in ${label}: for (...) { ... }, in the same function)`;
    },
  },
  {
    message: /^(break must be inside loop or switch|continue must be inside loop)$/,
    say: (m) =>
      m[1].startsWith('break')
        ? "break works only inside a loop or a switch of the same function: in a callback, such as forEach's, return ends that item's call instead, or loop with for...of"
        : "continue works only inside a loop of the same function: in a callback, such as forEach's, return ends that item's call instead, or loop with for...of",
  },
  {
    message: /^octal literals are deprecated in strict mode$/,
    say: (_m, text) => {
      const digits = /\b0([0-7]+)\b/.exec(text)?.[1] ?? '644';
      return `your code runs in strict mode, which has no legacy octal numbers: write 0o${digits} for an octal number, or drop the leading 0`;
    },
  },
  {
    message: /^octal escape sequences are not allowed in strict mode$/,
    say: () =>
      'your code runs in strict mode, which has no octal escapes in strings: write \\x01 or \\u0001 for a character by its code (and \\0 only for the character 0, not before a digit)',
  },
  {
    message: /^cannot delete a direct reference in strict mode$/,
    say: () =>
      'your code runs in strict mode, where delete removes a property of an object (delete obj.name), never a variable: set the variable to null instead',
  },
  {
    message: /^invalid keyword: with$/,
    say: () =>
      'your code runs in strict mode, which has no with statement: name the object each time (or take what you need out of it with const { a, b } = obj)',
  },
  {
    message: /^(invalid lvalue in strict mode|invalid argument name in strict code)$/,
    say: () =>
      'your code runs in strict mode, where eval and arguments are not names you can assign or declare: choose another name',
  },
  {
    message: /^unexpected character$/,
    say: (_m, text) => {
      // A character that is neither ASCII nor allowed in a name (an emoji): JavaScript's names
      // take letters of any script (café, 名前), but not symbols.
      const c = [...text].find(
        (ch) => ch.codePointAt(0)! > 0x7f && !/[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}\s]/u.test(ch),
      );
      if (c === undefined) return null;
      return `${c} cannot be part of a name (a name is made of letters, digits, _ and $); in a string it is fine, as in '${c}'`;
    },
  },
];

/**
 * The parameter named twice in a parameter list on the line: `(a, b, a)`, `function f(a, a)`.
 */
function repeatedParameter(text: string): string | null {
  for (const list of text.matchAll(/\(([^()]*)\)/g)) {
    const names = list[1]
      .split(',')
      .map((p) => new RegExp(`^\\s*(?:\\.\\.\\.)?(${NAME})`, 'u').exec(p)?.[1])
      .filter((n): n is string => n !== undefined);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) return twice;
  }
  return null;
}

const PREFIX = 'threw SyntaxError: ';

/**
 * A syntax error in the learner's terms (see the top of this file), or as it was. `source` is
 * the code as Run compiles it (lines broken at \n).
 */
export function syntaxInLearnerTerms(failure: Failure, source: string): Failure {
  if (!failure.error.startsWith(PREFIX)) return failure;
  const message = failure.error.slice(PREFIX.length);
  const text = failure.line === null ? '' : (source.split('\n')[failure.line - 1] ?? '');
  for (const hint of HINTS) {
    const m = hint.message.exec(message);
    if (!m) continue;
    const said = hint.say(m, text, source, failure.line);
    if (said === null) return failure;
    const { error, line } = typeof said === 'string' ? { error: said, line: failure.line } : said;
    return { error: `${error} (${failure.error})`, line };
  }
  return failure;
}

/**
 * The code as QuickJS compiles it: a `#!` line at the very start (a hashbang, which JavaScript
 * skips there) as a comment, of the same length, since the code runs inside a function where
 * QuickJS would read it as a private name.
 */
export const hashbangAsComment = (source: string): string =>
  source.startsWith('#!') ? `//${source.slice(2)}` : source;

/** The most characters a QuickJS string holds (its JS_STRING_LEN_MAX). */
const MOST_STRING_CHARS = 2 ** 30 - 1;

/**
 * An error thrown as the code runs, in the learner's terms where QuickJS's words mislead: a
 * SyntaxError out of JSON.parse reads as a mistake in the code, not in the text it was given.
 */
export function runtimeInLearnerTerms(failure: Failure, source: string): Failure {
  const text = failure.line === null ? '' : (source.split('\n')[failure.line - 1] ?? '');
  const said = (error: string): Failure => ({ ...failure, error: `${error} (${failure.error})` });
  if (failure.error.startsWith(PREFIX) && /\bJSON\.parse\b/.test(text))
    return said(
      'JSON.parse was given text that is not JSON: your code is fine, the value is not (a cache entry set by hand, or by other code?); check it, or catch the error and treat the entry as a miss',
    );
  if (failure.error === 'threw InternalError: string too long')
    return said(
      `a string grew past the most characters one may hold (${MOST_STRING_CHARS.toLocaleString('en-US')}): does something grow without end?`,
    );
  // Made at run time (new RegExp(text, flags)): the literal's hint, without a literal to quote.
  if (failure.error === `${PREFIX}invalid regular expression flags`)
    return { ...failure, error: syntaxInLearnerTerms({ ...failure, line: null }, source).error };
  return failure;
}
