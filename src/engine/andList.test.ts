import { expect, it } from 'vitest';
import { andList } from './andList';

it('lists none, one, two and more items as a sentence does', () => {
  expect(andList([])).toBe('');
  expect(andList(['A'])).toBe('A');
  expect(andList([7])).toBe('7');
  expect(andList(['A', 'B'])).toBe('A and B');
  expect(andList(['B', 'C', 'D'])).toBe('B, C and D');
  expect(andList([1, 5, 60])).toBe('1, 5 and 60');
});
