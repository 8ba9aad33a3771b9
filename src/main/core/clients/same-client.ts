// An import of a client Keyhold already keeps. Same provider and same remote id is the same client
// (as a restore takes it): a second entry would hold a second, possibly stale, copy of its secret.
import type { Environment, Provider } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { Db } from '../store/database';

interface KeptRow {
  name: string;
  environment: Environment;
  connection_id: string | null;
  connection_label: string;
  archived_at: string | null;
}

/** Refuses (on the field remoteId) an import of a client already kept, naming that one. */
export function refuseSameClient(db: Db, input: { provider: Provider; remoteId: string }): void {
  const kept = db
    .prepare(
      `SELECT name, environment, connection_id, connection_label, archived_at FROM clients
       WHERE provider = ? AND remote_id = ? ORDER BY conflict_of IS NOT NULL, rowid LIMIT 1`,
    )
    .get(input.provider, input.remoteId) as KeptRow | undefined;
  if (!kept) return;
  const environment = kept.environment.charAt(0).toUpperCase() + kept.environment.slice(1);
  const archived = kept.archived_at ? ' (archived)' : '';
  const connection = kept.connection_id ? `, connection “${kept.connection_label}”` : '';
  const idLabel = PROVIDER_INFO[input.provider].publicFields[0].label;
  throw new KeyholdError({
    code: 'validation',
    field: 'remoteId',
    message:
      `Keyhold already keeps this client: “${kept.name}”${archived} in ${environment}${connection} has ` +
      `this ${idLabel.toLowerCase()}. Open it there to copy its secret.`,
  });
}
