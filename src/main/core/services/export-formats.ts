import { stripControlCharacters, type ClientDetail } from '../../../shared/domain';
import type { FieldDescriptor } from '../providers/types';

export interface ExportSecret {
  descriptor: FieldDescriptor;
  value: string;
}

/** `PREFIX_NAME=value` lines, e.g. WEIR_CLIENT_ID / WEIR_SECRET_KEY. */
export function toDotenv(client: ClientDetail, envPrefix: string, secrets: ExportSecret[]): string {
  const line = (name: string, value: string) => `${envPrefix}_${name}=${quote(value)}`;
  return [
    // A newline in a name must not inject lines into the file.
    `# ${stripControlCharacters(client.name)} (${client.provider}, ${client.environment}) — exported by Keyhold`,
    ...client.publicFields.map((field) => line(field.envName, field.value)),
    ...secrets.map((secret) => line(secret.descriptor.envName, secret.value)),
    '',
  ].join('\n');
}

export function toJson(client: ClientDetail, secrets: ExportSecret[]): string {
  const document = {
    provider: client.provider,
    environment: client.environment,
    name: client.name,
    ...Object.fromEntries(client.publicFields.map((field) => [field.field, field.value])),
    ...Object.fromEntries(secrets.map((secret) => [secret.descriptor.field, secret.value])),
  };
  return JSON.stringify(document, null, 2);
}

/** Quote only when a value would not survive a dotenv parser unquoted. */
function quote(value: string): string {
  return /^[A-Za-z0-9_\-.:/+=@]*$/.test(value) ? value : JSON.stringify(value);
}
