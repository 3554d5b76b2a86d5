import { asciiUpper } from './redisCommandKit';

/**
 * The value a command that stores one string at its key (`argv[1]`) sends to store there: SET,
 * SETNX and GETSET carry it after the key, SETEX and PSETEX after the TTL. Undefined for any
 * other command (MSET stores at several keys, and names none of them `argv[1]` alone).
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
    default:
      return undefined;
  }
}

/**
 * The value a command stored at its key ({@link sentValueOf}), by the reply that says it did:
 * `OK` (SET, SETEX, PSETEX), 1 (SETNX); with GET (and GETSET), the key's old value, which says
 * whether an NX or XX condition held (NX stores only when there was none, XX only when there
 * was one). Undefined when it stored nothing (an error, a condition that did not hold) or is
 * no such command.
 */
export function storedValueOf(argv: readonly string[], reply: unknown): string | undefined {
  const value = sentValueOf(argv);
  if (value === undefined || reply instanceof Error) return undefined;
  switch (argv[0]) {
    case 'SETNX':
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
