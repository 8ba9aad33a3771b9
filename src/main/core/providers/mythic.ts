// Mythic Analytics: POST {base}/clients, base ending in /api/v1, as Mythic's API reference
// documents it (the fake in test/fakes/mythic-server.ts answers the same way). The id is ours to
// choose; 409 means it is taken.
import { z } from 'zod';
import { MYTHIC_FIELDS } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { suggestMythicId } from '../../../shared/mythic-id';
import type { Fetch } from '../ports';
import { endpoint, postJson } from './http';
import type { CreatedClient, MythicCreateInput, ProviderClient } from './types';

// Optional fields the API may echo as null when they were not set.
const echoedText = z.string().nullish();

export const mythicResponseSchema = z.object({
  success: z.literal(true),
  data: z.object({
    id: z.string().min(1),
    name: z.string(),
    status: z.boolean().nullish(),
    publishable_key: z.string().min(1),
    secret_key: z.string().min(1),
    domain: echoedText,
    email: echoedText,
    phone: echoedText,
    website: echoedText,
    timezone: echoedText,
    global_name: echoedText,
    company_id: echoedText,
    agency_id: echoedText,
    api_metadata: z.record(z.string(), z.json()).nullish(),
    ghl_location_id: echoedText,
    proxy_api_key: echoedText,
    created_at: z.string(),
    updated_at: z.string(),
  }),
});
export type MythicResponse = z.infer<typeof mythicResponseSchema>;

/** Echoed non-secret fields kept as client metadata (keys and id/name are stored elsewhere). */
const METADATA_FIELDS = [
  ...MYTHIC_FIELDS.filter((field) => field !== 'id' && field !== 'name' && field !== 'proxy_api_key'),
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof MythicResponse['data'])[];

export const MYTHIC_CREATE_PATH = '/clients';

export function createMythicClient(deps: { fetch?: Fetch } = {}): ProviderClient<MythicCreateInput> {
  return {
    provider: 'mythic',

    async create(connection, input, options) {
      let response: MythicResponse;
      try {
        response = await postJson(
          {
            provider: 'mythic',
            url: endpoint(connection.baseUrl, MYTHIC_CREATE_PATH),
            token: connection.token,
            connectionLabel: connection.label,
            body: mythicRequestBody(input),
            timeoutMs: options.timeoutMs,
            signal: options.signal,
            fetch: deps.fetch,
            secrets: input.proxy_api_key ? [input.proxy_api_key] : [],
          },
          mythicResponseSchema,
        );
      } catch (err) {
        throw withSuggestion(err, input.id);
      }
      return toCreatedClient(response, input);
    },
  };
}

/** Every documented field that has a value; undefined ones are left out. */
export function mythicRequestBody(input: MythicCreateInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  // Documented request fields only, in the page's order; anything else on the input is not sent.
  for (const key of MYTHIC_FIELDS) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  return body;
}

/** 409: the id is taken. Say which, and offer a fresh one the UI can fill in. */
function withSuggestion(err: unknown, id: string): unknown {
  if (!(err instanceof KeyholdError) || err.data.code !== 'conflict') return err;
  const suggestion = suggestMythicId(id);
  return new KeyholdError({
    ...err.data,
    field: 'id',
    suggestion,
    message: `Mythic Analytics already has a client with the id “${id}” (HTTP 409). Choose another id, for example “${suggestion}”.`,
  });
}

function toCreatedClient({ data }: MythicResponse, input: MythicCreateInput): CreatedClient {
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_FIELDS) {
    if (data[key] !== undefined && data[key] !== null) metadata[key] = data[key];
  }
  const proxyKey = data.proxy_api_key ?? input.proxy_api_key;
  return {
    remoteId: data.id,
    publicId: data.publishable_key,
    name: data.name,
    remoteCreatedAt: data.created_at,
    metadata,
    secrets: { secret_key: data.secret_key, ...(proxyKey ? { proxy_api_key: proxyKey } : {}) },
  };
}
