import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';

/** What a failed panel shows: its name, the error, and a way to try again. */
export interface PanelFailureProps {
  name: string;
  error: Error;
  onRetry: () => void;
}

interface PanelBoundaryProps {
  /** The panel's name, as its heading says it ("Redis keys", "TTL sweep" ...). */
  name: string;
  children: ReactNode;
  /** Draws the failure in the panel's place: each page says what may clear it there. */
  renderFailure: (failure: PanelFailureProps) => ReactNode;
}

interface PanelBoundaryState {
  error: Error | null;
}

/**
 * Keeps one panel's failure inside that panel: it shows what failed and offers to try again,
 * while the rest of the page (and the URL) goes on working. The sandbox and the lab each wrap
 * it with their own failure, which also tries again by itself when their state moves on.
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
    return this.props.renderFailure({ name: this.props.name, error, onRetry: this.retry });
  }
}

/** Calls `onRetry` once `state` differs from what it was when the panel failed. */
export function useRetryWhenChanged(state: unknown, onRetry: () => void): void {
  const failedAt = useRef(state);
  useEffect(() => {
    if (state !== failedAt.current) onRetry();
  }, [state, onRetry]);
}

/** A failed panel in place of the panel: what failed, what may clear it, and a button to retry. */
export function PanelFailure({
  name,
  error,
  onRetry,
  hint,
  className = 'panel panel-failed',
}: PanelFailureProps & { hint: string; className?: string }) {
  return (
    <section className={className} aria-label={`${name} (failed)`}>
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
