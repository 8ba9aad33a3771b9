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
  /**
   * What the base URL's path ends in (Mythic's API version), or must not end in (Weir's create
   * path, which Keyhold adds): the reference pages' URLs are base URL + create path.
   */
  basePath: { endsIn: string } | { notEndingIn: string };
}

export const PROVIDER_INFO: Readonly<Record<Provider, ProviderInfo>> = {
  weir: {
    label: 'Weir AI',
    tokenLabel: 'Access token',
    envPrefix: 'WEIR',
    publicFields: [
      { field: 'remote_id', label: 'Client id', envName: 'CLIENT_RESOURCE_ID' },
      { field: 'client_id', label: 'Credentials client id', envName: 'CLIENT_ID' },
    ],
    secretFields: [{ field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' }],
    baseUrlPresets: [
      { label: 'Production', url: 'https://api.weir.ai' },
      { label: 'Development', url: 'https://api-dev.weir.ai' },
    ],
    basePath: { notEndingIn: '/org/create/client' },
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
    basePath: { endsIn: '/api/v1' },
  },
};

/** A base URL whose path cannot work for its provider: why, and the URL that would. */
export interface BaseUrlProblem {
  message: string;
  /** The one-click fix, as its button says it: "Add /api/v1", "Remove /org/create/client". */
  fixLabel: string;
  fixed: string;
}

/** The base URL's path against its provider's rule; null when it is right (or not a URL yet). */
export function baseUrlProblem(provider: Provider, baseUrl: string): BaseUrlProblem | null {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return null;
  }
  const info = PROVIDER_INFO[provider];
  const path = url.pathname.replace(/\/+$/, '');
  const example = info.baseUrlPresets[0]!.url;
  if ('endsIn' in info.basePath) {
    const { endsIn } = info.basePath;
    if (path.endsWith(endsIn)) return null;
    const message = `A ${info.label} base URL ends in ${endsIn}, e.g. ${example}`;
    // The create path pasted too ("…/api/v1/clients"): cut back to the version.
    const at = path.lastIndexOf(`${endsIn}/`);
    return at >= 0
      ? {
          message,
          fixLabel: `Remove ${path.slice(at + endsIn.length)}`,
          fixed: url.origin + path.slice(0, at + endsIn.length),
        }
      : { message, fixLabel: `Add ${endsIn}`, fixed: url.origin + path + endsIn };
  }
  const { notEndingIn } = info.basePath;
  if (!path.endsWith(notEndingIn)) return null;
  return {
    message: `Leave out ${notEndingIn}: Keyhold adds it. A ${info.label} base URL is e.g. ${example}`,
    fixLabel: `Remove ${notEndingIn}`,
    fixed: url.origin + path.slice(0, -notEndingIn.length),
  };
}
