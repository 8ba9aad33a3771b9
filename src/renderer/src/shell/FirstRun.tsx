import { FirstRunBackups } from '../features/backups';
import { useUi } from './store';
import './FirstRun.css';

/** No connections and no clients: lead to the first connection, then the first client. */
export function FirstRun() {
  const open = useUi((s) => s.open);
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title" className="first-run-title">
        Welcome to Keyhold
      </h2>
      <p>
        Keyhold creates API clients on Weir AI and Mythic Analytics in one click and keeps each secret in your
        operating system’s vault — the providers show it only once.
      </p>
      <ol className="steps">
        <li>
          <strong>Add a connection</strong>: a Weir AI access token or a Mythic Analytics admin API key.
        </li>
        <li>
          <strong>Create your first client</strong> in Production, Staging or Development.
        </li>
      </ol>
      <button
        type="button"
        className="button button-primary button-large"
        onClick={() => open({ kind: 'addConnection' })}
      >
        Add your first connection
      </button>
      <p className="muted">
        Have clients created before Keyhold?{' '}
        <button type="button" className="link-button" onClick={() => open({ kind: 'import' })}>
          Import a client
        </button>
      </p>
      <FirstRunBackups />
    </section>
  );
}
