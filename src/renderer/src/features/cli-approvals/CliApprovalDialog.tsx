// The dialog a keyhold CLI request opens: who asks (as verified by the OS, or as the program
// claims), for what, and Deny / Allow once / Allow for this terminal. Closing it denies.
import { useEffect } from 'react';
import type { CliApproval, ProcessView, Verification } from '../../../../shared/cli-access';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { answerCliApproval, watchCliApprovals } from './actions';
import { useCliApprovals } from './store';
import { useArmed } from './useArmed';
import './cli-approvals.css';

const VERIFIED: Record<Verification, string> = {
  kernel:
    'Linux vouches for this program: its process, user, executable and folder come from the kernel; its command line is what the process shows, which it can change.',
  pid: 'macOS vouches for its process, user and executable; its folder and command line are what the program says.',
  claim:
    'Keyhold cannot check who asks on this system: everything below is what the program says about itself.',
};

const WHAT: Record<CliApproval['command'], string> = {
  list: 'It asks to see the list of your clients: names, ids and field names, no secret.',
  read: 'It asks to read:',
  env: 'It asks to read, as .env lines:',
  run: 'It asks for these values, for the environment of the command it runs:',
  inject: 'It asks for these values, to write them into a file or its output:',
};

/** Mounted once, in App: watches for requests and shows the oldest one waiting. */
export function CliApprovals() {
  const approval = useCliApprovals((s) => s.approvals[0] ?? null);
  const waiting = useCliApprovals((s) => s.approvals.length);
  useEffect(() => watchCliApprovals(), []);
  return approval ? <CliApprovalDialog key={approval.id} approval={approval} more={waiting - 1} /> : null;
}

/** "14:03:22" on the user's own clock. */
const localTime = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function processLine(process: ProcessView): string {
  return [process.name || 'a program', `pid ${process.pid}`].join(', ');
}

function CliApprovalDialog({ approval, more }: { approval: CliApproval; more: number }) {
  const answering = useCliApprovals((s) => s.answering === approval.id);
  const armed = useArmed();
  const error = useCliApprovals((s) => (s.error?.id === approval.id ? s.error.error : null));
  const { program } = approval;
  const values = approval.asks.length;
  const title =
    approval.command === 'list'
      ? `Allow “keyhold list” to see your clients?`
      : approval.command === 'env'
        ? `Allow “keyhold env” to read every field of ${values === 1 ? 'a client' : `${values} clients`}?`
        : `Allow “keyhold ${approval.command}” to read ${values === 1 ? 'a value' : `${values} values`}?`;
  const waitMs = Date.parse(approval.expiresAt) - Date.parse(approval.requestedAt);
  const answer = (decision: 'deny' | 'once' | 'terminal') => void answerCliApproval(approval.id, decision);

  return (
    <Dialog title={title} onClose={() => answer('deny')} size="medium" role="alertdialog">
      <div className="cli-approval">
        <p>{WHAT[approval.command]}</p>
        {values ? (
          <ul className="cli-approval-asks" aria-label="What it asks for">
            {approval.asks.map((ask) => (
              <li key={ask.ref} className={ask.found ? undefined : 'cli-approval-missing'}>
                <code className="mono-value">{ask.ref}</code>
                <span>{ask.description}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <dl className="cli-approval-program" aria-label="The program that asks">
          <dt>Program</dt>
          <dd>
            {processLine(program)}
            {program.parent ? <> — run by {processLine(program.parent)}</> : null}
          </dd>
          <dt>Executable</dt>
          <dd>
            <code className="mono-value">{program.exe || 'unknown'}</code>
          </dd>
          <dt>Arguments</dt>
          <dd>
            <code className="mono-value">{program.args.join(' ') || 'none'}</code>
          </dd>
          <dt>Folder</dt>
          <dd>
            <code className="mono-value">{program.cwd ?? 'unknown'}</code>
          </dd>
        </dl>
        <p className={`cli-approval-verified cli-approval-${program.verified}`}>
          {VERIFIED[program.verified]}
        </p>
        <p className="muted">
          {approval.terminal
            ? `“Allow for this terminal” also answers its next requests from ${approval.terminal} for what this one asks (anything else asks again), until 10 minutes pass without one, 12 hours at most, or the screen locks.`
            : 'It runs in no terminal, so it can be allowed only once.'}{' '}
          Not answered within {Math.round(waitMs / 1000)} seconds (by {localTime(approval.expiresAt)}), it is
          refused.
          {more > 0 ? ` ${more} more waiting.` : ''}
        </p>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button
            type="button"
            className="button"
            onClick={() => answer('deny')}
            disabled={answering}
            data-autofocus
          >
            Deny
          </button>
          <button
            type="button"
            className="button"
            onClick={() => answer('once')}
            disabled={answering || !armed}
          >
            Allow once
          </button>
          {approval.terminal ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => answer('terminal')}
              disabled={answering || !armed}
            >
              Allow for this terminal
            </button>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}
