// A modal dialog: role=dialog, aria-modal, labelled by its title, focus trapped inside,
// Escape closes, the app behind is inert, focus returns to the opener on close.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './Dialog.css';

const stack: HTMLElement[] = [];

/** True while any dialog is open (global shortcuts stand down). */
export function isDialogOpen(): boolean {
  return stack.length > 0;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[inert]'));
}

function setAppInert(inert: boolean): void {
  const root = document.getElementById('root');
  if (root) root.inert = inert;
}

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Short text under the title (aria-describedby). */
  description?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  role?: 'dialog' | 'alertdialog';
  /** Element to focus first; else the first [data-autofocus], else the first focusable. */
  initialFocus?: React.RefObject<HTMLElement | null>;
}

export function Dialog({
  title,
  onClose,
  children,
  description,
  size = 'medium',
  role = 'dialog',
  initialFocus,
}: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stack.push(el);
    setAppInert(true);
    const first =
      initialFocus?.current ?? el.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(el)[0] ?? el;
    first.focus();

    const onKeyDown = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] !== el) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = focusables(el);
      if (items.length === 0) {
        e.preventDefault();
        el.focus();
        return;
      }
      const firstItem = items[0]!;
      const lastItem = items[items.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey && (active === firstItem || !el.contains(active))) {
        e.preventDefault();
        lastItem.focus();
      } else if (!e.shiftKey && (active === lastItem || !el.contains(active))) {
        e.preventDefault();
        firstItem.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);

    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      const at = stack.indexOf(el);
      if (at >= 0) stack.splice(at, 1);
      if (stack.length === 0) setAppInert(false);
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
      else if (stack.length === 0)
        document.querySelector<HTMLElement>('#client-list, #client-search')?.focus();
    };
    // Mount/unmount only: the opener is whatever had focus when the dialog appeared.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className={`dialog dialog-${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
      >
        {/* A div, not <header>: a dialog's title bar is no page banner (nested dialogs made two). */}
        <div className="dialog-header">
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Close dialog"
            title="Close (Esc)"
            onClick={onClose}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {description ? (
          <div id={descId} className="dialog-description">
            {description}
          </div>
        ) : null}
        <div className="dialog-body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
