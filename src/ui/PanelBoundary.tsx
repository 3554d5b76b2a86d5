import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { useSandbox } from './storeContext';

/** What a failed panel shows: its name, the error, and a way to try again. */
export interface PanelFailureProps {
  name: string;
  error: Error;
  onRetry: () => void;
}

interface PanelBoundaryProps {
  /** The panel's name, as its heading says it ("Redis keys", "SQL console" ...). */
  name: string;
  children: ReactNode;
  /**
   * Draws the failure (the sandbox's by default, which tries again when the run changes): a page
   * other than the sandbox says what may clear it there, and when to try again by itself.
   */
  renderFailure?: (failure: PanelFailureProps) => ReactNode;
}

interface PanelBoundaryState {
  error: Error | null;
}

/**
 * Keeps one panel's failure inside that panel: it shows what failed and offers to try again,
 * while the rest of the page (and the URL, which the store keeps) goes on working. It tries
 * again by itself when the run changes (Back, Reset, a new step), since the state that broke
 * the panel may be gone.
 */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  state: PanelBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): PanelBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For whoever debugs it: which component, where. The learner sees the panel's message.
    console.warn(`The ${this.props.name} panel failed`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const failure = { name: this.props.name, error, onRetry: this.retry };
    return this.props.renderFailure ? (
      this.props.renderFailure(failure)
    ) : (
      <SandboxPanelFailure {...failure} />
    );
  }
}

function SandboxPanelFailure(props: PanelFailureProps) {
  const { onRetry } = props;
  const revision = useSandbox((s) => s.revision);
  const failedAt = useRef(revision);
  useEffect(() => {
    if (revision !== failedAt.current) onRetry();
  }, [revision, onRetry]);
  return <PanelFailure {...props} hint="Back, Reset or another step may clear it." />;
}

/** A failed panel in place of the panel: what failed, what may clear it, and a button to retry. */
export function PanelFailure({ name, error, onRetry, hint }: PanelFailureProps & { hint: string }) {
  return (
    <section className="panel panel-failed" aria-label={`${name} (failed)`}>
      <h2>{name}</h2>
      <div role="alert">
        <p>
          This panel failed to show the current state: <code>{error.message}</code>. The rest of the
          page still works; {hint}
        </p>
        <button type="button" onClick={onRetry}>
          Show {name} again
        </button>
      </div>
    </section>
  );
}
