// The Mythic create form: string inputs -> the documented request fields, validated with the
// shared schema so the window rejects exactly what main would.
import { MYTHIC_TEXT_FIELDS, mythicFieldsSchema, type MythicFields } from '../../../../shared/domain';
import { fieldErrors, optional, type FieldErrors } from '../../lib/validation';

export interface MythicFormValues {
  id: string;
  name: string;
  status: boolean;
  domain: string;
  email: string;
  phone: string;
  website: string;
  timezone: string;
  global_name: string;
  company_id: string;
  agency_id: string;
  /** JSON object text. */
  api_metadata: string;
  ghl_location_id: string;
  proxy_api_key: string;
}

export const OPTIONAL_TEXT_FIELDS = MYTHIC_TEXT_FIELDS;

/** The fields under "More options": an error in one opens them. */
export const MORE_OPTION_FIELDS: ReadonlySet<string> = new Set<string>([
  ...OPTIONAL_TEXT_FIELDS,
  'status',
  'api_metadata',
  'proxy_api_key',
]);

export function emptyMythicForm(id = '', name = ''): MythicFormValues {
  return {
    id,
    name,
    status: true,
    domain: '',
    email: '',
    phone: '',
    website: '',
    timezone: '',
    global_name: '',
    company_id: '',
    agency_id: '',
    api_metadata: '',
    ghl_location_id: '',
    proxy_api_key: '',
  };
}

export type BuildResult = { ok: true; value: MythicFields } | { ok: false; errors: FieldErrors };

export function parseMetadata(
  text: string,
): { ok: true; value?: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'Enter a JSON object, e.g. {"plan": "enterprise"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * The request fields for `values`. With `withOptional` false only id and name are sent (the
 * quick create); otherwise every filled optional field, `status` and parsed `api_metadata` too.
 */
export function buildMythicFields(values: MythicFormValues, withOptional: boolean): BuildResult {
  const input: Record<string, unknown> = { id: values.id.trim(), name: values.name.trim() };
  const errors: FieldErrors = {};
  if (withOptional) {
    input.status = values.status;
    for (const key of OPTIONAL_TEXT_FIELDS) input[key] = optional(values[key]);
    const proxy = values.proxy_api_key.trim();
    if (proxy) input.proxy_api_key = proxy;
    const metadata = parseMetadata(values.api_metadata);
    if (metadata.ok) input.api_metadata = metadata.value;
    else errors.api_metadata = metadata.error;
  }
  const parsed = mythicFieldsSchema.safeParse(input);
  if (!parsed.success) Object.assign(errors, { ...fieldErrors(parsed.error), ...errors });
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}
