import { useEffect } from 'react';
import { useUi } from './store';
import './Notice.css';

/** A short status line for actions without a button of their own (keyboard copy). */
export function Notice() {
  const notice = useUi((s) => s.notice);
  const clear = useUi((s) => s.clearNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(clear, 5000);
    return () => clearTimeout(timer);
  }, [notice, clear]);
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice ? <p className={`notice notice-${notice.tone}`}>{notice.text}</p> : null}
    </div>
  );
}
