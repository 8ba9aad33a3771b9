// A fake Mythic Analytics, built from Mythic's API reference:
// POST /api/v1/clients with an admin bearer key; the caller picks the id; 409 if it exists.
import {
  randomHex,
  startFakeServer,
  type FakeServer,
  type FakeServerOptions,
  type Reply,
} from './fake-server';

export interface FakeMythicOptions extends FakeServerOptions {
  /** Ids that already exist (answer 409). */
  existingIds?: readonly string[];
}

export interface FakeMythic extends FakeServer {
  /** Every id that exists server-side, including ones created by dropped or late requests. */
  ids: Set<string>;
}

const ID_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;
const TEXT_FIELDS = [
  'domain',
  'email',
  'phone',
  'website',
  'timezone',
  'global_name',
  'company_id',
  'agency_id',
  'ghl_location_id',
  'proxy_api_key',
] as const;

type Body = Record<string, unknown>;

export async function startFakeMythic(options: FakeMythicOptions = {}): Promise<FakeMythic> {
  const ids = new Set(options.existingIds ?? []);
  const errorBody = (_status: number, message: string, field?: string) => ({
    success: false,
    error: { message, ...(field ? { field } : {}) },
  });
  const invalid = (message: string, field?: string): Reply => ({
    status: 422,
    body: errorBody(422, message, field),
  });

  const server = await startFakeServer(
    {
      basePath: '/api/v1',
      createPath: '/clients',
      errorBody,
      create(raw) {
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
          return invalid('Request body must be a JSON object');
        }
        const body = raw as Body;
        const problem = validate(body);
        if (problem) return invalid(problem.message, problem.field);
        const id = body.id as string;
        if (ids.has(id)) {
          return { status: 409, body: errorBody(409, `Client with id '${id}' already exists`) };
        }
        ids.add(id);
        return created(body);
      },
    },
    options,
  );
  return Object.assign(server, { ids });
}

function created(body: Body): Reply {
  const now = new Date().toISOString();
  const echo = Object.fromEntries(TEXT_FIELDS.map((field) => [field, body[field] ?? null]));
  const data = {
    id: body.id,
    name: body.name,
    status: body.status ?? true,
    publishable_key: `pk_${randomHex(32)}`,
    secret_key: `sk_${randomHex(32)}`,
    ...echo,
    api_metadata: body.api_metadata ?? null,
    created_at: now,
    updated_at: now,
  };
  const secrets = [{ field: 'secret_key', value: data.secret_key }];
  if (typeof body.proxy_api_key === 'string')
    secrets.push({ field: 'proxy_api_key', value: body.proxy_api_key });
  return {
    status: 201,
    body: { success: true, data },
    secrets,
    // Plausible drift: a different envelope and no keys.
    wrongShape: { success: true, client: { id: body.id, name: body.name } },
  };
}

function validate(body: Body): { message: string; field?: string } | undefined {
  if (typeof body.id !== 'string' || !ID_PATTERN.test(body.id)) {
    return { field: 'id', message: 'id must match ^[a-zA-Z0-9_-]{1,255}$' };
  }
  if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 255) {
    return { field: 'name', message: 'name must be between 1 and 255 characters' };
  }
  if (body.status !== undefined && typeof body.status !== 'boolean') {
    return { field: 'status', message: 'status must be a boolean' };
  }
  for (const field of TEXT_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return { field, message: `${field} must be a string` };
    }
  }
  if (typeof body.email === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email)) {
    return { field: 'email', message: 'email must be a valid email address' };
  }
  if (typeof body.website === 'string' && !isHttpUrl(body.website)) {
    return { field: 'website', message: 'website must be a valid URI' };
  }
  if (typeof body.timezone === 'string' && !isTimeZone(body.timezone)) {
    return { field: 'timezone', message: 'timezone must be an IANA timezone identifier' };
  }
  const metadata = body.api_metadata;
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
  ) {
    return { field: 'api_metadata', message: 'api_metadata must be an object' };
  }
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
