import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { useLab } from './labContext';

interface LabBoundaryProps {
  /** The panel's name, as its heading says it ("Results", "TTL sweep" ...). */
  name: string;
  children: ReactNode;
}

/**
 * One lab panel inside a boundary, as the sandbox's panels are (the lab stands alone, so it has
 * its own): a panel that fails to draw says so in its place, with a way to try again, while the
 * rest of the lab goes on working. It tries again by itself when another run comes on screen.
 */
export class LabBoundary extends Component<LabBoundaryProps, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`The ${this.props.name} panel failed`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return <LabPanelFailure name={this.props.name} error={error} onRetry={this.retry} />;
  }
}

function LabPanelFailure({
  name,
  error,
  onRetry,
}: {
  name: string;
  error: Error;
  onRetry: () => void;
}) {
  const runId = useLab((s) => s.current?.id ?? null);
  const failedAt = useRef(runId);
  useEffect(() => {
    if (runId !== failedAt.current) onRetry();
  }, [runId, onRetry]);
  return (
    <section className="lab-section lab-failed" aria-label={`${name} (failed)`}>
      <h2>{name}</h2>
      <div role="alert">
        <p>
          This panel failed to show the current state: <code>{error.message}</code>. The rest of the
          page still works; another run may clear it.
        </p>
        <button type="button" onClick={onRetry}>
          Show {name} again
        </button>
      </div>
    </section>
  );
}
