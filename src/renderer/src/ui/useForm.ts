// What every form dialog keeps while it is filled in and sent: each field's error, the API's error
// (shown by the submit button; it marks the field it names), busy while sending, the first invalid
// field focused after a refused submit, and one submit at a time.
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyholdErrorData } from '../../../shared/errors';
import { toError } from '../api';
import type { FieldErrors } from '../lib/validation';
import { focusFirstInvalid } from './FormField';
import { useMounted } from './hooks';

/** What a form's check found: the input to send, or an error per field. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** `formRef` is the form's: its first invalid field gets the focus. */
export function useForm(formRef: React.RefObject<HTMLFormElement | null>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<KeyholdErrorData | null>(null);
  const apiErrorId = useId();
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [refusals, setRefusals] = useState(0);
  const mounted = useMounted();

  useEffect(() => {
    if (refusals > 0) focusFirstInvalid(formRef.current);
  }, [refusals, formRef]);

  /**
   * Checks, then sends what the check returned; nothing while a send is under way. Resolves with
   * the error `send` rejected with (kept in `apiError` too), or null.
   */
  const submit = async <T>(
    check: () => Checked<T>,
    send: (value: T) => Promise<unknown>,
  ): Promise<KeyholdErrorData | null> => {
    if (sending.current) return null;
    setApiError(null);
    const checked = check();
    if (!checked.ok) {
      setErrors(checked.errors);
      setRefusals((n) => n + 1);
      return null;
    }
    setErrors({});
    sending.current = true;
    setBusy(true);
    try {
      await send(checked.value);
      return null;
    } catch (err) {
      const error = toError(err);
      if (mounted.current) setApiError(error);
      return error;
    } finally {
      sending.current = false;
      if (mounted.current) setBusy(false);
    }
  };

  return {
    errors,
    apiError,
    apiErrorId,
    busy,
    submit,
    /** FormField's error props for `key`: its own error, and the API's when it names `key`. */
    field: (key: string) => ({
      error: errors[key],
      externalErrorId: apiError?.field === key ? apiErrorId : undefined,
    }),
    /** The user changed these fields: their errors go. */
    clearErrors: (...keys: string[]) =>
      setErrors((e) =>
        keys.some((key) => e[key]) ? { ...e, ...Object.fromEntries(keys.map((k) => [k, undefined])) } : e,
      ),
    /** The API's error goes (with `key`, only if it names that field). */
    clearApiError: (key?: string) => setApiError((e) => (key === undefined || e?.field === key ? null : e)),
  };
}
