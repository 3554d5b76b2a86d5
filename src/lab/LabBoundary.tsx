import type { ReactNode } from 'react';
import {
  PanelBoundary,
  PanelFailure,
  useRetryWhenChanged,
  type PanelFailureProps,
} from '../widgets/PanelBoundary';
import { useLab } from './labContext';

/**
 * One lab panel inside a boundary, as the sandbox's panels are (src/widgets/PanelBoundary.tsx):
 * a panel that fails to draw says so in its place, with a way to try again, while the rest of
 * the lab goes on working. It tries again by itself when another run comes on screen.
 */
export function LabBoundary({ name, children }: { name: string; children: ReactNode }) {
  return (
    <PanelBoundary name={name} renderFailure={renderLabFailure}>
      {children}
    </PanelBoundary>
  );
}

const renderLabFailure = (failure: PanelFailureProps) => <LabPanelFailure {...failure} />;

function LabPanelFailure(props: PanelFailureProps) {
  useRetryWhenChanged(
    useLab((s) => s.current?.id ?? null),
    props.onRetry,
  );
  return (
    <PanelFailure {...props} className="lab-section lab-failed" hint="another run may clear it." />
  );
}
