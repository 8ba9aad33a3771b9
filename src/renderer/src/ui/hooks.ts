import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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

/** Whole seconds left until `until` (epoch ms), counting down each second; 0 once passed or unset. */
export function useSecondsUntil(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    const tick = () => setNow(Date.now());
    // At once too: `now` may be from long before this wait began.
    const first = setTimeout(tick, 0);
    const timer = setInterval(() => {
      tick();
      if (Date.now() >= until) clearInterval(timer);
    }, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
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

/** A ref that is true while the component is mounted (async work checks it before setting state). */
export function useMounted(): React.RefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/** True once `active` has held for `ms` without a break; false again as soon as it ends. */
export function useAfter(active: boolean, ms: number): boolean {
  // One token per stretch of `active`: the timer of an earlier stretch cannot mark this one.
  const stretch = useMemo(() => (active ? {} : null), [active]);
  const [elapsed, setElapsed] = useState<object | null>(null);
  useEffect(() => {
    if (!stretch) return;
    const timer = setTimeout(() => setElapsed(stretch), ms);
    return () => clearTimeout(timer);
  }, [stretch, ms]);
  return stretch !== null && elapsed === stretch;
}
