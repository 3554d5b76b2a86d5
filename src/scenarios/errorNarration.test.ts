// What a step says of a WRONGTYPE refusal: the key it met, or, for a command naming several keys,
// that it was one of them (a STORE's first key is its destination, which any type may hold).
import { expect, it } from 'vitest';
import type { StepEvent } from '../engine/stepEvent';
import { cacheErrorCause } from './errorNarration';

const WRONGTYPE = '(error) WRONGTYPE Operation against a key holding the wrong kind of value';
const refused = (command: string, key: string) =>
  cacheErrorCause({ command, key, reply: WRONGTYPE } as StepEvent);

it('names the key of a one-key command, and none of a command naming several', () => {
  expect(refused('SMEMBERS tags', 'tags')).toBe(
    'Redis is reachable, but refused the command: tags holds a value of another type (a string, a hash, a list ...), not the set SMEMBERS works on.',
  );
  for (const command of ['SINTERSTORE dest a b', 'SUNION a b', 'SDIFF a b', 'SMOVE a b m'])
    expect(refused(command, command.split(' ')[1])).toMatch(
      /^Redis is reachable, but refused the command: a key it names holds a value of another type \(a string, a hash, a list \.\.\.\), not the set S[A-Z]+ works on\.$/,
    );
  expect(refused('LMOVE a b LEFT LEFT', 'a')).toBe(
    'Redis is reachable, but refused the command: a key it names holds a value of another type (a string, a hash, a set ...), not the list LMOVE works on.',
  );
});
