import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyholdErrorData } from '../../../shared/errors';
import { toError } from '../api';

/** The current time, refreshed every `intervalMs` (relative dates stay true). */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * One async action's progress and outcome: `run` sets busy, keeps the error to show next to
 * the control, and a success message that fades after `messageMs`.
 */
export function useAction(messageMs = 5000) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeyholdErrorData | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  const run = useCallback(
    async <T>(action: () => Promise<T>, success?: (value: T) => string | null): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      setMessage(null);
      clearTimeout(timer.current);
      try {
        const value = await action();
        if (!mounted.current) return value;
        const text = success?.(value) ?? null;
        setMessage(text);
        if (text) timer.current = setTimeout(() => mounted.current && setMessage(null), messageMs);
        return value;
      } catch (err) {
        if (mounted.current) setError(toError(err));
        return undefined;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [messageMs],
  );

  return { run, busy, error, message, setError };
}
