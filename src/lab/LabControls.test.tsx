// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LabControls } from './LabControls';
import { mountWithLab, type MountedLab } from './mountWithLab';

let lab: MountedLab;

beforeEach(() => {
  lab = mountWithLab(<LabControls />);
});

afterEach(() => lab.unmount());

/** The select labelled `label`, and the note its aria-describedby points to (null: none). */
function control(label: string): { select: HTMLSelectElement; note: string | null } {
  const labelEl = [...lab.container.querySelectorAll('label')].find((l) => l.textContent === label);
  const select = document.getElementById(labelEl!.htmlFor) as HTMLSelectElement;
  const describedBy = select.getAttribute('aria-describedby');
  const note = describedBy ? (document.getElementById(describedBy)?.textContent ?? null) : null;
  return { select, note };
}

const edit = (field: 'pattern' | 'invalidation', value: string): void =>
  act(() => void lab.store.getState().fieldEdited(field, value));

it('under cache-aside the write policy and the read mitigation take part, and say nothing more', () => {
  expect(control('Write policy').note).toBeNull();
  expect(control('Read mitigation').note).toBeNull();
});

it('under write-through and write-behind both say the run does not use them, as the CLI does', () => {
  for (const pattern of ['write-through', 'write-behind']) {
    edit('pattern', pattern);
    expect(control('Write policy').note).toBe(
      `Not used by ${pattern}, which has its own write path`,
    );
    expect(control('Read mitigation').note).toBe(
      `Not used by ${pattern}: only cache-aside's read path takes a read mitigation (and, under cdc, the change log's consumer)`,
    );
    // Still a control with a keyboard path: the value is kept for export and another pattern.
    expect(control('Write policy').select.disabled).toBe(false);
  }
});

it('read-through and refresh-ahead use the write policy but not the read mitigation', () => {
  for (const pattern of ['read-through', 'refresh-ahead']) {
    edit('pattern', pattern);
    expect(control('Write policy').note).toBeNull();
    expect(control('Read mitigation').note).toMatch(new RegExp(`^Not used by ${pattern}: `));
  }
});

it('under cdc the write policy is unused and the read mitigation picks the consumer’s command', () => {
  edit('pattern', 'read-through');
  edit('invalidation', 'cdc');
  expect(control('Write policy').note).toBe(
    "Not used under invalidation cdc: the write only UPDATEs, and the change log's consumer deletes the key",
  );
  expect(control('Read mitigation').note).toBeNull();
});

it("double-delete's delay sits right after the write policy and says when no double-delete uses it", () => {
  const labels = [...lab.container.querySelectorAll('label')].map((l) => l.textContent);
  expect(labels[labels.indexOf('Write policy') + 1]).toBe('Double-delete delay (ms)');
  const label = [...lab.container.querySelectorAll('label')].find(
    (l) => l.textContent === 'Double-delete delay (ms)',
  );
  const field = document.getElementById(label!.htmlFor) as HTMLInputElement;
  const notes = () =>
    (field.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
  expect(field.value).toBe('500');
  expect(notes()[0]).toMatch(
    /^0 to 600,000 ms; double-delete's wait from its UPDATE to its second DEL; /,
  );
  expect(notes()[1]).toBe(
    'Not used by write policy invalidate: only double-delete waits before a second DEL',
  );
  act(() => void lab.store.getState().fieldEdited('writePolicy', 'double-delete'));
  expect(notes()).toHaveLength(1);
  edit('pattern', 'write-through');
  expect(notes()[1]).toBe('Not used: no write policy takes part in this run (see Write policy)');
});

/** The notes a numeric field's aria-describedby points to: its hint, then why it is unused. */
function fieldNotes(label: string): (string | undefined)[] {
  const labelEl = [...lab.container.querySelectorAll('label')].find((l) => l.textContent === label);
  const field = document.getElementById(labelEl!.htmlFor) as HTMLInputElement;
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? undefined);
}

const editAny = (field: string, value: string): void =>
  act(() => void lab.store.getState().fieldEdited(field as 'pattern', value));

it('the constant latency model leaves the tail and the stalls unused, and those controls say so', () => {
  const tailFields = ['Tail (p99 / median)', 'Stall chance', 'Mean stall (ms)'];
  for (const label of tailFields) expect(fieldNotes(label)).toHaveLength(1);
  // Each hint says which model it belongs to, as the CLI's --help does ("lognormal: ...").
  for (const label of tailFields) expect(fieldNotes(label)[0]).toMatch(/; lognormal model: /);
  editAny('latencyModel', 'constant');
  for (const label of tailFields)
    expect(fieldNotes(label)[1]).toBe(
      'Not used by latency model constant: every operation takes its median',
    );
});

it('the eviction policy says it is unused while Max keys is 0, as the CLI and the comparison do', () => {
  expect(control('Eviction policy').note).toBe(
    'Not used while Max keys is 0: an unbounded cache evicts nothing',
  );
  editAny('eviction', 'allkeys-lru');
  expect(control('Eviction policy').note).toBe(
    'Not used while Max keys is 0: an unbounded cache evicts nothing',
  );
  editAny('maxKeys', '100');
  expect(control('Eviction policy').note).toBeNull();
  // A value a run would refuse is no 0: the note does not guess.
  editAny('maxKeys', 'ten');
  expect(control('Eviction policy').note).toBeNull();
  editAny('maxKeys', ' 0 ');
  expect(control('Eviction policy').note).not.toBeNull();
});

it("the change log's settings say they are unused under invalidation app", () => {
  const cdcFields = ['CDC delay (ms)', 'CDC reorder chance', 'CDC loss chance'];
  for (const label of cdcFields)
    expect(fieldNotes(label)[1]).toBe('Not used under invalidation app');
  edit('invalidation', 'cdc');
  for (const label of cdcFields) expect(fieldNotes(label)).toHaveLength(1);
});
