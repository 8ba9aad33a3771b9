// Mythic's part of the create form: the client id (derived from the name until typed in), and
// "More options" with every optional field of Mythic's request.
import { FormField } from '../../ui/FormField';
import type { useForm } from '../../ui/useForm';
import { OPTIONAL_TEXT_FIELDS, type MythicFormValues } from './mythic-form';

const OPTIONAL_LABELS: Record<
  (typeof OPTIONAL_TEXT_FIELDS)[number],
  { label: string; hint?: string; type?: string }
> = {
  domain: { label: 'Domain', hint: 'Primary domain for embedded widgets' },
  email: { label: 'Email', type: 'email' },
  phone: { label: 'Phone', type: 'tel' },
  website: { label: 'Website', hint: 'Full URL, e.g. https://acme.example', type: 'url' },
  timezone: { label: 'Time zone', hint: 'IANA name, e.g. America/Los_Angeles' },
  global_name: { label: 'Global name', hint: 'JavaScript identifier for the SDK global' },
  company_id: { label: 'Company id' },
  agency_id: { label: 'Agency id' },
  ghl_location_id: { label: 'GoHighLevel location id' },
};

interface MythicSectionProps {
  values: MythicFormValues;
  change<K extends keyof MythicFormValues>(key: K, value: MythicFormValues[K]): void;
  more: boolean;
  onToggleMore(): void;
  field: ReturnType<typeof useForm>['field'];
}

export function MythicSection({ values, change, more, onToggleMore, field }: MythicSectionProps) {
  const text = (key: keyof MythicFormValues) => ({
    value: values[key] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(key, e.target.value),
  });

  return (
    <>
      <FormField
        label="Client id"
        {...field('id')}
        hint="Letters, digits, hyphens, underscores. Derived from the name; must be unique at Mythic Analytics."
      >
        <input
          className="input input-mono"
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={255}
          {...text('id')}
        />
      </FormField>
      <button
        type="button"
        className="link-button"
        aria-expanded={more}
        aria-controls="mythic-more"
        onClick={onToggleMore}
      >
        {more ? 'Fewer options' : 'More options'}
      </button>
      {more ? (
        <div id="mythic-more" className="form-grid">
          <label className="checkbox-field form-span">
            <input
              type="checkbox"
              checked={values.status}
              onChange={(e) => change('status', e.target.checked)}
              aria-describedby="status-hint"
            />
            Active (status)
            <span id="status-hint" className="form-hint">
              Sent as status: {values.status ? 'true' : 'false'}
            </span>
          </label>
          {OPTIONAL_TEXT_FIELDS.map((key) => (
            <FormField
              key={key}
              label={OPTIONAL_LABELS[key].label}
              hint={OPTIONAL_LABELS[key].hint}
              {...field(key)}
            >
              <input
                className="input"
                type={OPTIONAL_LABELS[key].type ?? 'text'}
                autoComplete="off"
                spellCheck={false}
                {...text(key)}
              />
            </FormField>
          ))}
          <FormField
            label="Proxy API key"
            hint="Stored in the vault like the secret key."
            {...field('proxy_api_key')}
          >
            <input className="input" type="password" autoComplete="off" {...text('proxy_api_key')} />
          </FormField>
          <FormField
            label="API metadata (JSON object)"
            hint='e.g. {"plan": "enterprise", "region": "us-west"}'
            {...field('api_metadata')}
            className="form-span"
          >
            <textarea
              className="input input-mono textarea"
              rows={4}
              spellCheck={false}
              {...text('api_metadata')}
            />
          </FormField>
        </div>
      ) : null}
    </>
  );
}
