// The provider clients by provider name, built with the core's fetch port. What is known of a
// provider without calling it (labels, fields, env prefixes, presets) is in shared/providers.ts.
import type { Fetch } from '../ports';
import { createMythicClient } from './mythic';
import type { MythicCreateInput, ProviderClient, WeirCreateInput } from './types';
import { createWeirClient } from './weir';

export interface ProviderClients {
  weir: ProviderClient<WeirCreateInput>;
  mythic: ProviderClient<MythicCreateInput>;
}

export function createProviderClients(deps: { fetch?: Fetch } = {}): ProviderClients {
  return { weir: createWeirClient(deps), mythic: createMythicClient(deps) };
}

export { postJson, endpoint, type PostJsonRequest } from './http';
export type * from './types';
