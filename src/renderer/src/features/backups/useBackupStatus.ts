// Keeps the backup status fresh while the header shows it: now, after every call that may have
// written (a backup follows a few seconds later), every few seconds while one is pending, and
// every minute otherwise (so "more than a day ago" appears when it becomes true).
import { useEffect } from 'react';
import { onStoreWrite } from '../../api';
import { useBackups } from './store';

const PENDING_POLL_MS = 1_500;
const IDLE_POLL_MS = 60_000;

export function useBackupStatus() {
  const status = useBackups((s) => s.status);
  const pending = status?.pending ?? false;

  useEffect(() => {
    const { load } = useBackups.getState();
    void load();
    return onStoreWrite(() => void load());
  }, []);

  useEffect(() => {
    const timer = setInterval(
      () => void useBackups.getState().load(),
      pending ? PENDING_POLL_MS : IDLE_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [pending]);

  return status;
}
