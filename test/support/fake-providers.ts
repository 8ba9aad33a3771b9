// Fake providers wired to a core: start both fakes, add a connection for each, build create
// inputs, and collect every value that must never leak (tokens and issued secrets).
import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { Core } from '../../src/main/core';
import type { Connection, CreateClientInput, Environment, Provider } from '../../src/shared/domain';
import type { KeyholdErrorData } from '../../src/shared/errors';
import type { FakeServer, FakeServerOptions } from '../fakes/fake-server';
import { startFakeMythic, type FakeMythic } from '../fakes/mythic-server';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { call } from './core';

export const PROVIDER_NAMES: Record<Provider, string> = { weir: 'Weir AI', mythic: 'Mythic Analytics' };

export interface Fakes {
  weir: FakeWeir;
  mythic: FakeMythic;
  of(provider: Provider): FakeServer;
  /** Both tokens and every secret either fake has issued so far. */
  secrets(): string[];
  close(): Promise<void>;
}

export async function startFakes(options: FakeServerOptions = {}): Promise<Fakes> {
  const weir = await startFakeWeir(options);
  const mythic = await startFakeMythic(options);
  return {
    weir,
    mythic,
    of: (provider) => (provider === 'weir' ? weir : mythic),
    secrets: () => [weir, mythic].flatMap((server) => [server.token, ...server.issued.map((s) => s.value)]),
    close: async () => {
      await Promise.all([weir.close(), mythic.close()]);
    },
  };
}

/** An error body in the fake provider's own shape (Weir: top-level; Mythic: under `error`). */
export function providerErrorBody(provider: Provider, message: string, field?: string): object {
  const detail = { message, ...(field ? { field } : {}) };
  return provider === 'weir' ? { status: 'error', ...detail } : { success: false, error: detail };
}

/** Adds a connection for `provider`; url / token default to the fake's own. */
export function addConnection(
  core: Core,
  provider: Provider,
  server: { url: string; token: string },
  label = `${PROVIDER_NAMES[provider]} test`,
): Promise<Connection> {
  return call<Connection>(core, 'addConnection', {
    provider,
    label,
    baseUrl: server.url,
    token: server.token,
  });
}

let sequence = 0;

/** A fresh unique name / Mythic id for one create. */
export function uniqueName(prefix = 'client'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** A valid create input for either provider; `extra` overrides or adds Mythic fields. */
export function createInput(
  provider: Provider,
  connectionId: string,
  environment: Environment = 'development',
  extra: Record<string, unknown> = {},
): CreateClientInput {
  const name = uniqueName(provider);
  const base =
    provider === 'weir'
      ? { provider, connectionId, environment, name }
      : { provider, connectionId, environment, name, id: name };
  return { ...base, ...extra } as CreateClientInput;
}

/** Dispatches and returns the error, failing the test if the call succeeded. */
export async function dispatchError(core: Core, method: string, payload: unknown): Promise<KeyholdErrorData> {
  const result = await core.dispatch(method, payload);
  if (result.ok)
    expect.unreachable(`${method} was expected to fail but returned ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
