// Every reveal, copy and export of a secret and every keyhold CLI request: when, which client and
// field, by whom. Opened from the sidebar (everyone's) or a client's detail panel (its own).
import type { ActivityEntry } from '../../../../shared/activity';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { ENVIRONMENT_LABELS, exactTime, relativeTime } from '../../lib/format';
import { closeActivity, endTerminalApprovals, loadActivity } from './actions';
import { useActivity } from './store';
import './activity.css';

const ACTIONS: Record<ActivityEntry['action'], string> = {
  reveal: 'Revealed',
  copy: 'Copied',
  export: 'Copied',
  cli_read: 'Read by',
  cli_list: 'Clients listed by “keyhold list”',
  cli_denied: 'Denied:',
  cli_no_answer: 'Not answered:',
};

function what(entry: ActivityEntry): string {
  if (entry.action === 'export') return `Copied as ${entry.format === 'json' ? 'JSON' : '.env'}`;
  if (entry.action === 'cli_read' && entry.format === 'env') return 'Read as .env by “keyhold env”';
  const base = ACTIONS[entry.action];
  return entry.command && entry.action !== 'cli_list' ? `${base} “keyhold ${entry.command}”` : base;
}

function subject(entry: ActivityEntry): string {
  if (!entry.clientId) return entry.asked.length ? entry.asked.join(', ') : '—';
  const client = entry.clientName ?? 'a deleted client';
  const where = entry.environment ? ` (${ENVIRONMENT_LABELS[entry.environment]})` : '';
  const field = entry.fieldLabel ?? entry.field;
  return field ? `${field} of ${client}${where}` : `${client}${where}`;
}

function actor(entry: ActivityEntry): string {
  const program = entry.program;
  if (!program) return 'You, in this window';
  const parent = program.parent?.name ? `, run by ${program.parent.name} (pid ${program.parent.pid})` : '';
  const folder = program.cwd ? ` in ${program.cwd}` : '';
  const claimed = program.verified === 'claim' ? ' (as it says)' : '';
  return `${program.name} (pid ${program.pid})${parent}${folder}${claimed}`;
}

export function ActivityDialog() {
  const { open, client, items, nextBefore, loading, error, ended } = useActivity();
  if (!open) return null;
  const title = client ? `Activity of ${client.name}` : 'Activity';
  return (
    <Dialog
      title={title}
      onClose={closeActivity}
      size="large"
      description="Every reveal and copy of a secret (Copy as .env and JSON included), and every request of the keyhold command line. No value is kept."
    >
      <div className="activity-toolbar">
        <button
          type="button"
          className="button button-small"
          onClick={() => void loadActivity()}
          disabled={loading}
        >
          Refresh
        </button>
        {client ? null : (
          <button type="button" className="button button-small" onClick={() => void endTerminalApprovals()}>
            End terminal approvals
          </button>
        )}
        <span className="muted" role="status">
          {ended === null
            ? ''
            : ended === 0
              ? 'No terminal was allowed: nothing to end.'
              : ended === 1
                ? 'Ended 1 terminal approval.'
                : `Ended ${ended} terminal approvals.`}
        </span>
      </div>
      <ErrorText error={error} />
      {items.length === 0 ? (
        <p className="muted activity-empty">{loading ? 'Loading…' : 'Nothing yet.'}</p>
      ) : (
        <table className="activity-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">{client ? 'Field' : 'Client and field'}</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.id} className={entry.action.startsWith('cli_') ? 'activity-cli' : undefined}>
                <td title={exactTime(entry.at)}>{relativeTime(entry.at)}</td>
                <td>{what(entry)}</td>
                <td>
                  {subject(entry)}
                  {entry.provider && !client ? (
                    <span className="muted"> · {PROVIDER_INFO[entry.provider].label}</span>
                  ) : null}
                </td>
                <td className="activity-actor">{actor(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null ? (
        <div className="button-row activity-more">
          <button type="button" className="button" onClick={() => void loadActivity(true)} disabled={loading}>
            Show older
          </button>
        </div>
      ) : null}
    </Dialog>
  );
}
