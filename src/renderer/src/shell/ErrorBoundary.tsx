import { Component, type ErrorInfo, type ReactNode } from 'react';
import './ErrorBoundary.css';

interface State {
  error: Error | null;
}

/** Whatever a component throws, the window shows a way back instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Messages only: component state never holds a secret value long enough to matter, but
    // stacks are kept out of the console anyway.
    console.error('Keyhold window error:', error.message, info.componentStack?.split('\n')[1]?.trim());
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="crash" role="alert" aria-labelledby="crash-title">
        <h1 id="crash-title">Something went wrong in this window</h1>
        <p>Your clients and secrets are safe in the vault. Try again, or reload the window.</p>
        <p className="crash-detail">{this.state.error.message}</p>
        <div className="crash-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => this.setState({ error: null })}
          >
            Try again
          </button>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload window
          </button>
        </div>
      </main>
    );
  }
}
