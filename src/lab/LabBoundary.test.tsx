// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabRun } from './labState';
import { LabBoundary } from './LabBoundary';
import { mountWithLab, type MountedLab } from './mountWithLab';

let isBroken = true;
function Fragile() {
  if (isBroken) throw new Error("Cannot read properties of undefined (reading 'pattern')");
  return <p>results shown</p>;
}

let lab: MountedLab;

beforeEach(() => {
  isBroken = true;
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  lab = mountWithLab(
    <>
      <LabBoundary name="Results">
        <Fragile />
      </LabBoundary>
      <LabBoundary name="TTL sweep">
        <p>sweep shown</p>
      </LabBoundary>
    </>,
    { onCaughtError: () => undefined },
  );
});

afterEach(() => {
  lab.unmount();
  vi.restoreAllMocks();
});

describe('LabBoundary', () => {
  it('keeps a failed lab panel’s error in that panel, with a way back', () => {
    const failed = lab.container.querySelector('[aria-label="Results (failed)"]');
    expect(failed?.querySelector('[role="alert"]')?.textContent).toContain(
      "This panel failed to show the current state: Cannot read properties of undefined (reading 'pattern'). The rest of the page still works; another run may clear it.",
    );
    expect(lab.container.textContent).toContain('sweep shown');
    isBroken = false;
    const again = [...lab.container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Show Results again',
    );
    act(() => again?.click());
    expect(lab.container.textContent).toContain('results shown');
  });

  it('tries again by itself when another run comes on screen', () => {
    isBroken = false;
    act(() => lab.store.setState({ current: { id: 7 } as LabRun }));
    expect(lab.container.textContent).toContain('results shown');
    expect(lab.container.querySelector('[role="alert"]')).toBeNull();
  });
});
