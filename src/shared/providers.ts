// What Keyhold knows of each provider besides its HTTP call: fixed data, read by the core
// (client details, imports, exports, error messages) and by the window alike. The calls
// themselves are in src/main/core/providers. No zod, no Node: importable from every side.
import type { FieldDescriptor, Provider } from './domain';

export interface ProviderInfo {
  /** The provider's name as the user reads it. */
  label: string;
  /** What the provider calls the credential a connection keeps. */
  tokenLabel: string;
  /** Prefix of "copy as .env" names: `${envPrefix}_${field.envName}`. */
  envPrefix: string;
  /** In display order: the remote id, then the public key / client id. */
  publicFields: readonly [FieldDescriptor, FieldDescriptor];
  /** The first is the one every client has (and the one an import asks for). */
  secretFields: readonly [FieldDescriptor, ...FieldDescriptor[]];
  /** Known hosts offered as presets; any https URL (or loopback http) is accepted. */
  baseUrlPresets: readonly { label: string; url: string }[];
}

export const PROVIDER_INFO: Readonly<Record<Provider, ProviderInfo>> = {
  weir: {
    label: 'Weir AI',
    tokenLabel: 'Access token',
    envPrefix: 'WEIR',
    publicFields: [
      { field: 'remote_id', label: 'Weir client id', envName: 'CLIENT_RESOURCE_ID' },
      { field: 'client_id', label: 'Credentials client ID', envName: 'CLIENT_ID' },
    ],
    secretFields: [{ field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' }],
    baseUrlPresets: [
      { label: 'Production', url: 'https://api.weir.ai' },
      { label: 'Development', url: 'https://api-dev.weir.ai' },
    ],
  },
  mythic: {
    label: 'Mythic Analytics',
    tokenLabel: 'Admin API key',
    envPrefix: 'MYTHIC',
    publicFields: [
      { field: 'remote_id', label: 'Client id', envName: 'CLIENT_ID' },
      { field: 'publishable_key', label: 'Publishable key', envName: 'PUBLISHABLE_KEY' },
    ],
    secretFields: [
      { field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' },
      { field: 'proxy_api_key', label: 'Proxy API key', envName: 'PROXY_API_KEY' },
    ],
    baseUrlPresets: [{ label: 'Production', url: 'https://api.mythic-analytics.com/api/v1' }],
  },
};
