// The provider clients by provider name. The core builds its own set with the injected
// fetch port (createProviderClients); the defaults use globalThis.fetch.
import type { Provider } from '../../../shared/domain';
import type { Fetch } from '../ports';
import { createMythicClient, mythicClient } from './mythic';
import type { MythicCreateInput, ProviderClient, WeirCreateInput } from './types';
import { createWeirClient, weirClient } from './weir';

export interface ProviderClients {
  weir: ProviderClient<WeirCreateInput>;
  mythic: ProviderClient<MythicCreateInput>;
}

export function createProviderClients(deps: { fetch?: Fetch } = {}): ProviderClients {
  return { weir: createWeirClient(deps), mythic: createMythicClient(deps) };
}

export const providerClients: ProviderClients = { weir: weirClient, mythic: mythicClient };

export function providerClient<P extends Provider>(
  provider: P,
  clients: ProviderClients = providerClients,
): ProviderClients[P] {
  return clients[provider];
}

export { deriveMythicId, suggestMythicId } from './mythic';
export { postJson, endpoint, type PostJsonRequest } from './http';
export type * from './types';
