// A fake Weir AI, built from Weir's API reference:
// POST /org/create/client, bearer token + `x-source: console`, body {name, environment}.
import {
  randomAlnum,
  randomDigits,
  startFakeServer,
  type FakeServer,
  type FakeServerOptions,
  type Reply,
} from './fake-server';

const ENVIRONMENTS = ['production', 'staging', 'development'];

export type FakeWeir = FakeServer;

export function startFakeWeir(options: FakeServerOptions = {}): Promise<FakeWeir> {
  const errorBody = (_status: number, message: string, field?: string) => ({
    status: 'error',
    message,
    ...(field ? { field } : {}),
  });
  const invalid = (message: string, field: string): Reply => ({
    status: 400,
    body: errorBody(400, message, field),
  });

  return startFakeServer(
    {
      basePath: '',
      createPath: '/org/create/client',
      errorBody,
      checkHeaders(request) {
        if (request.headers['x-source'] !== 'console') {
          return invalid('Missing or invalid x-source header (expected "console")', 'x-source');
        }
        return undefined;
      },
      create(body) {
        const { name, environment } = (body ?? {}) as Record<string, unknown>;
        if (typeof name !== 'string' || !name.trim()) return invalid('name is required', 'name');
        if (typeof environment !== 'string' || !ENVIRONMENTS.includes(environment)) {
          return invalid('environment must be one of production, staging, development', 'environment');
        }
        const clientId = `cli_${randomDigits(9)}`;
        const credentials = { clientId: randomAlnum(25), secretKey: randomAlnum(50) };
        return {
          status: 201,
          body: {
            data: {
              clientId,
              name,
              environment,
              credentials,
              createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            },
            message: 'Client created successfully',
            status: 'success',
          },
          secrets: [{ field: 'secretKey', value: credentials.secretKey }],
          // Plausible drift: renamed id, credentials missing.
          wrongShape: { status: 'success', data: { id: clientId, name, environment } },
        };
      },
    },
    options,
  );
}
