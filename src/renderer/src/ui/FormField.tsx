import { useId, type ReactElement, cloneElement } from 'react';

interface FormFieldProps {
  label: string;
  error?: string | undefined;
  hint?: React.ReactNode;
  /** One input/select/textarea; it gets id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  className?: string;
  /** Marks the control invalid with an error shown elsewhere (e.g. next to the submit button). */
  externalErrorId?: string | undefined;
}

/** A labelled control with its hint, or its error in the hint's place (both would say the rule). */
export function FormField({
  label,
  error,
  hint: givenHint,
  children,
  className,
  externalErrorId,
}: FormFieldProps) {
  const id = useId();
  const hint = error ? undefined : givenHint;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [hint ? hintId : null, error ? errorId : null, externalErrorId ?? null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className={`form-field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      {cloneElement(children, {
        id,
        'aria-invalid': error || externalErrorId ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint ? (
        <p id={hintId} className="form-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Focus the first control marked invalid inside `root`. */
export function focusFirstInvalid(root: HTMLElement | null): void {
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
