import { describe, expect, it } from 'vitest';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { GLOSSARY, glossaryEntry, splitGlossaryTerms } from './glossary';

describe('the glossary', () => {
  it('defines every write policy and read mitigation the controls offer, and tombstones', () => {
    for (const id of [...WRITE_POLICIES, ...READ_MITIGATIONS.filter((m) => m !== 'none')])
      expect(glossaryEntry(id)?.definition, id).toBeTruthy();
    expect(glossaryEntry('tombstone')).toBeDefined();
    expect(GLOSSARY).toHaveLength(10);
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
