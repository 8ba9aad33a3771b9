import { useId, type ReactNode } from 'react';
import './SettingsSection.css';

/** One section of Settings: its title (and a button beside it), then its controls. */
export function SettingsSection({
  title,
  action,
  children,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  const heading = (
    <h3 id={titleId} className="section-title">
      {title}
    </h3>
  );
  return (
    <section className="settings-section" aria-labelledby={titleId}>
      {action ? (
        <div className="section-head">
          {heading}
          {action}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
