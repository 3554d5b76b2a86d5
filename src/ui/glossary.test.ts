import { describe, expect, it } from 'vitest';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { ENGINE_SCRIPTS } from '../engine/programs/scriptNames';
import { GLOSSARY, glossaryEntry, glueTermPunctuation, splitGlossaryTerms } from './glossary';

describe('the glossary', () => {
  it('defines every write policy and read mitigation the controls offer, and tombstones', () => {
    for (const id of [...WRITE_POLICIES, ...READ_MITIGATIONS.filter((m) => m !== 'none')])
      expect(glossaryEntry(id)?.definition, id).toBeTruthy();
    expect(glossaryEntry('tombstone')).toBeDefined();
    expect(GLOSSARY).toHaveLength(10 + ENGINE_SCRIPTS.length);
  });

  it("defines each of the engine's scripts by the name the narration gives its EVAL", () => {
    for (const script of ENGINE_SCRIPTS) {
      expect(glossaryEntry(script.name)?.kind, script.name).toBe('Engine script');
      expect(glossaryEntry(script.name)?.definition, script.name).toContain(script.purpose);
    }
    // Whole names only: lease is no term inside FILL_IF_LEASE_HOLDS, nor a name in a key.
    expect(
      splitGlossaryTerms(
        "A sends EVAL FILL_IF_LEASE_HOLDS 2 user:1 lease:user:1 A-2 '{...}' EX 60: (integer) 1.",
      ),
    ).toEqual([
      { text: 'A sends EVAL ' },
      { text: 'FILL_IF_LEASE_HOLDS', id: 'FILL_IF_LEASE_HOLDS' },
      { text: " 2 user:1 lease:user:1 A-2 '{...}' EX 60: (integer) 1." },
    ]);
    expect(splitGlossaryTerms('MY_FILL_IF_NEWER and fill_if_newer')).toEqual([
      { text: 'MY_FILL_IF_NEWER and fill_if_newer' },
    ]);
  });

  it('finds the names in narration, in the forms prose uses, and leaves the rest as text', () => {
    expect(
      splitGlossaryTerms(
        'With leases A cannot fill; versioned fills leave a tombstone. Try double-delete.',
      ),
    ).toEqual([
      { text: 'With ' },
      { text: 'leases', id: 'lease' },
      { text: ' A cannot fill; ' },
      { text: 'versioned fills', id: 'versioned-fill' },
      { text: ' leave a ' },
      { text: 'tombstone', id: 'tombstone' },
      { text: '. Try ' },
      { text: 'double-delete', id: 'double-delete' },
      { text: '.' },
    ]);
  });

  it('does not take a key name or a longer word for a term', () => {
    expect(splitGlossaryTerms('SET lease:user:1 after the invalidated row')).toEqual([
      { text: 'SET lease:user:1 after the invalidated row' },
    ]);
  });
});

describe('glueTermPunctuation', () => {
  it('keeps a closing quote or comma on the term, and the prose whole', () => {
    const text =
      'The scenario "Stampede, with single-flight" shows it; lease, then versioned-fill.';
    const glued = glueTermPunctuation(splitGlossaryTerms(text));
    expect(glued.filter((s) => s.id).map((s) => [s.text, s.after])).toEqual([
      ['single-flight', '"'],
      ['lease', ','],
      ['versioned-fill', '.'],
    ]);
    expect(glued.map((s) => s.text + (s.after ?? '')).join('')).toBe(text);
  });

  it('keeps an opening quote or parenthesis on the term, so no line ends in a lone quote', () => {
    // stale-set's first words, at 24 px in presenter mode: 'write policy "' ended a line and
    // 'invalidate":' began the next (a button is a place where a line may break).
    const text = 'B (W, write policy "invalidate": UPDATE, then DEL) and ("lease")';
    const glued = glueTermPunctuation(splitGlossaryTerms(text));
    expect(glued.filter((s) => s.id).map((s) => [s.before, s.text, s.after])).toEqual([
      ['"', 'invalidate', '":'],
      ['("', 'lease', '")'],
    ]);
    expect(glued.map((s) => (s.before ?? '') + s.text + (s.after ?? '')).join('')).toBe(text);
  });

  it('leaves a term followed by a space or a word alone', () => {
    const glued = glueTermPunctuation(splitGlossaryTerms('under lease the fill is refused'));
    expect(glued.find((s) => s.id)?.after).toBeUndefined();
  });
});
