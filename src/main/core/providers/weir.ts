// Weir AI: POST {base}/org/create/client, as Weir's API reference documents it (the fake in
// test/fakes/weir-server.ts answers the same way).
import { z } from 'zod';
import { environmentSchema } from '../../../shared/domain';
import type { Fetch } from '../ports';
import { endpoint, postJson } from './http';
import type { CreatedClient, ProviderClient, WeirCreateInput } from './types';

/** The documented success body; anything else is a malformed response. */
export const weirResponseSchema = z.object({
  data: z.object({
    clientId: z.string().min(1),
    name: z.string(),
    environment: environmentSchema,
    credentials: z.object({
      clientId: z.string().min(1),
      secretKey: z.string().min(1),
    }),
    createdAt: z.string(),
  }),
  message: z.string().optional(),
  status: z.literal('success'),
});
export type WeirResponse = z.infer<typeof weirResponseSchema>;

export const WEIR_CREATE_PATH = '/org/create/client';

export function createWeirClient(deps: { fetch?: Fetch } = {}): ProviderClient<WeirCreateInput> {
  return {
    provider: 'weir',

    async create(connection, input, options) {
      const response = await postJson(
        {
          provider: 'weir',
          url: endpoint(connection.baseUrl, WEIR_CREATE_PATH),
          token: connection.token,
          connectionLabel: connection.label,
          // The console header Weir's API requires on every call.
          headers: { 'x-source': 'console' },
          // Only the documented fields, even if the caller passes a wider object.
          body: { name: input.name, environment: input.environment },
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          fetch: deps.fetch,
        },
        weirResponseSchema,
      );
      return toCreatedClient(response);
    },
  };
}

function toCreatedClient({ data, message }: WeirResponse): CreatedClient {
  return {
    remoteId: data.clientId,
    publicId: data.credentials.clientId,
    name: data.name,
    remoteCreatedAt: data.createdAt,
    metadata: { environment: data.environment, ...(message === undefined ? {} : { message }) },
    secrets: { secret_key: data.credentials.secretKey },
  };
}
