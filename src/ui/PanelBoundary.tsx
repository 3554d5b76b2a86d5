import type { ReactNode } from 'react';
import {
  PanelBoundary as Boundary,
  PanelFailure,
  useRetryWhenChanged,
  type PanelFailureProps,
} from '../widgets/PanelBoundary';
import { useSandbox } from './storeContext';

export { PanelFailure, type PanelFailureProps };

/**
 * One sandbox panel inside a boundary (see src/widgets/PanelBoundary.tsx). It tries again by
 * itself when the run changes (Back, Reset, a new step), since the state that broke the panel may
 * be gone. `renderFailure` replaces the sandbox's failure, for a page other than the sandbox.
 */
export function PanelBoundary({
  name,
  children,
  renderFailure = renderSandboxFailure,
}: {
  name: string;
  children: ReactNode;
  renderFailure?: (failure: PanelFailureProps) => ReactNode;
}) {
  return (
    <Boundary name={name} renderFailure={renderFailure}>
      {children}
    </Boundary>
  );
}

const renderSandboxFailure = (failure: PanelFailureProps) => <SandboxPanelFailure {...failure} />;

function SandboxPanelFailure(props: PanelFailureProps) {
  useRetryWhenChanged(
    useSandbox((s) => s.revision),
    props.onRetry,
  );
  return <PanelFailure {...props} hint="Back, Reset or another step may clear it." />;
}
