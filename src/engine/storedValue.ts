import { asciiUpper } from './redisCommandKit';

/** The commands that store several keys' values at once, in key-value pairs after their name. */
const isPairs = (name: string | undefined): boolean => name === 'MSET' || name === 'MSETNX';

/** Where the first row (a user row's JSON, as the programs write it) is among an MSET's values. */
function rowPairAt(argv: readonly string[]): number {
  for (let i = 2; i < argv.length; i += 2) if (argv[i].startsWith('{"id":')) return i;
  return 2;
}

/**
 * The key a command that stores one string names first (`argv[1]`); an MSET's or MSETNX's, the
 * key of its first pair that holds a row (the first key when none does): the key its step is
 * told by, as a SET's is by the key it names.
 */
export function storedKeyOf(argv: readonly string[]): string | undefined {
  return isPairs(argv[0]) ? argv[rowPairAt(argv) - 1] : argv[1];
}

/**
 * The value a command that stores one string at its key ({@link storedKeyOf}) sends to store
 * there: SET, SETNX and GETSET carry it after the key, SETEX and PSETEX after the TTL, MSET and
 * MSETNX after that key among their pairs. Undefined for any other command.
 */
export function sentValueOf(argv: readonly string[]): string | undefined {
  switch (argv[0]) {
    case 'SET':
    case 'SETNX':
    case 'GETSET':
      return argv[2];
    case 'SETEX':
    case 'PSETEX':
      return argv[3];
    case 'MSET':
    case 'MSETNX':
      return argv[rowPairAt(argv)];
    default:
      return undefined;
  }
}

/**
 * The value a command stored at its key ({@link sentValueOf}), by the reply that says it did:
 * `OK` (SET, SETEX, PSETEX, MSET), 1 (SETNX, MSETNX: it stores all its keys or none); with GET (and GETSET), the key's old value, which says
 * whether an NX or XX condition held (NX stores only when there was none, XX only when there
 * was one). Undefined when it stored nothing (an error, a condition that did not hold) or is
 * no such command.
 */
export function storedValueOf(argv: readonly string[], reply: unknown): string | undefined {
  const value = sentValueOf(argv);
  if (value === undefined || reply instanceof Error) return undefined;
  switch (argv[0]) {
    case 'SETNX':
    case 'MSETNX':
      return reply === 1 ? value : undefined;
    case 'GETSET':
      return value;
    case 'SET': {
      const flags = argv.slice(3).map(asciiUpper);
      if (!flags.includes('GET')) return reply === 'OK' ? value : undefined;
      const hadValue = reply !== null && reply !== undefined;
      if (flags.includes('NX')) return hadValue ? undefined : value;
      if (flags.includes('XX')) return hadValue ? value : undefined;
      return value;
    }
    default:
      return reply === 'OK' ? value : undefined;
  }
}
